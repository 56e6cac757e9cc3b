#include "CorsEvaluator.h"

namespace s3c {

namespace {

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool originMatch(const CorsRule &rule, QByteArrayView origin, bool *anyOrigin)
{
    for (const QByteArray &pattern : rule.allowedOrigins) {
        if (CorsEvaluator::wildcardMatch(pattern, origin)) {
            *anyOrigin = pattern == "*";
            return true;
        }
    }
    return false;
}

bool headerAllowed(const CorsRule &rule, QByteArrayView header)
{
    for (const QByteArray &pattern : rule.allowedHeaders) {
        if (CorsEvaluator::wildcardMatch(pattern, header))
            return true;
    }
    return false;
}

QByteArray joined(const QList<QByteArray> &values)
{
    QByteArray out;
    for (const QByteArray &v : values) {
        if (!out.isEmpty())
            out += ", ";
        out += v;
    }
    return out;
}

// Origin and credentials: "*" where the rule allows any origin (a browser refuses credentials
// with "*"), else the checked origin itself.
void addOrigin(QList<HttpHeader> &out, const CorsEvaluator::Match &match, const QByteArray &origin)
{
    if (match.anyOrigin) {
        out.append({QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*")});
    } else {
        out.append({QByteArrayLiteral("Access-Control-Allow-Origin"), origin});
        out.append({QByteArrayLiteral("Access-Control-Allow-Credentials"), QByteArrayLiteral("true")});
    }
}

void addRuleHeaders(QList<HttpHeader> &out, const CorsRule &rule)
{
    out.append({QByteArrayLiteral("Access-Control-Allow-Methods"), joined(rule.allowedMethods)});
    if (!rule.exposeHeaders.isEmpty())
        out.append({QByteArrayLiteral("Access-Control-Expose-Headers"), joined(rule.exposeHeaders)});
    if (rule.maxAgeSeconds >= 0)
        out.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArray::number(rule.maxAgeSeconds)});
}

} // namespace

bool CorsEvaluator::wildcardMatch(QByteArrayView pattern, QByteArrayView value)
{
    const qsizetype star = pattern.indexOf('*');
    if (star < 0)
        return pattern == value;
    const QByteArrayView prefix = pattern.first(star);
    const QByteArrayView suffix = pattern.sliced(star + 1);
    return value.size() >= prefix.size() + suffix.size() && value.startsWith(prefix) && value.endsWith(suffix);
}

std::optional<QList<QByteArray>> CorsEvaluator::parseHeaderList(QByteArrayView value)
{
    QList<QByteArray> out;
    if (value.size() > 8192)
        return std::nullopt;
    for (const QByteArray &entry : value.toByteArray().split(',')) {
        const QByteArray piece = entry.trimmed();
        if (piece.isEmpty())
            continue; // "a, , b" and a trailing comma: empty list elements (RFC 9110 section 5.6.1)
        for (const char c : piece) {
            if (!isTokenChar(c))
                return std::nullopt;
        }
        out.append(piece.toLower());
    }
    return out;
}

bool CorsEvaluator::isEchoableOrigin(QByteArrayView origin)
{
    if (origin.isEmpty() || origin.size() > 1024)
        return false;
    for (const char c : origin) {
        if (uchar(c) < 0x21 || uchar(c) > 0x7e || c == ',' || c == '"' || c == '\\')
            return false;
    }
    return true;
}

std::optional<CorsEvaluator::Match> CorsEvaluator::matchPreflight(const CorsConfiguration &config,
                                                                  QByteArrayView origin, QByteArrayView method,
                                                                  const QList<QByteArray> &headers)
{
    if (!isEchoableOrigin(origin))
        return std::nullopt;
    for (qsizetype i = 0; i < config.rules.size(); ++i) {
        const CorsRule &rule = config.rules.at(i);
        Match match{int(i), false};
        if (!originMatch(rule, origin, &match.anyOrigin) || !rule.allowedMethods.contains(method))
            continue;
        bool all = true;
        for (const QByteArray &h : headers) {
            if (!headerAllowed(rule, h)) {
                all = false;
                break;
            }
        }
        if (all)
            return match;
    }
    return std::nullopt;
}

std::optional<CorsEvaluator::Match> CorsEvaluator::matchActual(const CorsConfiguration &config,
                                                               QByteArrayView origin, QByteArrayView method)
{
    if (!isEchoableOrigin(origin))
        return std::nullopt;
    for (qsizetype i = 0; i < config.rules.size(); ++i) {
        const CorsRule &rule = config.rules.at(i);
        Match match{int(i), false};
        if (originMatch(rule, origin, &match.anyOrigin) && rule.allowedMethods.contains(method))
            return match;
    }
    return std::nullopt;
}

QList<HttpHeader> CorsEvaluator::preflightHeaders(const CorsRule &rule, const Match &match,
                                                  const QByteArray &origin, const QList<QByteArray> &requestHeaders)
{
    QList<HttpHeader> out;
    addOrigin(out, match, origin);
    addRuleHeaders(out, rule);
    // The names asked for, each one checked to be a token and allowed by the rule.
    if (!requestHeaders.isEmpty())
        out.append({QByteArrayLiteral("Access-Control-Allow-Headers"), joined(requestHeaders)});
    out.append({QByteArrayLiteral("Vary"),
                QByteArrayLiteral("Origin, Access-Control-Request-Headers, Access-Control-Request-Method")});
    return out;
}

QList<HttpHeader> CorsEvaluator::actualHeaders(const CorsRule &rule, const Match &match, const QByteArray &origin)
{
    QList<HttpHeader> out;
    addOrigin(out, match, origin);
    addRuleHeaders(out, rule);
    out.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    return out;
}

QList<HttpHeader> CorsEvaluator::forActualRequest(const CorsConfiguration &config, const QByteArray &origin,
                                                  QByteArrayView method)
{
    const auto match = matchActual(config, origin, method);
    if (!match)
        return {{QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")}};
    return actualHeaders(config.rules.at(match->rule), *match, origin);
}

CorsConfiguration CorsEvaluator::defaultConfiguration(const QList<QByteArray> &origins)
{
    CorsConfiguration config;
    if (origins.isEmpty())
        return config;
    CorsRule rule;
    rule.id = QStringLiteral("cors-origin");
    rule.allowedOrigins = origins;
    rule.allowedMethods = {"GET", "PUT", "POST", "DELETE", "HEAD"};
    rule.allowedHeaders = {"*"};
    rule.exposeHeaders = {"ETag"};
    config.rules.append(rule);
    return config;
}

} // namespace s3c
