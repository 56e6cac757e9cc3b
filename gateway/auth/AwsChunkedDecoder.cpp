#include "AwsChunkedDecoder.h"

#include <QList>

namespace s3c {

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

AwsChunkedDecoder::AwsChunkedDecoder(Sink *sink) : m_sink(sink)
{
}

Status AwsChunkedDecoder::fail(S3Error error, const QString &message)
{
    m_failed = true;
    return Failure{error, message};
}

Status AwsChunkedDecoder::takeLine(QByteArrayView &data, bool &complete)
{
    const qsizetype lf = data.indexOf('\n');
    const qsizetype take = lf < 0 ? data.size() : lf;
    if (m_line.size() + take > kMaxLineBytes)
        return fail(S3Error::InvalidRequest,
                    QStringLiteral("An aws-chunked header or trailer line is longer than %1 bytes.")
                        .arg(kMaxLineBytes));
    m_line.append(data.first(take));
    if (lf < 0) {
        data = {};
        complete = false;
        return Done{};
    }
    data = data.sliced(lf + 1);
    if (!m_line.endsWith('\r'))
        return fail(S3Error::InvalidRequest, QStringLiteral("An aws-chunked line does not end with CRLF."));
    m_line.chop(1);
    // A bare CR or a NUL inside a line is no valid chunk header or trailer field (RFC 9112
    // section 2.2), and a trailer value may be stored and sent back as a response header:
    // fuzz_aws_chunked found CR passed through into a trailer value.
    if (m_line.contains('\r') || m_line.contains('\0'))
        return fail(S3Error::InvalidRequest, QStringLiteral("An aws-chunked line holds a bare CR or a NUL."));
    complete = true;
    return Done{};
}

Status AwsChunkedDecoder::headerLine()
{
    // chunk-size [ ";chunk-signature=" signature ] (other extensions are ignored, as in RFC 9112
    // chunked coding).
    const QByteArray line = std::exchange(m_line, {});
    const QList<QByteArray> parts = line.split(';');
    const QByteArray sizeText = parts.first().trimmed();
    if (sizeText.isEmpty() || sizeText.size() > 15)
        return fail(S3Error::InvalidRequest, QStringLiteral("Invalid aws-chunked chunk size."));
    qint64 size = 0;
    for (const char c : sizeText) {
        const int digit = hexDigit(c);
        if (digit < 0)
            return fail(S3Error::InvalidRequest, QStringLiteral("Invalid aws-chunked chunk size."));
        size = size * 16 + digit;
    }
    QByteArray signature;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray extension = parts[i].trimmed();
        if (extension.startsWith("chunk-signature="))
            signature = extension.sliced(16);
    }
    if (Status s = m_sink->chunkStarted(size, signature); !s) {
        m_failed = true;
        return s;
    }
    if (size > 0) {
        m_remaining = size;
        m_state = State::Data;
        return Done{};
    }
    m_state = State::Trailer;
    if (Status s = m_sink->chunkFinished(); !s) {
        m_failed = true;
        return s;
    }
    return Done{};
}

Status AwsChunkedDecoder::trailerLine()
{
    const QByteArray line = std::exchange(m_line, {});
    Status s = Done{};
    if (line.isEmpty()) {
        m_state = State::Done;
        s = m_sink->finished();
    } else {
        m_trailerBytes += int(line.size());
        if (m_trailerBytes > kMaxTrailerBytes)
            return fail(
                S3Error::InvalidRequest,
                QStringLiteral("The aws-chunked trailer is longer than %1 bytes.").arg(kMaxTrailerBytes));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(S3Error::InvalidRequest, QStringLiteral("Malformed aws-chunked trailer line."));
        m_sawTrailer = true;
        s = m_sink->trailer(line.first(colon).trimmed().toLower(), line.sliced(colon + 1).trimmed());
    }
    if (!s)
        m_failed = true;
    return s;
}

Status AwsChunkedDecoder::feed(QByteArrayView data)
{
    if (m_failed)
        return Failure{S3Error::InvalidRequest, QStringLiteral("The aws-chunked body was already refused.")};
    while (!data.isEmpty()) {
        switch (m_state) {
        case State::Header:
        case State::Trailer: {
            bool complete = false;
            if (Status s = takeLine(data, complete); !s)
                return s;
            if (!complete)
                return Done{};
            if (Status s = m_state == State::Header ? headerLine() : trailerLine(); !s)
                return s;
            break;
        }
        case State::Data: {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, data.size()));
            if (Status s = m_sink->chunkData(data.first(n)); !s) {
                m_failed = true;
                return s;
            }
            data = data.sliced(n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::DataCr;
            break;
        }
        case State::DataCr:
        case State::DataLf: {
            const char expected = m_state == State::DataCr ? '\r' : '\n';
            if (data.front() != expected)
                return fail(
                    S3Error::InvalidRequest,
                    QStringLiteral("aws-chunked chunk data is not followed by CRLF (wrong chunk size?)."));
            data = data.sliced(1);
            if (m_state == State::DataCr) {
                m_state = State::DataLf;
                break;
            }
            m_state = State::Header;
            if (Status s = m_sink->chunkFinished(); !s) {
                m_failed = true;
                return s;
            }
            break;
        }
        case State::Done:
            return fail(S3Error::InvalidRequest, QStringLiteral("Data follows the final aws-chunked chunk."));
        }
    }
    return Done{};
}

Status AwsChunkedDecoder::endOfInput()
{
    if (m_failed)
        return Failure{S3Error::InvalidRequest, QStringLiteral("The aws-chunked body was already refused.")};
    if (m_state == State::Done)
        return Done{};
    // Tolerated: the final zero-size chunk without the closing empty line and no trailer.
    if (m_state == State::Trailer && m_line.isEmpty() && !m_sawTrailer) {
        m_state = State::Done;
        if (Status s = m_sink->finished(); !s) {
            m_failed = true;
            return s;
        }
        return Done{};
    }
    return fail(S3Error::IncompleteBody,
                m_state == State::Trailer
                    ? QStringLiteral("The aws-chunked body ended inside its trailer.")
                    : QStringLiteral("The aws-chunked body ended before its final chunk."));
}

} // namespace s3c
