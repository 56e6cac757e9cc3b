#include "HttpClientRequest.h"

namespace s3c {

QByteArray HttpClientRequest::rawHeader(QByteArrayView name) const
{
    for (const HttpHeader &h : headers) {
        if (h.hasName(name))
            return h.value;
    }
    return {};
}

QByteArray HttpClientRequest::url() const
{
    return origin.toEncoded(QUrl::FullyEncoded | QUrl::RemovePath | QUrl::RemoveQuery) + target;
}

} // namespace s3c
