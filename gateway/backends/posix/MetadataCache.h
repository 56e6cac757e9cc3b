#pragma once

#include "PosixFs.h"
#include "backends/BackendTypes.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

namespace s3c {

// Decoded metadata of recently read objects, so that GET and HEAD of a hot object skip the
// extended-attribute read and the record's JSON decode. An entry answers only for the very file
// it was read from: same device and inode (a replaced object is a new file: every write renames a
// new one into place), size, mtime and ctime (the kernel moves ctime with any change of the bytes
// or of the extended attributes, whoever makes it). Bounded; thread-safe.
//
// File times come from a coarse kernel clock (a few ms), so two versions of a file written in
// the same tick could look alike, even on one inode number reused at once. Only files whose
// ctime is at least `settleMs` in the past are cached or answered from the cache: any change
// after that gets a later ctime.
class MetadataCache
{
public:
    explicit MetadataCache(int capacity = 4096, qint64 settleMs = 1000);

    std::optional<ObjectInfo> find(const QString &path, const FileStat &st) const;
    void insert(const QString &path, const FileStat &st, const ObjectInfo &info);
    int size() const;

private:
    struct Entry
    {
        FileStat st;
        ObjectInfo info;
    };
    static bool sameFile(const FileStat &a, const FileStat &b);
    bool settled(const FileStat &st) const;

    const int m_capacity;
    const qint64 m_settleNs;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    // Every key of m_entries once, in insertion order from m_next on: the oldest goes first.
    // (Erasing m_entries.begin() instead always emptied the same end of the table, so the open
    // addressing packed every key into long runs at the other end and lookups degenerated into
    // long chains of string compares: half the CPU of a large listing.)
    QList<QString> m_order;
    qsizetype m_next = 0;
};

} // namespace s3c
