#pragma once

#include <QHash>
#include <QString>

#include <list>

namespace s3c {

// A map from QString to V that keeps within a byte budget by dropping the least recently used
// entries (issue #11: the read caches must stay bounded whatever keys clients send, and a full
// cache must lose its coldest entries, not all of them). Each entry costs what the caller says
// (see entryCost()); find() counts as a use. Not thread-safe: its owner locks.
//
// A template, so its few bodies live here; the caches that use it are ordinary classes.
template <class V> class LruTable
{
public:
    explicit LruTable(qint64 maxBytes) : m_maxBytes(maxBytes) {}

    // What an entry with this key is charged: the key's UTF-16 bytes plus an estimate of the
    // containers' own memory: a std::list node (two pointers, the key's QString, V, the cost),
    // its QHash slot (QString, an iterator, the span's offset byte at a load factor <= 0.5) and
    // the key's QArrayData header, each allocation with glibc's 16-byte granularity and header.
    // tests/unit/multi/test_locationcache.cpp checks the estimate against the heap's growth.
    static qint64 entryCost(const QString &key, qint64 extra = 0)
    {
        return qint64(key.size() + 1) * qint64(sizeof(QChar)) + kOverhead + qint64(sizeof(V)) + extra;
    }

    // The entry, made the most recently used; null when absent.
    V *find(const QString &key)
    {
        const auto it = m_index.constFind(key);
        if (it == m_index.cend())
            return nullptr;
        m_order.splice(m_order.begin(), m_order, it.value());
        return &it.value()->value;
    }
    // Inserts or replaces, as the most recently used; then drops the least recently used until
    // the budget holds (an entry bigger than the whole budget is not kept). Returns how many
    // other entries were dropped.
    int insert(const QString &key, V value, qint64 cost)
    {
        remove(key);
        if (cost > m_maxBytes)
            return 0;
        int evicted = 0;
        while (!m_order.empty() && m_bytes + cost > m_maxBytes) {
            removeIt(std::prev(m_order.end()));
            ++evicted;
        }
        m_order.push_front(Item{key, std::move(value), cost});
        m_index.insert(key, m_order.begin());
        m_bytes += cost;
        return evicted;
    }
    bool remove(const QString &key)
    {
        const auto it = m_index.constFind(key);
        if (it == m_index.cend())
            return false;
        removeIt(it.value());
        return true;
    }
    // The least recently used entry's value (null when empty) and its removal: lets the owner
    // drop expired entries from the cold end without a full scan.
    V *coldest() { return m_order.empty() ? nullptr : &m_order.back().value; }
    void removeColdest() { removeIt(std::prev(m_order.end())); }
    void clear()
    {
        m_index.clear();
        m_order.clear();
        m_bytes = 0;
    }
    qint64 bytes() const { return m_bytes; }
    qint64 size() const { return qint64(m_order.size()); }
    qint64 maxBytes() const { return m_maxBytes; }

private:
    struct Item
    {
        QString key;
        V value;
        qint64 cost;
    };
    using Iterator = typename std::list<Item>::iterator;
    void removeIt(Iterator it)
    {
        m_bytes -= it->cost;
        m_index.remove(it->key);
        m_order.erase(it);
    }

    static constexpr qint64 kOverhead = 160;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    std::list<Item> m_order; // most recently used first
    QHash<QString, Iterator> m_index;
};

} // namespace s3c
