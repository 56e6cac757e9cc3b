#include "RequestIds.h"

#include <QRandomGenerator>

namespace s3c {

namespace {

struct ThreadIds
{
    quint64 start = QRandomGenerator::global()->generate64();
    quint64 counter = 0;
    QByteArray host = [] {
        quint32 words[6];
        QRandomGenerator::global()->fillRange(words);
        return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
    }();
};

ThreadIds &ids()
{
    thread_local ThreadIds t;
    return t;
}

quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

QByteArray RequestIds::next()
{
    ThreadIds &t = ids();
    quint64 v = splitmix64(t.start + t.counter++);
    static const char kHex[] = "0123456789ABCDEF";
    QByteArray out(16, Qt::Uninitialized);
    char *p = out.data() + 16;
    for (int i = 0; i < 16; ++i, v >>= 4)
        *--p = kHex[v & 0xf];
    return out;
}

QByteArray RequestIds::hostId()
{
    return ids().host;
}

} // namespace s3c
