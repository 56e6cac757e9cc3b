// Draws the application's icons into resources/icons/ (run by hand: the PNGs are committed).
//   cmake --build build --target s3c_draw_icons && build/resources/s3c_draw_icons resources/icons
// Simple flat shapes on purpose: they must stay legible at 16 px in a tray.
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

#include <functional>

namespace {

const QColor kInk(0x2b, 0x3a, 0x55);
const QColor kBlue(0x2f, 0x6f, 0xd6);
const QColor kTeal(0x1f, 0xa3, 0x8a);
const QColor kAmber(0xe8, 0xa3, 0x17);
const QColor kGrey(0x8a, 0x93, 0xa0);
const QColor kRed(0xd6, 0x45, 0x45);

void drum(QPainter &p, QRectF r, const QColor &fill)
{
    // A storage drum: body plus a lighter elliptic lid, the usual "database" glyph.
    const qreal lid = r.height() * 0.28;
    QPainterPath body;
    body.moveTo(r.left(), r.top() + lid / 2);
    body.lineTo(r.left(), r.bottom() - lid / 2);
    body.arcTo(QRectF(r.left(), r.bottom() - lid, r.width(), lid), 180, 180);
    body.lineTo(r.right(), r.top() + lid / 2);
    body.closeSubpath();
    p.setPen(QPen(kInk, r.width() / 16.0));
    p.setBrush(fill);
    p.drawPath(body);
    p.setBrush(fill.lighter(135));
    p.drawEllipse(QRectF(r.left(), r.top(), r.width(), lid));
}

void appIcon(QPainter &p, qreal s)
{
    // Three drums stepping down to the right: reads cascade from the primary to the fallbacks.
    drum(p, QRectF(s * 0.06, s * 0.06, s * 0.46, s * 0.36), kBlue);
    drum(p, QRectF(s * 0.27, s * 0.33, s * 0.46, s * 0.36), kTeal);
    drum(p, QRectF(s * 0.48, s * 0.60, s * 0.46, s * 0.36), kAmber);
}

void statusDot(QPainter &p, qreal s, const QColor &c)
{
    p.setPen(QPen(Qt::white, s * 0.05));
    p.setBrush(c);
    p.drawEllipse(QRectF(s * 0.02, s * 0.58, s * 0.40, s * 0.40));
}

void overviewIcon(QPainter &p, qreal s)
{
    // A gauge.
    p.setPen(QPen(kInk, s * 0.08, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    p.drawArc(QRectF(s * 0.1, s * 0.18, s * 0.8, s * 0.8), 0, 180 * 16);
    p.setPen(QPen(kBlue, s * 0.08, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(s * 0.5, s * 0.58), QPointF(s * 0.72, s * 0.36));
    p.setBrush(kInk);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QPointF(s * 0.5, s * 0.58), s * 0.08, s * 0.08);
    p.setPen(QPen(kInk, s * 0.08, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(s * 0.1, s * 0.82), QPointF(s * 0.9, s * 0.82));
}

void backendsIcon(QPainter &p, qreal s)
{
    drum(p, QRectF(s * 0.14, s * 0.06, s * 0.72, s * 0.40), kBlue);
    drum(p, QRectF(s * 0.14, s * 0.52, s * 0.72, s * 0.40), kTeal);
}

void presignIcon(QPainter &p, qreal s)
{
    // Two chain links.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(kBlue, s * 0.11));
    p.save();
    p.translate(s * 0.5, s * 0.5);
    p.rotate(-45);
    p.drawRoundedRect(QRectF(-s * 0.46, -s * 0.15, s * 0.52, s * 0.30), s * 0.15, s * 0.15);
    p.setPen(QPen(kInk, s * 0.11));
    p.drawRoundedRect(QRectF(-s * 0.06, -s * 0.15, s * 0.52, s * 0.30), s * 0.15, s * 0.15);
    p.restore();
}

void statisticsIcon(QPainter &p, qreal s)
{
    p.setPen(Qt::NoPen);
    p.setBrush(kBlue);
    p.drawRect(QRectF(s * 0.12, s * 0.50, s * 0.18, s * 0.38));
    p.setBrush(kTeal);
    p.drawRect(QRectF(s * 0.41, s * 0.22, s * 0.18, s * 0.66));
    p.setBrush(kAmber);
    p.drawRect(QRectF(s * 0.70, s * 0.38, s * 0.18, s * 0.50));
    p.setPen(QPen(kInk, s * 0.06));
    p.drawLine(QPointF(s * 0.06, s * 0.90), QPointF(s * 0.94, s * 0.90));
}

void logIcon(QPainter &p, qreal s)
{
    p.setPen(QPen(kInk, s * 0.06));
    p.setBrush(Qt::white);
    p.drawRoundedRect(QRectF(s * 0.14, s * 0.06, s * 0.72, s * 0.88), s * 0.06, s * 0.06);
    const QColor lines[] = {kBlue, kGrey, kRed, kGrey, kTeal};
    for (int i = 0; i < 5; ++i) {
        p.setPen(QPen(lines[i], s * 0.06, Qt::SolidLine, Qt::RoundCap));
        const qreal y = s * (0.22 + i * 0.14);
        p.drawLine(QPointF(s * 0.26, y), QPointF(s * (i % 2 ? 0.62 : 0.74), y));
    }
}

void copyIcon(QPainter &p, qreal s)
{
    p.setPen(QPen(kInk, s * 0.07));
    p.setBrush(Qt::white);
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.12, s * 0.50, s * 0.58), s * 0.06, s * 0.06);
    p.setBrush(QColor(0xdc, 0xe8, 0xfa));
    p.drawRoundedRect(QRectF(s * 0.38, s * 0.30, s * 0.50, s * 0.58), s * 0.06, s * 0.06);
}

void eyeIcon(QPainter &p, qreal s)
{
    QPainterPath eye;
    eye.moveTo(s * 0.06, s * 0.5);
    eye.quadTo(s * 0.5, s * 0.05, s * 0.94, s * 0.5);
    eye.quadTo(s * 0.5, s * 0.95, s * 0.06, s * 0.5);
    p.setPen(QPen(kInk, s * 0.07));
    p.setBrush(Qt::white);
    p.drawPath(eye);
    p.setBrush(kBlue);
    p.drawEllipse(QPointF(s * 0.5, s * 0.5), s * 0.15, s * 0.15);
}

void cloudIcon(QPainter &p, qreal s)
{
    // An S3-compatible service: somewhere else, reached over the network.
    QPainterPath cloud;
    cloud.setFillRule(Qt::WindingFill); // simplified() then merges the shapes into one outline
    cloud.addEllipse(QRectF(s * 0.10, s * 0.38, s * 0.36, s * 0.36));
    cloud.addEllipse(QRectF(s * 0.28, s * 0.18, s * 0.44, s * 0.44));
    cloud.addEllipse(QRectF(s * 0.54, s * 0.36, s * 0.36, s * 0.36));
    cloud.addRoundedRect(QRectF(s * 0.10, s * 0.52, s * 0.80, s * 0.24), s * 0.12, s * 0.12);
    p.setPen(QPen(kInk, s * 0.06));
    p.setBrush(QColor(0xdc, 0xe8, 0xfa));
    p.drawPath(cloud.simplified());
}

void folderIcon(QPainter &p, qreal s)
{
    // A local directory.
    QPainterPath folder;
    folder.moveTo(s * 0.08, s * 0.22);
    folder.lineTo(s * 0.38, s * 0.22);
    folder.lineTo(s * 0.46, s * 0.32);
    folder.lineTo(s * 0.92, s * 0.32);
    folder.lineTo(s * 0.92, s * 0.82);
    folder.lineTo(s * 0.08, s * 0.82);
    folder.closeSubpath();
    p.setPen(QPen(kInk, s * 0.06, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(kAmber);
    p.drawPath(folder);
    p.setBrush(kAmber.lighter(125));
    p.drawRect(QRectF(s * 0.08, s * 0.42, s * 0.84, s * 0.40));
}

bool render(const QString &dir, const QString &name, int size,
            const std::function<void(QPainter &, qreal)> &draw)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    draw(p, size);
    p.end();
    return image.save(dir + QLatin1Char('/') + name);
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(dir);
    bool ok = true;
    // The sizes the GUI embeds (16, 32, 64, 256) and the other hicolor sizes the package installs
    // (installer/linux); installer/linux/io.github.s3cascade.S3cascade.svg is the same drawing.
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512})
        ok &= render(dir, QStringLiteral("s3cascade-%1.png").arg(size), size, appIcon);
    ok &= render(dir, QStringLiteral("tray-running.png"), 64, [](QPainter &p, qreal s) {
        appIcon(p, s);
        statusDot(p, s, kTeal);
    });
    ok &= render(dir, QStringLiteral("tray-stopped.png"), 64, [](QPainter &p, qreal s) {
        p.setOpacity(0.55);
        appIcon(p, s);
        p.setOpacity(1.0);
        statusDot(p, s, kRed);
    });
    ok &= render(dir, QStringLiteral("page-overview.png"), 64, overviewIcon);
    ok &= render(dir, QStringLiteral("page-backends.png"), 64, backendsIcon);
    ok &= render(dir, QStringLiteral("page-presign.png"), 64, presignIcon);
    ok &= render(dir, QStringLiteral("page-statistics.png"), 64, statisticsIcon);
    ok &= render(dir, QStringLiteral("page-log.png"), 64, logIcon);
    ok &= render(dir, QStringLiteral("backend-s3.png"), 64, cloudIcon);
    ok &= render(dir, QStringLiteral("backend-local.png"), 64, folderIcon);
    ok &= render(dir, QStringLiteral("action-copy.png"), 64, copyIcon);
    ok &= render(dir, QStringLiteral("action-reveal.png"), 64, eyeIcon);
    return ok ? 0 : 1;
}
