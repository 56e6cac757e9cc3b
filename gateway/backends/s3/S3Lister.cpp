#include "S3Lister.h"

#include "S3Client.h"
#include "S3ResponseXml.h"

#include <QPointer>

#include <algorithm>

namespace s3c {

struct S3Lister::State
{
    QPointer<S3Client> client;
    ListObjectsRequest request; // bucket is the backend's
    Callback<ListObjectsResult> done;
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

QString S3Lister::wireMarker(const QString &marker, const QString &prefix, const QString &delimiter)
{
    if (marker.isEmpty() || delimiter.isEmpty() || !marker.startsWith(prefix) || !marker.endsWith(delimiter))
        return marker;
    // A common prefix is the request prefix plus everything up to the first delimiter after it
    // ("CommonPrefixes", ListObjects). Only then do all keys starting with it belong to it.
    const qsizetype first = marker.indexOf(delimiter, prefix.size());
    if (first != marker.size() - delimiter.size())
        return marker;
    return marker + QChar(0xDBFF) + QChar(0xDFFF); // U+10FFFF: greater than any key under it
}

void S3Lister::start(S3Client *client, const ListObjectsRequest &request, Callback<ListObjectsResult> done)
{
    auto state = std::make_shared<State>();
    state->client = client;
    state->request = request;
    state->done = std::move(done);
    fetch(state, request.startAfter);
}

void S3Lister::fetch(const std::shared_ptr<State> &state, const QString &marker)
{
    S3Client *client = state->client;
    const ListObjectsRequest &q = state->request;
    S3Client::Spec spec{"GET", q.bucket};
    spec.notFound = S3ErrorMapper::NotFound::Bucket;
    if (!q.prefix.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("prefix"), q.prefix.toUtf8()));
    if (!q.delimiter.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("delimiter"), q.delimiter.toUtf8()));
    const int maxKeys = qBound(0, q.maxKeys, 1000);
    spec.query.append(qMakePair(QByteArrayLiteral("max-keys"), QByteArray::number(maxKeys)));
    const QString sent = wireMarker(marker, q.prefix, q.delimiter);
    if (!sent.isEmpty())
        spec.query.append(qMakePair(QByteArrayLiteral("marker"), sent.toUtf8()));

    client->send(spec, [state, maxKeys](Result<S3Call::Response> r) {
        if (!r)
            return state->done(r.failure());
        auto page = S3ResponseXml::listObjects(r->body);
        if (!page)
            return state->done(page.failure());
        ListObjectsResult &raw = page.value();

        // One ordered run of entries, as S3 counts them against max-keys.
        struct Entry
        {
            QByteArray sortKey;
            int object = -1; // index into raw.objects, or -1 for a common prefix
            QString prefix;
        };
        QList<Entry> entries;
        QString lastRaw;
        for (int i = 0; i < raw.objects.size(); ++i)
            entries.append({raw.objects[i].key.toUtf8(), i, {}});
        for (const QString &p : std::as_const(raw.commonPrefixes))
            entries.append({p.toUtf8(), -1, p});
        std::sort(entries.begin(), entries.end(),
                  [](const Entry &a, const Entry &b) { return a.sortKey < b.sortKey; });
        if (!entries.isEmpty())
            lastRaw = QString::fromUtf8(entries.constLast().sortKey);

        const QString &marker = state->request.startAfter;
        ListObjectsResult out;
        out.truncated = raw.truncated;
        for (const Entry &e : std::as_const(entries)) {
            const QString name = QString::fromUtf8(e.sortKey);
            if (seen(name, marker))
                continue;
            if (out.objects.size() + out.commonPrefixes.size() >= maxKeys) {
                out.truncated = true;
                break;
            }
            if (e.object >= 0)
                out.objects.append(raw.objects[e.object]);
            else
                out.commonPrefixes.append(e.prefix);
            out.nextMarker = name;
        }
        const bool empty = out.objects.isEmpty() && out.commonPrefixes.isEmpty();
        if (empty && raw.truncated && maxKeys > 0 && !lastRaw.isEmpty() && ++state->rounds < kMaxRounds &&
            state->client)
            return fetch(state, lastRaw);
        // Nothing to resume from: report the end rather than loop forever.
        if (out.nextMarker.isEmpty())
            out.truncated = false;
        if (!out.truncated)
            out.nextMarker.clear();
        out.servedBy = QStringList{state->client ? state->client->options().name : QString()};
        state->done(std::move(out));
    });
}

} // namespace s3c
