#pragma once

// Shared by the cascade's scenario tests: a MultiBackend over FaultBackends with a hand-moved
// clock, and the calls the tests make through any Backend.

#include "Await.h"
#include "FaultBackend.h"
#include "FaultBody.h"
#include "ManualClock.h"
#include "backends/multi/MultiBackend.h"
#include "stats/Statistics.h"

#include <QMap>
#include <QTest>

#include <algorithm>
#include <memory>

namespace s3c::testing {

using Mode = FaultBackend::Mode;

inline const QString kBucket = QStringLiteral("bucket");

// Options without the read caches (location and miss), for tests that count who each read
// asks, or change a backend's objects behind the gateway's back.
inline MultiOptions noCache()
{
    MultiOptions o;
    o.locationCacheTtlMs = 0;
    o.missCacheTtlMs = 0;
    return o;
}

// Three (or n) FaultBackends behind one MultiBackend with a hand-moved clock.
struct Rig
{
    explicit Rig(int n = 3, MultiOptions options = {})
    {
        QList<Backend *> list;
        for (int i = 0; i < n; ++i) {
            b.append(new FaultBackend(QStringLiteral("b%1").arg(i + 1)));
            list.append(b.last());
        }
        multi = std::make_unique<MultiBackend>(list, options, nullptr, clock);
    }
    ~Rig()
    {
        multi.reset();
        qDeleteAll(b);
    }
    BackendStatsSnapshot stats(int i) const { return multi->statistics()->snapshot().backends.at(i); }

    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    QList<FaultBackend *> b;
    std::unique_ptr<MultiBackend> multi;
};

inline Result<GetObjectResult> get(Backend &backend, const QString &key, bool head = false,
                                   GetObjectRequest req = {})
{
    req.bucket = req.bucket.isEmpty() ? kBucket : req.bucket;
    req.key = key;
    req.headOnly = head;
    auto r = await<GetObjectResult>([&](auto cb) { backend.getObject(req, cb); });
    // Tests that only look at the head leave the body: the application frees it at exit, so a
    // leak checker reports only what the code under test loses.
    if (r.ok() && r->body && !r->body->parent())
        r->body->setParent(QCoreApplication::instance());
    return r;
}

// Starts a GetObject of `key` and leaves it in flight: `pending` gets the answer when it comes.
inline void startGet(Backend &backend, const QString &key, Pending<GetObjectResult> &pending)
{
    GetObjectRequest req;
    req.bucket = kBucket;
    req.key = key;
    backend.getObject(req, pending.callback());
}

// Reads a download body to its end (or its failure), as the HTTP layer would.
inline QByteArray bodyOf(GetObjectResult &r, bool *broke = nullptr)
{
    std::unique_ptr<QIODevice> body(r.body);
    r.body = nullptr;
    if (!body)
        return {};
    QByteArray out;
    auto *stream = qobject_cast<BodyStream *>(body.get());
    bool failed = false;
    if (!stream) {
        // A file body may run past a range: the HTTP layer sends only the announced length.
        out = body->read(r.range ? r.range->length() : r.info.size);
    } else {
        const bool ended = QTest::qWaitFor(
            [&] {
                QByteArray chunk;
                while (!(chunk = stream->read(4096)).isEmpty())
                    out += chunk;
                failed = stream->hasFailed();
                return failed || stream->isFinished();
            },
            5000);
        if (!ended)
            QTest::qFail("the body neither ended nor failed", __FILE__, __LINE__);
    }
    if (broke)
        *broke = failed;
    return out;
}

inline Result<ObjectInfo> put(Backend &backend, const QString &key, const QByteArray &data,
                              bool breakBody = false, const QString &bucket = kBucket)
{
    FaultBody body(data, breakBody);
    PutObjectRequest req;
    req.bucket = bucket;
    req.key = key;
    req.body = &body;
    return await<ObjectInfo>([&](auto cb) { backend.putObject(req, cb); });
}

inline Status del(Backend &backend, const QString &key, const QString &bucket = kBucket)
{
    return await<Done>([&](auto cb) { backend.deleteObject(bucket, key, cb); });
}

struct Entry
{
    QString name;
    bool prefix = false;
    bool operator==(const Entry &o) const { return name == o.name && prefix == o.prefix; }
};

// The listing S3 would give for the union of all keys, computed the slow, obvious way.
inline QList<Entry> bruteForce(const QStringList &keys, const QString &prefix, const QString &delimiter)
{
    QMap<QByteArray, Entry> entries; // QByteArray keys: UTF-8 byte order
    for (const QString &key : keys) {
        if (!key.startsWith(prefix))
            continue;
        const qsizetype at = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.size());
        const Entry e = at < 0 ? Entry{key, false} : Entry{key.left(at + delimiter.size()), true};
        entries.insert(e.name.toUtf8(), e);
    }
    return entries.values();
}

// Walks every page as a client does, checking each page's own promises on the way.
inline QList<Entry> walk(Backend &backend, const QString &prefix, const QString &delimiter, int maxKeys,
                         bool *ok)
{
    QList<Entry> out;
    ListObjectsRequest req;
    req.bucket = kBucket;
    req.prefix = prefix;
    req.delimiter = delimiter;
    req.maxKeys = maxKeys;
    *ok = false;
    for (int page = 0; page < 500; ++page) {
        auto r = await<ListObjectsResult>([&](auto cb) { backend.listObjects(req, cb); });
        if (!r.ok() || r->objects.size() + r->commonPrefixes.size() > maxKeys)
            return out;
        QList<Entry> entries;
        for (const ObjectInfo &o : r->objects)
            entries.append({o.key, false});
        for (const QString &p : r->commonPrefixes)
            entries.append({p, true});
        std::sort(entries.begin(), entries.end(),
                  [](const Entry &a, const Entry &b) { return a.name.toUtf8() < b.name.toUtf8(); });
        out += entries;
        if (!r->truncated) {
            *ok = true;
            return out;
        }
        if (entries.isEmpty() || r->nextMarker != entries.last().name)
            return out;
        req.startAfter = r->nextMarker;
    }
    return out;
}

} // namespace s3c::testing
