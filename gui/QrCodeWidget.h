#pragma once

#include <QImage>
#include <QWidget>

namespace s3c {

// Shows a text (a presigned URL) as a QR code, drawn with Debian's libqrencode.
class QrCodeWidget : public QWidget
{
    Q_OBJECT
public:
    explicit QrCodeWidget(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    // One pixel per module, quiet zone included; null when the text does not fit a QR code.
    QImage image() const { return m_image; }
    bool hasCode() const { return !m_image.isNull(); }

    // The code as an image, or a null image when the text is empty or too long (more than
    // version 40 can hold: 2331 bytes at error-correction level M).
    static QImage encode(const QString &text);

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
    QImage m_image;
};

} // namespace s3c
