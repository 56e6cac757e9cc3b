#include "SigV2.h"

#include "Crypto.h"

#include <QMap>

#include <algorithm>
#include <array>

namespace s3c::sigv2 {

namespace {

// botocore/auth.py HmacV1Auth.QSAOfInterest (the documented list plus newer sub-resources).
constexpr std::array<std::string_view, 35> kSubresources = {
    "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle",
    "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy",
    "replication", "requestPayment", "response-cache-control", "response-content-disposition",
    "response-content-encoding", "response-content-language", "response-content-type",
    "response-expires", "restore", "select", "select-type", "storageClass", "tagging", "torrent",
    "uploadId", "uploads", "versionId", "versioning", "versions", "website",
};

// RFC 9110 section 5.5: obs-fold was already refused by the parser; runs of spaces and tabs
// inside a value become one space, as "unfolding" in the SigV2 rules asks.
QByteArray unfold(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool space = false;
    for (const char c : value.trimmed()) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace

QByteArray canonicalAmzHeaders(const QList<HttpHeader> &headers)
{
    QMap<QByteArray, QByteArrayList> amz; // sorted by lower-cased name, values in request order
    for (const HttpHeader &h : headers) {
        const QByteArray name = h.name.toLower();
        if (name.startsWith("x-amz-"))
            amz[name].append(unfold(h.value));
    }
    QByteArray out;
    for (auto it = amz.cbegin(); it != amz.cend(); ++it)
        out += it.key() + ':' + it.value().join(',') + '\n';
    return out;
}

bool isSubresource(QByteArrayView name)
{
    const std::string_view n(name.data(), size_t(name.size()));
    return std::find(kSubresources.begin(), kSubresources.end(), n) != kSubresources.end();
}

QByteArray canonicalResource(QByteArrayView virtualHostBucket, QByteArrayView rawPath,
                             const QList<sigv4::QueryParameter> &query)
{
    QByteArray out;
    if (!virtualHostBucket.isEmpty())
        out += '/' + virtualHostBucket.toByteArray();
    out += rawPath;
    QList<const sigv4::QueryParameter *> subs;
    for (const sigv4::QueryParameter &p : query) {
        if (isSubresource(p.name))
            subs.append(&p);
    }
    // Stable: two parameters of one name keep their order, as Python's sort does for botocore.
    std::stable_sort(subs.begin(), subs.end(), [](const auto *a, const auto *b) { return a->name < b->name; });
    for (qsizetype i = 0; i < subs.size(); ++i) {
        out += i == 0 ? '?' : '&';
        out += subs[i]->name;
        if (!subs[i]->value.isEmpty())
            out += '=' + subs[i]->value;
    }
    return out;
}

QByteArray stringToSign(QByteArrayView method, QByteArrayView contentMd5, QByteArrayView contentType,
                        QByteArrayView dateOrExpires, QByteArrayView amzHeaders, QByteArrayView resource)
{
    QByteArray out;
    out.reserve(method.size() + contentMd5.size() + contentType.size() + dateOrExpires.size() + amzHeaders.size() +
                resource.size() + 4);
    out += method;
    out += '\n';
    out += contentMd5;
    out += '\n';
    out += contentType;
    out += '\n';
    out += dateOrExpires;
    out += '\n';
    out += amzHeaders;
    out += resource;
    return out;
}

QByteArray signature(QByteArrayView secret, QByteArrayView stringToSign)
{
    return Crypto::hmacSha1(secret, stringToSign).toBase64();
}

} // namespace s3c::sigv2
