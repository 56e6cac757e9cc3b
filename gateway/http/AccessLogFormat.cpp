#include "AccessLogFormat.h"

#include <QDateTime>
#include <QString>

namespace s3c {

namespace {

void appendQString(QByteArray &out, const QString &s)
{
    // Most names are ASCII: escaped straight from UTF-16, without a UTF-8 copy.
    bool ascii = true;
    for (const QChar c : s) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        AccessLogFormat::appendString(out, s.toLatin1());
    else
        // toUtf8() turns a lone surrogate into U+FFFD: the output is always valid UTF-8.
        AccessLogFormat::appendString(out, s.toUtf8());
}

// Bytes from the wire (user agent, method): valid UTF-8 passes, anything else is replaced.
void appendWireBytes(QByteArray &out, QByteArrayView bytes)
{
    bool ascii = true;
    for (const char c : bytes) {
        if (uchar(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        AccessLogFormat::appendString(out, bytes);
    else
        appendQString(out, QString::fromUtf8(bytes));
}

void appendField(QByteArray &out, const char *name)
{
    out += ',';
    out += '"';
    out += name;
    out += "\":";
}

QByteArray addressText(const QHostAddress &address)
{
    if (address.isNull())
        return {};
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; log them as a.b.c.d.
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4).toString().toLatin1();
    return address.toString().toLatin1();
}

} // namespace

void AccessLogFormat::appendString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    qsizetype plainFrom = 0;
    const qsizetype n = utf8.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        out.append(utf8.data() + plainFrom, i - plainFrom);
        plainFrom = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            // DEL is legal JSON but a terminal control: escaped like the C0 controls.
            const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(esc, sizeof esc);
        }
        }
    }
    out.append(utf8.data() + plainFrom, n - plainFrom);
    out += '"';
}

void AccessLogFormat::appendTime(QByteArray &out, qint64 msSinceEpoch)
{
    // Floor division: a time before 1970 still gets a millisecond part 0..999.
    const qint64 second = msSinceEpoch >= 0 ? msSinceEpoch / 1000 : -((-msSinceEpoch + 999) / 1000);
    const int ms = int(msSinceEpoch - second * 1000);
    if (second != m_second) {
        m_second = second;
        m_secondText = QDateTime::fromSecsSinceEpoch(second, Qt::UTC)
                           .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss."))
                           .toLatin1();
    }
    const char digits[] = {char('0' + ms / 100), char('0' + ms / 10 % 10), char('0' + ms % 10), 'Z', '"'};
    out += '"';
    out += m_secondText;
    out.append(digits, sizeof digits);
}

void AccessLogFormat::appendLine(QByteArray &out, const AccessRecord &r)
{
    out += "{\"time\":";
    appendTime(out, r.startMs);
    appendField(out, "remote");
    if (r.remote != m_remote || m_remoteText.isNull()) {
        m_remote = r.remote;
        m_remoteText = addressText(r.remote);
        if (m_remoteText.isNull())
            m_remoteText = QByteArray("");
    }
    appendString(out, m_remoteText);
    appendField(out, "access_key");
    appendQString(out, r.accessKey);
    appendField(out, "method");
    appendWireBytes(out, r.method);
    appendField(out, "operation");
    appendString(out, r.operation ? QByteArrayView(r.operation) : QByteArrayView());
    appendField(out, "bucket");
    appendQString(out, r.bucket);
    appendField(out, "key");
    appendQString(out, r.key);
    appendField(out, "status");
    out += QByteArray::number(r.status);
    appendField(out, "bytes_in");
    out += QByteArray::number(r.bytesIn);
    appendField(out, "bytes_out");
    out += QByteArray::number(r.bytesOut);
    appendField(out, "duration_ms");
    out += QByteArray::number(double(r.durationNs) / 1e6, 'f', 3);
    appendField(out, "backend");
    appendWireBytes(out, r.backend);
    appendField(out, "request_id");
    appendWireBytes(out, r.requestId);
    appendField(out, "user_agent");
    QByteArrayView agent = r.userAgent;
    if (agent.size() > kMaxUserAgentBytes) {
        // Cut on a UTF-8 character boundary, never inside a multi-byte sequence.
        qsizetype cut = kMaxUserAgentBytes;
        while (cut > 0 && (uchar(agent[cut]) & 0xc0) == 0x80)
            --cut;
        agent = agent.first(cut);
    }
    appendWireBytes(out, agent);
    appendField(out, "complete");
    out += r.complete ? "true" : "false";
    out += "}\n";
}

} // namespace s3c
