#pragma once

#include "CorsTypes.h"
#include "http/HttpRequest.h"

#include <optional>

namespace s3c {

// Which CORS rule allows a request, and the Access-Control-* headers that says so ("How Amazon
// S3 evaluates the CORS configuration on a bucket": the first rule whose AllowedOrigin matches
// Origin, whose AllowedMethod has the method and, for a preflight, whose AllowedHeader entries
// cover every name in Access-Control-Request-Headers). Pure functions; nothing here reads a
// request byte into a header without checking it.
class CorsEvaluator
{
public:
    struct Match
    {
        int rule = -1;
        bool anyOrigin = false; // matched by an AllowedOrigin of exactly "*"
    };

    // A preflight (OPTIONS object): origin, Access-Control-Request-Method and the requested
    // header names (lowercased, see parseHeaderList).
    static std::optional<Match> matchPreflight(const CorsConfiguration &config, QByteArrayView origin,
                                               QByteArrayView method, const QList<QByteArray> &headers);
    // An actual request: origin and its own method; headers are not checked (the browser did
    // that with the preflight).
    static std::optional<Match> matchActual(const CorsConfiguration &config, QByteArrayView origin,
                                            QByteArrayView method);

    // One optional '*' standing for any run of characters.
    static bool wildcardMatch(QByteArrayView pattern, QByteArrayView value);
    // Access-Control-Request-Headers: a comma-separated list of field names (Fetch standard),
    // lowercased; std::nullopt when an entry is not a token.
    static std::optional<QList<QByteArray>> parseHeaderList(QByteArrayView value);
    // Whether an Origin value may be echoed: printable ASCII without blanks or commas, as the
    // serialisation of an origin (RFC 6454 section 6.2) always is.
    static bool isEchoableOrigin(QByteArrayView origin);

    static QList<HttpHeader> preflightHeaders(const CorsRule &rule, const Match &match, const QByteArray &origin,
                                              const QList<QByteArray> &requestHeaders);
    static QList<HttpHeader> actualHeaders(const CorsRule &rule, const Match &match, const QByteArray &origin);
    // What every response to a request with Origin carries when the bucket has rules: the
    // headers of the first matching rule, else just Vary: Origin (a cache must not hand this
    // answer to another origin).
    static QList<HttpHeader> forActualRequest(const CorsConfiguration &config, const QByteArray &origin,
                                              QByteArrayView method);

    // The rule --cors-origin stands for: these origins, every method S3 allows, any header,
    // ETag readable.
    static CorsConfiguration defaultConfiguration(const QList<QByteArray> &origins);
};

} // namespace s3c
