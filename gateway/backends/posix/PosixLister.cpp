#include "PosixLister.h"

#include "PosixCore.h"
#include "PosixFs.h"

#include <QFile>

#include <algorithm>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <vector>

namespace s3c {

namespace {

// The fewest entries one pass over a directory keeps, even when the page needs fewer: entries
// that turn out to yield nothing (empty directories, nested-object candidates that do not
// exist) then rarely cost a second pass.
constexpr int kMinBatch = 64;

const QByteArray &markerName()
{
    static const QByteArray name = PosixPaths::folderMarkerName().toUtf8();
    return name;
}

const QByteArray &nestedName()
{
    static const QByteArray name = PosixPaths::nestedObjectName().toUtf8();
    return name;
}

int compareBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype common = std::min(a.size(), b.size());
    const int c = common ? std::memcmp(a.data(), b.data(), size_t(common)) : 0;
    if (c != 0)
        return c;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

bool startsWith(QByteArrayView text, QByteArrayView head)
{
    return text.size() >= head.size() && compareBytes(text.first(head.size()), head) == 0;
}

// A directory entry name that can be a key segment: what PosixPaths::isListableName says of
// names that are valid UTF-8 (and survive the round trip through QString unchanged), decided on
// the bytes; only names with non-ASCII bytes pay for the conversion.
bool isListable(QByteArrayView raw)
{
    static const QByteArray internal = PosixPaths::internalDirName().toUtf8();
    if (raw.isEmpty() || raw == "." || raw == ".." || startsWith(raw, internal) ||
        raw.size() > PosixPaths::MaxSegmentBytes)
        return false;
    for (char c : raw) {
        if (uchar(c) >= 0x80)
            return QFile::decodeName(raw.toByteArray()).toUtf8() == raw;
    }
    return true;
}

// The entry's type from d_type, or from one lstat where the filesystem does not fill it.
void entryType(DIR *handle, const dirent *e, bool *isDir, bool *isFile)
{
    *isDir = e->d_type == DT_DIR;
    *isFile = e->d_type == DT_REG;
    if (e->d_type == DT_UNKNOWN) {
        struct stat st;
        if (::fstatat(::dirfd(handle), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            *isDir = S_ISDIR(st.st_mode);
            *isFile = S_ISREG(st.st_mode);
        }
    }
}

} // namespace

struct PosixLister::Entry
{
    enum Kind : quint8 {
        File,
        Dir,
        Nested, // may be the object "name" kept inside directory "name" (PosixPaths::nestedObjectName)
    };
    QByteArray sortKey; // the entry's part of the key: its name, '/' appended for a directory
    Kind kind = File;
};

struct PosixLister::Walk
{
    QByteArray prefix;
    QByteArray delimiter;
    QByteArray startAfter;
    int maxKeys = 1000;
    int count = 0;
    bool stop = false;
    QByteArray lastCommonPrefix;
    ListObjectsResult result;
};

// Whether any key below a directory (all start with dirKey) can carry the prefix and sort after
// startAfter: when dirKey < startAfter and is not a prefix of it, the first differing byte
// already decides for every key below.
bool PosixLister::mayHoldKeys(const Walk &walk, QByteArrayView dirKey)
{
    if (!startsWith(dirKey, walk.prefix) && !startsWith(walk.prefix, dirKey))
        return false;
    return walk.startAfter.isEmpty() || compareBytes(dirKey, walk.startAfter) >= 0 ||
           startsWith(walk.startAfter, dirKey);
}

bool PosixLister::mayBeListed(const Walk &walk, QByteArrayView key)
{
    return startsWith(key, walk.prefix) && compareBytes(key, walk.startAfter) > 0;
}

// S3 rolls a key up into a CommonPrefix when the part after the prefix contains the delimiter:
// the CommonPrefix ends with its first occurrence. For a directory's key, the CommonPrefix of
// its whole subtree. Empty: not rolled up.
QByteArrayView PosixLister::commonPrefixOf(const Walk &walk, const QByteArray &key)
{
    if (walk.delimiter.isEmpty() || key.size() < walk.prefix.size())
        return {};
    const qsizetype at = key.indexOf(walk.delimiter, walk.prefix.size());
    if (at < 0)
        return {};
    return QByteArrayView(key.constData(), at + walk.delimiter.size());
}

// A CommonPrefix at or before the marker was returned by an earlier page (S3's NextMarker may be
// a CommonPrefix, and keys rolling up into it are skipped with it); keys rolling up into the one
// just reported are not repeated (they are contiguous in key order).
bool PosixLister::isReported(const Walk &walk, QByteArrayView commonPrefix)
{
    return compareBytes(commonPrefix, walk.startAfter) <= 0 || commonPrefix == walk.lastCommonPrefix;
}

bool PosixLister::rollsIntoReported(const Walk &walk, const QByteArray &key)
{
    const QByteArrayView commonPrefix = commonPrefixOf(walk, key);
    return !commonPrefix.isEmpty() && isReported(walk, commonPrefix);
}

// One pass of readdir(3) over `dir`: the `limit` smallest entries (in key order) that sort after
// `after` and that a key of the page can come from, sorted. readdir rather than QDirIterator:
// d_type gives the entry type without one stat per entry. A bounded heap keeps the work set of a
// page at `limit` entries however large the directory is; a page that needs more reads the
// directory again after the last entry it got (walkDir). Symlinks (DT_LNK) are not followed, so
// a listing never leaves the root; names that are not valid UTF-8 cannot be keys and are skipped.
QList<PosixLister::Entry> PosixLister::readBatch(const QByteArray &dir, const Walk &walk,
                                                 const QByteArray &keyPrefix, const QByteArray *after,
                                                 int limit, bool *hasMarker) const
{
    *hasMarker = false;
    DIR *handle = ::opendir(dir.constData());
    if (!handle)
        return {};
    std::vector<Entry> heap; // a max-heap: its front is the largest entry kept so far
    const auto less = [](const Entry &a, const Entry &b) { return compareBytes(a.sortKey, b.sortKey) < 0; };
    const auto offer = [&](QByteArrayView sortKey, Entry::Kind kind) {
        if (after && compareBytes(sortKey, *after) <= 0)
            return;
        if (qsizetype(heap.size()) >= limit && compareBytes(sortKey, heap.front().sortKey) >= 0)
            return;
        heap.push_back(Entry{sortKey.toByteArray(), kind});
        std::push_heap(heap.begin(), heap.end(), less);
        if (qsizetype(heap.size()) > limit) {
            std::pop_heap(heap.begin(), heap.end(), less);
            heap.pop_back();
        }
    };
    QByteArray key = keyPrefix; // reused for every entry: no allocation per entry
    while (const dirent *e = ::readdir(handle)) {
        const QByteArrayView raw(e->d_name, qsizetype(std::strlen(e->d_name)));
        bool isDir = false, isFile = false;
        entryType(handle, e, &isDir, &isFile);
        if (!isDir && !isFile)
            continue;
        if (raw == markerName()) {
            *hasMarker = isFile;
            continue;
        }
        if (!isListable(raw))
            continue;
        key.truncate(keyPrefix.size());
        key.append(raw);
        if (isDir) {
            // The object "name" beside keys below "name/": listed under its own key, which sorts
            // before every "name..." key and so before the directory's contents. Whether it
            // exists is asked only if the page gets to it.
            if (mayBeListed(walk, key) && !rollsIntoReported(walk, key))
                offer(raw, Entry::Nested);
            key.append('/');
            if (mayHoldKeys(walk, key) && !rollsIntoReported(walk, key))
                offer(QByteArrayView(key).sliced(keyPrefix.size()), Entry::Dir);
        } else if (mayBeListed(walk, key) && !rollsIntoReported(walk, key)) {
            offer(raw, Entry::File);
        }
    }
    ::closedir(handle);
    std::sort_heap(heap.begin(), heap.end(), less);
    return QList<Entry>(std::make_move_iterator(heap.begin()), std::make_move_iterator(heap.end()));
}

// Whether a key lives below `dir`: stops at the first one. `below`: `dir` is not the directory
// of the CommonPrefix itself, so its nested object (key "dir") is below it too.
bool PosixLister::hasAnyObject(const QByteArray &dir, bool below) const
{
    DIR *handle = ::opendir(dir.constData());
    if (!handle)
        return false;
    bool found = false;
    while (const dirent *e = found ? nullptr : ::readdir(handle)) {
        const QByteArrayView raw(e->d_name, qsizetype(std::strlen(e->d_name)));
        bool isDir = false, isFile = false;
        entryType(handle, e, &isDir, &isFile);
        if (raw == markerName() || (below && raw == nestedName()))
            found = isFile;
        else if (isListable(raw))
            found = isFile || (isDir && hasAnyObject(dir + '/' + raw.toByteArray(), true));
    }
    ::closedir(handle);
    return found;
}

// Adds the next entry to the page, or notes that the page is full: a page is truncated only
// when one more entry really exists (S3 IsTruncated).
bool PosixLister::take(Walk &walk)
{
    if (walk.count >= walk.maxKeys) {
        walk.result.truncated = true;
        walk.stop = true;
        return false;
    }
    ++walk.count;
    return true;
}

void PosixLister::addCommonPrefix(Walk &walk, QByteArrayView commonPrefix)
{
    walk.lastCommonPrefix = commonPrefix.toByteArray();
    if (take(walk)) {
        walk.result.commonPrefixes.append(QString::fromUtf8(commonPrefix));
        walk.result.nextMarker = walk.result.commonPrefixes.constLast();
    }
}

// `candidate`: a nested-object entry not known to exist yet.
void PosixLister::visitObject(Walk &walk, const QByteArray &key, const QByteArray &path, bool candidate) const
{
    if (!mayBeListed(walk, key))
        return;
    const QByteArrayView commonPrefix = commonPrefixOf(walk, key);
    if (!commonPrefix.isEmpty()) {
        if (!isReported(walk, commonPrefix) && (!candidate || PosixFs::lstatEncoded(path).isFile))
            addCommonPrefix(walk, commonPrefix);
        return;
    }
    const FileStat st = PosixFs::lstatEncoded(path);
    if (!st.isFile)
        return; // deleted while we walked, or no nested object
    if (!take(walk))
        return;
    // Not remembered in the metadata cache: a listing sees every object once, and would push the
    // objects that GET and HEAD keep asking for out of it.
    ObjectInfo info = m_core.infoFor(QFile::decodeName(path), st, false);
    info.key = QString::fromUtf8(key);
    walk.result.nextMarker = info.key;
    walk.result.objects.append(std::move(info));
}

void PosixLister::visitDir(Walk &walk, const QByteArray &dirKey, const QByteArray &path) const
{
    if (!mayHoldKeys(walk, dirKey))
        return;
    if (startsWith(dirKey, walk.prefix)) {
        const QByteArrayView commonPrefix = commonPrefixOf(walk, dirKey);
        if (!commonPrefix.isEmpty()) {
            // The whole subtree rolls up into one CommonPrefix; S3 reports it only if a key
            // exists, and an empty directory is not a key.
            if (!isReported(walk, commonPrefix) && hasAnyObject(path, false))
                addCommonPrefix(walk, commonPrefix);
            return;
        }
    }
    walkDir(walk, path, dirKey);
}

// Depth first, a directory in passes of at most one page (plus one entry) each: the first pass
// usually fills the page; one that yields fewer keys than entries (empty directories) goes on
// after the last entry it read.
void PosixLister::walkDir(Walk &walk, const QByteArray &dir, const QByteArray &keyPrefix) const
{
    QByteArray after;
    for (bool first = true;; first = false) {
        const int limit = std::max(walk.maxKeys - walk.count + 1, kMinBatch);
        bool marker = false;
        const QList<Entry> batch = readBatch(dir, walk, keyPrefix, first ? nullptr : &after, limit, &marker);
        if (first && marker && !keyPrefix.isEmpty())
            visitObject(walk, keyPrefix, dir + '/' + markerName(), false);
        for (const Entry &entry : batch) {
            if (walk.stop)
                return;
            const QByteArray key = keyPrefix + entry.sortKey;
            switch (entry.kind) {
            case Entry::Dir:
                visitDir(walk, key, dir + '/' + entry.sortKey.chopped(1));
                break;
            case Entry::Nested:
                visitObject(walk, key, dir + '/' + entry.sortKey + '/' + nestedName(), true);
                break;
            case Entry::File:
                visitObject(walk, key, dir + '/' + entry.sortKey, false);
                break;
            }
        }
        if (walk.stop || batch.size() < limit)
            return;
        after = batch.constLast().sortKey;
    }
}

Result<ListObjectsResult> PosixLister::list(const ListObjectsRequest &request) const
{
    Status exists = m_core.checkBucketExists(request.bucket);
    if (!exists)
        return exists.failure();
    Walk walk;
    walk.prefix = request.prefix.toUtf8();
    walk.delimiter = request.delimiter.toUtf8();
    walk.startAfter = request.startAfter.toUtf8();
    walk.maxKeys = qBound(0, request.maxKeys, 1000);
    if (walk.maxKeys == 0)
        return walk.result;

    // Keys with the prefix all live below the directory named by the prefix up to its last '/':
    // start there instead of reading every level above. A prefix whose directory part no key
    // could have (empty, "." or reserved segments), or that crosses a symlink, lists nothing.
    const qsizetype slash = request.prefix.lastIndexOf(QLatin1Char('/'));
    QString dir = m_core.paths().bucketDir(request.bucket);
    QByteArray keyPrefix;
    if (slash >= 0) {
        const QString dirPart = request.prefix.left(slash + 1);
        if (!PosixPaths::checkKey(dirPart).ok())
            return walk.result;
        for (const QString &segment : dirPart.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            dir += QLatin1Char('/') + segment;
            if (!PosixFs::lstat(dir).isDir)
                return walk.result;
        }
        keyPrefix = dirPart.toUtf8();
    }
    walkDir(walk, PosixFs::encode(dir), keyPrefix);
    if (!walk.result.truncated)
        walk.result.nextMarker.clear();
    return walk.result;
}

} // namespace s3c
