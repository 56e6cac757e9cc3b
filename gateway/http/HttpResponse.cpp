#include "HttpResponse.h"

namespace s3c {

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&](const HttpHeader &h) { return h.hasName(name); });
    headers.append({name, value});
}

void HttpResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const HttpHeader &h : headers) {
        if (h.hasName(name))
            return h.value;
    }
    return {};
}

} // namespace s3c
