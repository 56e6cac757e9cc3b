#include "HttpRequest.h"

namespace s3c {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray joined;
    bool found = false;
    for (const HttpHeader &h : headers) {
        if (h.hasName(name)) {
            if (found)
                joined += ',';
            joined += h.value;
            found = true;
        }
    }
    return joined;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const HttpHeader &h : headers) {
        if (h.hasName(name))
            return true;
    }
    return false;
}

QByteArray HttpRequest::rawPath() const
{
    const qsizetype q = rawTarget.indexOf('?');
    return q < 0 ? rawTarget : rawTarget.left(q);
}

QByteArray HttpRequest::rawQuery() const
{
    const qsizetype q = rawTarget.indexOf('?');
    return q < 0 ? QByteArray() : rawTarget.mid(q + 1);
}

} // namespace s3c
