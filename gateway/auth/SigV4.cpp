#include "SigV4.h"

#include "Crypto.h"
#include "http/HttpDate.h"

#include <QLocale>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <limits>
#include <list>

namespace s3c::sigv4 {

namespace {

bool isUnreserved(uchar c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// RFC 3986 section 2: characters that may stand in a request target as they are.
bool isUriChar(uchar c)
{
    return isUnreserved(c) || QByteArrayView("!$&'()*+,;=:@/%").contains(char(c));
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

constexpr char kHex[] = "0123456789ABCDEF"; // SigV4 wants upper-case escapes

void appendEscaped(QByteArray &out, uchar c)
{
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
}

// RFC 3986 section 5.2.4 remove_dot_segments, plus merging of empty segments ("//"), as the
// generic SigV4 signers do for normalize=true; never used for S3.
QByteArray normalizePath(QByteArrayView path)
{
    QList<QByteArrayView> kept;
    const QList<QByteArray> segments = path.toByteArray().split('/');
    for (const QByteArray &segment : segments) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!kept.isEmpty())
                kept.removeLast();
            continue;
        }
        kept.append(segment);
    }
    QByteArray out = "/";
    for (qsizetype i = 0; i < kept.size(); ++i) {
        if (i)
            out += '/';
        out += kept.at(i);
    }
    const bool directory = path.endsWith('/') || path.endsWith("/.") || path.endsWith("/..");
    if (directory && out.size() > 1)
        out += '/';
    return out;
}

} // namespace

QByteArray uriEncode(QByteArrayView bytes, bool encodeSlash)
{
    // Written through a pointer into a buffer of the worst-case size: every signed request and
    // every verified one encodes its path and query, a byte at a time.
    QByteArray out(bytes.size() * 3, Qt::Uninitialized);
    char *p = out.data();
    for (const char ch : bytes) {
        const auto c = uchar(ch);
        if (isUnreserved(c) || (c == '/' && !encodeSlash)) {
            *p++ = ch;
        } else {
            *p++ = '%';
            *p++ = kHex[c >> 4];
            *p++ = kHex[c & 0xF];
        }
    }
    out.truncate(p - out.constData());
    return out;
}

QByteArray percentDecode(QByteArrayView bytes, bool plusAsSpace)
{
    QByteArray out(bytes.size(), Qt::Uninitialized);
    char *p = out.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '%' && i + 2 < bytes.size() && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
            *p++ = char(hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]));
            i += 2;
        } else {
            *p++ = c == '+' && plusAsSpace ? ' ' : c;
        }
    }
    out.truncate(p - out.constData());
    return out;
}

QByteArray canonicalUri(QByteArrayView rawPath, PathMode mode)
{
    if (rawPath.isEmpty())
        return QByteArrayLiteral("/");
    switch (mode) {
    case PathMode::S3Raw: {
        QByteArray out;
        out.reserve(rawPath.size());
        for (const char ch : rawPath) {
            if (isUriChar(uchar(ch)))
                out += ch;
            else
                appendEscaped(out, uchar(ch));
        }
        return out;
    }
    case PathMode::Normalized:
        return uriEncode(normalizePath(rawPath), false);
    case PathMode::Encoded:
        return uriEncode(rawPath, false);
    }
    return rawPath.toByteArray();
}

namespace {

// Calls fn(rawName, rawValue) for each non-empty '&'-separated piece, without copying.
template <class Fn>
void forEachRawParameter(QByteArrayView rawQuery, Fn fn)
{
    qsizetype start = 0;
    while (start <= rawQuery.size()) {
        qsizetype end = rawQuery.indexOf('&', start);
        if (end < 0)
            end = rawQuery.size();
        const QByteArrayView piece = rawQuery.sliced(start, end - start);
        if (!piece.isEmpty()) {
            const qsizetype eq = piece.indexOf('=');
            fn(eq < 0 ? piece : piece.first(eq), eq < 0 ? QByteArrayView() : piece.sliced(eq + 1));
        }
        start = end + 1;
    }
}

// True when decoding `raw` and encoding it again with uriEncode(…, true) gives `raw` itself: only
// unreserved characters, and escapes in upper case of bytes that are not unreserved. What SDKs put
// into presigned URLs almost always is; such a piece can be used as it stands.
bool isCanonicallyEncoded(QByteArrayView raw)
{
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const auto c = uchar(raw[i]);
        if (isUnreserved(c))
            continue;
        if (c != '%' || i + 2 >= raw.size())
            return false;
        const char hi = raw[i + 1];
        const char lo = raw[i + 2];
        const bool upperHex = ((hi >= '0' && hi <= '9') || (hi >= 'A' && hi <= 'F')) &&
                              ((lo >= '0' && lo <= '9') || (lo >= 'A' && lo <= 'F'));
        if (!upperHex || isUnreserved(uchar(hexValue(hi) * 16 + hexValue(lo))))
            return false;
        i += 2;
    }
    return true;
}

bool lessBytes(QByteArrayView a, QByteArrayView b)
{
    // memcmp must not see the null data() of an empty view, even with length 0 (C11 7.24.1;
    // UBSan under fuzz_sigv4_query found it with an empty query parameter name).
    const size_t n = size_t(qMin(a.size(), b.size()));
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c != 0 ? c < 0 : a.size() < b.size();
}

} // namespace

QList<QueryParameter> parseQuery(QByteArrayView rawQuery)
{
    constexpr bool plusAsSpace = true; // the one meaning of '+' in a query (SigV4.h)
    QList<QueryParameter> out;
    forEachRawParameter(rawQuery, [&](QByteArrayView name, QByteArrayView value) {
        out.append({percentDecode(name, plusAsSpace), percentDecode(value, plusAsSpace)});
    });
    return out;
}

QByteArray canonicalQuery(const QList<QueryParameter> &parameters, QByteArrayView exclude)
{
    QList<std::pair<QByteArray, QByteArray>> encoded;
    encoded.reserve(parameters.size());
    for (const QueryParameter &p : parameters) {
        if (!exclude.isEmpty() && p.name == exclude)
            continue;
        encoded.append({uriEncode(p.name, true), uriEncode(p.value, true)});
    }
    // Sorted by encoded name, then value, in byte order (not as "name=value" strings: "Param"
    // must sort before "Param-3").
    std::sort(encoded.begin(), encoded.end());
    QByteArray out;
    for (const auto &[name, value] : std::as_const(encoded)) {
        if (!out.isEmpty())
            out += '&';
        out += name + '=' + value;
    }
    return out;
}

QByteArray canonicalQuery(QByteArrayView rawQuery, QByteArrayView exclude)
{
    // The same result as canonicalQuery(parseQuery(rawQuery), exclude), but every signed request
    // pays for it: pieces already in canonical form are used where they stand, only the others
    // are decoded (with parseQuery's meaning of '+') and encoded again.
    constexpr bool plusAsSpace = true;
    struct Piece
    {
        QByteArrayView name;
        QByteArrayView value;
    };
    QVarLengthArray<Piece, 16> pieces;
    std::list<QByteArray> owned; // re-encoded pieces; stable addresses for the views
    const auto canonical = [&](QByteArrayView raw) -> QByteArrayView {
        if (isCanonicallyEncoded(raw)) // never true with a '+' in it, whatever it stands for
            return raw;
        owned.push_back(uriEncode(percentDecode(raw, plusAsSpace), true));
        return owned.back();
    };
    // Encoded names compare like decoded ones: encoding is one-to-one.
    const QByteArray excluded = exclude.isEmpty() ? QByteArray() : uriEncode(exclude, true);
    qsizetype total = 0;
    forEachRawParameter(rawQuery, [&](QByteArrayView rawName, QByteArrayView rawValue) {
        const QByteArrayView name = canonical(rawName);
        if (!excluded.isEmpty() && name == QByteArrayView(excluded))
            return;
        const QByteArrayView value = canonical(rawValue);
        pieces.append({name, value});
        total += name.size() + value.size() + 2;
    });
    std::sort(pieces.begin(), pieces.end(), [](const Piece &a, const Piece &b) {
        if (a.name != b.name)
            return lessBytes(a.name, b.name);
        return lessBytes(a.value, b.value);
    });
    QByteArray out;
    out.reserve(total);
    for (const Piece &p : pieces) {
        if (!out.isEmpty())
            out += '&';
        out.append(p.name).append('=').append(p.value);
    }
    return out;
}

namespace {

// Appends `value` trimmed, with every run of blanks folded to one space. Written through a
// pointer: every signed and every verified request passes each signed header through here.
void appendCanonicalValue(QByteArray &out, QByteArrayView value)
{
    value = value.trimmed();
    const qsizetype start = out.size();
    out.resize(start + value.size());
    char *p = out.data() + start;
    bool blank = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            blank = true;
            continue;
        }
        if (blank)
            *p++ = ' ';
        blank = false;
        *p++ = c;
    }
    out.truncate(p - out.constData());
}

} // namespace

QByteArray canonicalHeaderValue(QByteArrayView value)
{
    QByteArray out;
    appendCanonicalValue(out, value);
    return out;
}

QByteArray canonicalHeaders(const QList<HttpHeader> &headers, const QList<QByteArray> &signedHeaders)
{
    qsizetype size = 0;
    for (const HttpHeader &h : headers)
        size += h.name.size() + h.value.size() + 3;
    QByteArray out;
    out.reserve(size);
    for (const QByteArray &name : signedHeaders) {
        out += name;
        out += ':';
        bool first = true;
        for (const HttpHeader &h : headers) {
            if (!h.hasName(name))
                continue;
            if (!first)
                out += ',';
            appendCanonicalValue(out, h.value);
            first = false;
        }
        out += '\n';
    }
    return out;
}

QByteArray signedHeadersList(const QList<QByteArray> &signedHeaders)
{
    return signedHeaders.join(';');
}

QList<QByteArray> sortedHeaderNames(const QList<HttpHeader> &headers)
{
    QList<QByteArray> names;
    for (const HttpHeader &h : headers) {
        const QByteArray lower = h.name.toLower();
        if (!names.contains(lower))
            names.append(lower);
    }
    std::sort(names.begin(), names.end());
    return names;
}

QByteArray canonicalRequest(QByteArrayView method, QByteArrayView canonicalUri, QByteArrayView canonicalQuery,
                            QByteArrayView canonicalHeaders, QByteArrayView signedHeaders,
                            QByteArrayView payloadHash)
{
    QByteArray out;
    out.reserve(method.size() + canonicalUri.size() + canonicalQuery.size() + canonicalHeaders.size() +
                signedHeaders.size() + payloadHash.size() + 8);
    out.append(method).append('\n');
    out.append(canonicalUri).append('\n');
    out.append(canonicalQuery).append('\n');
    out.append(canonicalHeaders).append('\n');
    out.append(signedHeaders).append('\n');
    out.append(payloadHash);
    return out;
}

QByteArray amzDate(const QDateTime &time)
{
    // Every signed request asks for the current second, twice: the last answer is kept per
    // thread. By hand: QDateTime::toString with a format goes through QLocale.
    thread_local qint64 cachedSecs = std::numeric_limits<qint64>::min();
    thread_local QByteArray cached;
    const qint64 secs = time.toSecsSinceEpoch();
    if (secs == cachedSecs)
        return cached;
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
    const QDate d = utc.date();
    const QTime t = utc.time();
    char buf[24];
    const int n = qsnprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", d.year(), d.month(), d.day(),
                            t.hour(), t.minute(), t.second());
    cached = QByteArray(buf, n);
    cachedSecs = secs;
    return cached;
}

QByteArray scopeDate(const QDateTime &time)
{
    return amzDate(time).left(8);
}

std::optional<QDateTime> parseAmzDate(QByteArrayView text)
{
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    for (qsizetype i = 0; i < 15; ++i) {
        if (i != 8 && (text[i] < '0' || text[i] > '9'))
            return std::nullopt;
    }
    const auto number = [&](qsizetype from, qsizetype n) { return text.sliced(from, n).toInt(); };
    const QDate date(number(0, 4), number(4, 2), number(6, 2));
    const QTime time(number(9, 2), number(11, 2), number(13, 2));
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

std::optional<QDateTime> parseHttpDate(QByteArrayView text)
{
    if (const std::optional<qint64> secs = HttpDate::parse(text.trimmed()))
        return QDateTime::fromSecsSinceEpoch(*secs, Qt::UTC);
    // A Date header with a numeric zone ("+0000") is RFC 2822, not HTTP, but some clients send it.
    const QDateTime parsed = QDateTime::fromString(QString::fromLatin1(text.trimmed()), Qt::RFC2822Date);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

QByteArray credentialScope(QByteArrayView date, QByteArrayView region, QByteArrayView service)
{
    QByteArray out;
    out.append(date).append('/').append(region).append('/').append(service).append('/').append(kTerminator);
    return out;
}

QByteArray stringToSign(QByteArrayView timestamp, QByteArrayView scope, QByteArrayView canonicalRequest)
{
    QByteArray out;
    out.append(kAlgorithm).append('\n').append(timestamp).append('\n').append(scope).append('\n');
    out.append(Crypto::sha256Hex(canonicalRequest));
    return out;
}

QByteArray signingKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                      QByteArrayView service)
{
    const QByteArray kSecret = QByteArrayLiteral("AWS4") + secret.toByteArray();
    const QByteArray kDate = Crypto::hmacSha256(kSecret, date);
    const QByteArray kRegion = Crypto::hmacSha256(kDate, region);
    const QByteArray kService = Crypto::hmacSha256(kRegion, service);
    return Crypto::hmacSha256(kService, kTerminator);
}

QByteArray signature(QByteArrayView signingKey, QByteArrayView stringToSign)
{
    return Crypto::toHex(Crypto::hmacSha256(signingKey, stringToSign));
}

QByteArray chunkStringToSign(QByteArrayView timestamp, QByteArrayView scope, QByteArrayView previousSignature,
                             QByteArrayView chunkSha256Hex)
{
    QByteArray out;
    out.append("AWS4-HMAC-SHA256-PAYLOAD\n").append(timestamp).append('\n').append(scope).append('\n');
    out.append(previousSignature).append('\n').append(Crypto::emptySha256Hex()).append('\n');
    out.append(chunkSha256Hex);
    return out;
}

QByteArray trailerStringToSign(QByteArrayView timestamp, QByteArrayView scope,
                               QByteArrayView previousSignature, QByteArrayView trailerSha256Hex)
{
    QByteArray out;
    out.append("AWS4-HMAC-SHA256-TRAILER\n").append(timestamp).append('\n').append(scope).append('\n');
    out.append(previousSignature).append('\n').append(trailerSha256Hex);
    return out;
}

} // namespace s3c::sigv4
