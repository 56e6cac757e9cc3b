#include "PosixLister.h"

#include "PosixCore.h"
#include "PosixFs.h"

#include <QFile>

#include <algorithm>
#include <dirent.h>

namespace s3c {

struct PosixLister::Entry
{
    QByteArray sortKey; // UTF-8 name, with '/' appended for directories
    QString name;
    bool isDir = false;
    bool nested = false; // the object "name" kept inside the directory "name" (PosixPaths::nestedObjectName)
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
bool PosixLister::mayHoldKeys(const Walk &walk, const QByteArray &dirKey)
{
    if (!dirKey.startsWith(walk.prefix) && !walk.prefix.startsWith(dirKey))
        return false;
    return walk.startAfter.isEmpty() || dirKey >= walk.startAfter || walk.startAfter.startsWith(dirKey);
}

bool PosixLister::mayBeListed(const Walk &walk, const QByteArray &key)
{
    return key.startsWith(walk.prefix) && key > walk.startAfter;
}

// readdir(3) rather than QDirIterator: d_type gives the entry type without one stat per entry,
// which matters in directories of many thousands of objects. Entries no key of the page can
// come from are dropped before sorting. Symlinks (DT_LNK) are not followed, so a listing never
// leaves the root; names that are not valid UTF-8 cannot be keys and are skipped too.
QList<PosixLister::Entry> PosixLister::readDir(const QString &dir, bool *hasMarker, const Walk *walk,
                                               const QByteArray &keyPrefix) const
{
    QList<Entry> entries;
    *hasMarker = false;
    DIR *handle = ::opendir(PosixFs::encode(dir).constData());
    if (!handle)
        return entries;
    const QByteArray marker = PosixPaths::folderMarkerName().toUtf8();
    while (const dirent *e = ::readdir(handle)) {
        const QByteArray raw(e->d_name);
        if (raw == "." || raw == "..")
            continue;
        bool isDir = e->d_type == DT_DIR;
        bool isFile = e->d_type == DT_REG;
        if (e->d_type == DT_UNKNOWN) { // some filesystems do not fill d_type
            const FileStat st = PosixFs::lstat(dir + QLatin1Char('/') + QFile::decodeName(raw));
            isDir = st.isDir;
            isFile = st.isFile;
        }
        if (!isDir && !isFile)
            continue;
        if (raw == marker) {
            *hasMarker = isFile;
            continue;
        }
        const QString name = QFile::decodeName(raw);
        if (!PosixPaths::isListableName(name) || name.toUtf8() != raw)
            continue;
        Entry entry{raw, name, isDir};
        if (isDir) {
            entry.sortKey += '/';
            // The object "name" beside keys below "name/": listed under its own key, which sorts
            // before every "name..." key and so before the directory's contents.
            const QString nested = dir + QLatin1Char('/') + name + QLatin1Char('/') + PosixPaths::nestedObjectName();
            if ((!walk || mayBeListed(*walk, keyPrefix + raw)) && PosixFs::lstat(nested).isFile)
                entries.append(Entry{raw, name, false, true});
        }
        if (walk) {
            const QByteArray key = keyPrefix + entry.sortKey;
            if (isDir ? !mayHoldKeys(*walk, key) : !mayBeListed(*walk, key))
                continue;
        }
        entries.append(std::move(entry));
    }
    ::closedir(handle);
    if (walk)
        std::sort(entries.begin(), entries.end(),
                  [](const Entry &a, const Entry &b) { return a.sortKey < b.sortKey; });
    return entries;
}

bool PosixLister::hasAnyObject(const QString &dir) const
{
    bool marker = false;
    const QList<Entry> entries = readDir(dir, &marker, nullptr, {});
    if (marker)
        return true;
    for (const Entry &entry : entries) {
        if (!entry.isDir || hasAnyObject(dir + QLatin1Char('/') + entry.name))
            return true;
    }
    return false;
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

// S3 rolls a key up into a CommonPrefix when the part after the prefix contains the delimiter:
// the CommonPrefix ends with its first occurrence. `searchEnd` limits where that occurrence may
// end (a directory's own key, for a whole subtree). Empty: not rolled up.
QByteArray PosixLister::commonPrefixOf(const Walk &walk, const QByteArray &key, qsizetype searchEnd)
{
    if (walk.delimiter.isEmpty())
        return {};
    const qsizetype at = key.indexOf(walk.delimiter, walk.prefix.size());
    if (at < 0 || at + walk.delimiter.size() > searchEnd)
        return {};
    return key.left(at + walk.delimiter.size());
}

// A CommonPrefix at or before the marker was returned by an earlier page (S3's NextMarker may be
// a CommonPrefix, and keys rolling up into it are skipped with it); keys rolling up into the one
// just reported are not repeated (they are contiguous in key order).
bool PosixLister::isReported(const Walk &walk, const QByteArray &commonPrefix)
{
    return commonPrefix <= walk.startAfter || commonPrefix == walk.lastCommonPrefix;
}

void PosixLister::addCommonPrefix(Walk &walk, const QByteArray &commonPrefix)
{
    walk.lastCommonPrefix = commonPrefix;
    if (take(walk)) {
        walk.result.commonPrefixes.append(QString::fromUtf8(commonPrefix));
        walk.result.nextMarker = walk.result.commonPrefixes.constLast();
    }
}

void PosixLister::visitObject(Walk &walk, const QByteArray &key, const QString &path) const
{
    if (!mayBeListed(walk, key))
        return;
    const QByteArray commonPrefix = commonPrefixOf(walk, key, key.size());
    if (!commonPrefix.isEmpty()) {
        if (!isReported(walk, commonPrefix))
            addCommonPrefix(walk, commonPrefix);
        return;
    }
    const FileStat st = PosixFs::lstat(path);
    if (!st.isFile)
        return; // deleted while we walked
    if (!take(walk))
        return;
    ObjectInfo info = m_core.infoFor(path, st);
    info.key = QString::fromUtf8(key);
    walk.result.nextMarker = info.key;
    walk.result.objects.append(std::move(info));
}

void PosixLister::visitDir(Walk &walk, const QByteArray &dirKey, const QString &path) const
{
    if (!mayHoldKeys(walk, dirKey))
        return;
    if (dirKey.startsWith(walk.prefix)) {
        const QByteArray commonPrefix = commonPrefixOf(walk, dirKey, dirKey.size());
        if (!commonPrefix.isEmpty()) {
            // The whole subtree rolls up into one CommonPrefix; S3 reports it only if a key
            // exists, and an empty directory is not a key.
            if (!isReported(walk, commonPrefix) && hasAnyObject(path))
                addCommonPrefix(walk, commonPrefix);
            return;
        }
    }
    walkDir(walk, path, dirKey);
}

void PosixLister::walkDir(Walk &walk, const QString &dir, const QByteArray &keyPrefix) const
{
    bool marker = false;
    const QList<Entry> entries = readDir(dir, &marker, &walk, keyPrefix);
    if (marker && !keyPrefix.isEmpty())
        visitObject(walk, keyPrefix, dir + QLatin1Char('/') + PosixPaths::folderMarkerName());
    for (const Entry &entry : entries) {
        if (walk.stop)
            return;
        const QString path = dir + QLatin1Char('/') + entry.name;
        if (entry.isDir)
            visitDir(walk, keyPrefix + entry.sortKey, path);
        else if (entry.nested)
            visitObject(walk, keyPrefix + entry.sortKey, path + QLatin1Char('/') + PosixPaths::nestedObjectName());
        else
            visitObject(walk, keyPrefix + entry.sortKey, path);
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
    walkDir(walk, dir, keyPrefix);
    if (!walk.result.truncated)
        walk.result.nextMarker.clear();
    return walk.result;
}

} // namespace s3c
