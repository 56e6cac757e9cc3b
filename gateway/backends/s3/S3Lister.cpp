#include "S3Lister.h"

#include "S3Client.h"
#include "S3ResponseXml.h"

#include <QPointer>

namespace s3c {

struct S3Lister::State
{
    QPointer<S3Client> client;
    ListObjectsRequest request; // bucket is the backend's
    Callback<ListObjectsResult> done;
    QString continuationToken;
    int rounds = 0;
};

namespace {

// S3 orders keys by their UTF-8 bytes.
bool utf8Less(const QString &a, const QString &b)
{
    return a.toUtf8() < b.toUtf8();
}

// The marker itself and everything before it were returned already.
bool seen(const QString &entry, const QString &marker)
{
    return !marker.isEmpty() && !utf8Less(marker, entry);
}

constexpr int kMaxRounds = 64;

} // namespace

void S3Lister::start(S3Client *client, const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    auto state = std::make_shared<State>();
    state->client = client;
    state->request = request;
    state->done = std::move(done);
    fetch(state);
}

void S3Lister::fetch(const std::shared_ptr<State> &state)
{
    S3Client *client = state->client;
    const ListObjectsRequest &q = state->request;
    S3Client::Spec spec{"GET", q.bucket};
    spec.notFound = S3ErrorMapper::NotFound::Bucket;
    spec.query.append(qMakePair(QByteArrayLiteral("list-type"), QByteArray("2")));
    if (!q.prefix.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("prefix"), q.prefix.toUtf8()));
    if (!q.delimiter.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("delimiter"), q.delimiter.toUtf8()));
    spec.query.append(qMakePair(QByteArrayLiteral("max-keys"), QByteArray::number(qBound(0, q.maxKeys, 1000))));
    if (!state->continuationToken.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("continuation-token"), state->continuationToken.toUtf8()));
    else if (!q.startAfter.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("start-after"), q.startAfter.toUtf8()));

    client->send(spec, [state](Result<S3Call::Response> r) {
        if (!r)
            return state->done(r.failure());
        auto page = S3ResponseXml::listObjectsV2(r->body);
        if (!page)
            return state->done(page.failure());
        ListObjectsResult &out = page->result;
        const QString &marker = state->request.startAfter;
        out.objects.removeIf([&](const ObjectInfo &o) { return seen(o.key, marker); });
        out.commonPrefixes.removeIf([&](const QString &p) { return seen(p, marker); });
        const bool empty = out.objects.isEmpty() && out.commonPrefixes.isEmpty();
        if (empty && out.truncated && !page->nextContinuationToken.isEmpty() && ++state->rounds < kMaxRounds
            && state->client) {
            state->continuationToken = page->nextContinuationToken;
            return fetch(state);
        }
        if (out.truncated) {
            QString last;
            if (!out.objects.isEmpty())
                last = out.objects.constLast().key;
            if (!out.commonPrefixes.isEmpty() && (last.isEmpty() || utf8Less(last, out.commonPrefixes.constLast())))
                last = out.commonPrefixes.constLast();
            out.nextMarker = last;
            // Nothing to resume from: report the end rather than loop forever.
            if (last.isEmpty())
                out.truncated = false;
        }
        out.servedBy = QStringList{state->client ? state->client->options().name : QString()};
        state->done(std::move(out));
    });
}

} // namespace s3c
