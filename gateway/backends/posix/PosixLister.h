#pragma once

#include "backends/BackendTypes.h"
#include "base/Result.h"

#include <QByteArray>

namespace s3c {

class PosixCore;

// ListObjects over a directory tree, in S3's order, one page at a time.
//
// S3 orders keys by their UTF-8 bytes. A plain directory walk does not: "a-b" < "a/b" because
// '-' (0x2d) < '/' (0x2f), yet a walk would list all of directory "a" before file "a-b". So each
// directory's entries are sorted with directories compared as "name/" and the tree is walked
// depth first; a directory's folder marker (key "dir/") comes before its contents, as it is a
// prefix of them. Subtrees are pruned without being read when no key in them can start with the
// prefix, when all of them sort at or before startAfter, and when they all roll up into one
// CommonPrefix (reported once, after checking the subtree holds at least one object). The walk
// stops at the first entry past the page, so memory is one directory listing per level, not the
// bucket.
class PosixLister
{
public:
    explicit PosixLister(const PosixCore &core) : m_core(core) {}

    Result<ListObjectsResult> list(const ListObjectsRequest &request) const;

private:
    struct Walk;
    struct Entry;

    QList<Entry> readDir(const QString &dir, bool *hasMarker, const Walk *walk,
                         const QByteArray &keyPrefix) const;
    static bool mayHoldKeys(const Walk &walk, const QByteArray &dirKey);
    static bool mayBeListed(const Walk &walk, const QByteArray &key);
    bool hasAnyObject(const QString &dir) const;
    void walkDir(Walk &walk, const QString &dir, const QByteArray &keyPrefix) const;
    void visitObject(Walk &walk, const QByteArray &key, const QString &path) const;
    void visitDir(Walk &walk, const QByteArray &dirKey, const QString &path) const;
    static QByteArray commonPrefixOf(const Walk &walk, const QByteArray &key, qsizetype searchEnd);
    static bool isReported(const Walk &walk, const QByteArray &commonPrefix);
    static void addCommonPrefix(Walk &walk, const QByteArray &commonPrefix);
    static bool take(Walk &walk);

    const PosixCore &m_core;
};

} // namespace s3c
