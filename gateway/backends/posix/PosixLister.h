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
// CommonPrefix (reported once, after checking the subtree holds at least one object). A page
// that starts at a continuation token reads only what sorts after it: the directories on the
// token's path, and of each only the entries after it.
//
// Memory: the walk stops at the first entry past the page, and of each directory on the way it
// holds only the smallest (page + 1) entries of one readdir pass (a bounded heap; at least 64),
// not the directory: a directory of 100 000 files costs one pass over its entries per page and
// about 1000 names of memory, whatever its size. Paths and keys are bytes until a key is
// returned; listed objects are not put into the metadata cache.
class PosixLister
{
public:
    explicit PosixLister(const PosixCore &core) : m_core(core) {}

    Result<ListObjectsResult> list(const ListObjectsRequest &request) const;

private:
    struct Walk;
    struct Entry;

    QList<Entry> readBatch(const QByteArray &dir, const Walk &walk, const QByteArray &keyPrefix,
                           const QByteArray *after, int limit, bool *hasMarker) const;
    static bool mayHoldKeys(const Walk &walk, QByteArrayView dirKey);
    static bool mayBeListed(const Walk &walk, QByteArrayView key);
    bool hasAnyObject(const QByteArray &dir, bool below) const;
    void walkDir(Walk &walk, const QByteArray &dir, const QByteArray &keyPrefix) const;
    void visitObject(Walk &walk, const QByteArray &key, const QByteArray &path, bool candidate) const;
    void visitDir(Walk &walk, const QByteArray &dirKey, const QByteArray &path) const;
    static QByteArrayView commonPrefixOf(const Walk &walk, const QByteArray &key);
    static bool isReported(const Walk &walk, QByteArrayView commonPrefix);
    static bool rollsIntoReported(const Walk &walk, const QByteArray &key);
    static void addCommonPrefix(Walk &walk, QByteArrayView commonPrefix);
    static bool take(Walk &walk);

    const PosixCore &m_core;
};

} // namespace s3c
