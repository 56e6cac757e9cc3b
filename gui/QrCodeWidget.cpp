#include "QrCodeWidget.h"

#include <QPainter>

#include <qrencode.h>

#include <memory>

namespace s3c {

namespace {

// ISO/IEC 18004 asks for a quiet zone of four modules around the symbol; phone scanners fail
// noticeably more often without it.
constexpr int kQuietZone = 4;

} // namespace

QrCodeWidget::QrCodeWidget(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(160, 160);
}

QImage QrCodeWidget::encode(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QByteArray utf8 = text.toUtf8();
    // Level M (15 % recovery) is the usual compromise for screens; 8-bit mode keeps the URL's
    // case (alphanumeric mode would force upper case, which breaks the signature).
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(utf8.size()), reinterpret_cast<const unsigned char *>(utf8.constData()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return {};
    const int width = code->width;
    QImage image(width + 2 * kQuietZone, width + 2 * kQuietZone, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (code->data[y * width + x] & 1) // bit 0: dark module (qrencode.h)
                image.setPixel(x + kQuietZone, y + kQuietZone, 1);
        }
    }
    return image;
}

void QrCodeWidget::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_image = encode(text);
    update();
}

QSize QrCodeWidget::sizeHint() const
{
    return {240, 240};
}

void QrCodeWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   m_text.isEmpty() ? tr("No URL yet") : tr("Too long for a QR code"));
        return;
    }
    // Whole pixels per module: scaled codes with blurred edges scan badly.
    const int side = qMin(width(), height());
    const int scale = qMax(1, side / m_image.width());
    const int drawn = scale * m_image.width();
    const QRect target((width() - drawn) / 2, (height() - drawn) / 2, drawn, drawn);
    p.drawImage(target, m_image);
}

} // namespace s3c
