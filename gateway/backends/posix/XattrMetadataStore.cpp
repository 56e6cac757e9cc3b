#include "XattrMetadataStore.h"

#include "PosixFs.h"

#include <cerrno>
#include <sys/xattr.h>
#include <unistd.h>

namespace s3c {

namespace {

// The xattr value of a record that lives in the sidecar instead.
const QByteArray kSpilled = QByteArrayLiteral("spilled");

} // namespace

XattrMetadataStore::XattrMetadataStore(const PosixPaths &paths) : m_spill(paths)
{
}

const char *XattrMetadataStore::attributeName()
{
    return "user.s3cascade.meta";
}

bool XattrMetadataStore::probe(const QString &dir)
{
    QString path;
    const int fd = PosixFs::createTemp(dir, &path);
    if (fd < 0)
        return false;
    const bool ok = ::fsetxattr(fd, "user.s3cascade.probe", "1", 1, 0) == 0;
    ::close(fd);
    ::unlink(PosixFs::encode(path).constData());
    return ok;
}

Status XattrMetadataStore::attach(int tempFd, const QString &tempPath, const QString &finalPath,
                                  const QByteArray &record, bool durable)
{
    if (::fsetxattr(tempFd, attributeName(), record.constData(), size_t(record.size()), 0) == 0)
        return Done{};
    const int error = errno;
    // E2BIG/ENOSPC/ERANGE: the inode's xattr space is full; ENOTSUP: this part of the tree is on
    // a filesystem without user xattrs. Either way the sidecar takes the record.
    if (error != E2BIG && error != ENOSPC && error != ERANGE && error != ENOTSUP)
        return PosixFs::ioFailure(QStringLiteral("cannot set the metadata xattr"), error);
    Status spilled = m_spill.attach(tempFd, tempPath, finalPath, record, durable);
    if (!spilled)
        return spilled;
    if (error != ENOTSUP)
        ::fsetxattr(tempFd, attributeName(), kSpilled.constData(), size_t(kSpilled.size()), 0);
    return Done{};
}

std::optional<QByteArray> XattrMetadataStore::read(const QString &path) const
{
    return readOpened(path, -1);
}

std::optional<QByteArray> XattrMetadataStore::readOpened(const QString &path, int fd) const
{
    const QByteArray encoded = fd < 0 ? PosixFs::encode(path) : QByteArray();
    const auto get = [&](void *buffer, size_t size) {
        return fd >= 0 ? ::fgetxattr(fd, attributeName(), buffer, size)
                       : ::getxattr(encoded.constData(), attributeName(), buffer, size);
    };
    QByteArray value(4096, Qt::Uninitialized);
    ssize_t n = get(value.data(), size_t(value.size()));
    if (n < 0 && errno == ERANGE) {
        const ssize_t needed = get(nullptr, 0);
        if (needed > 0 && needed <= 1024 * 1024) {
            value.resize(needed);
            n = get(value.data(), size_t(value.size()));
        }
    }
    if (n < 0)
        return m_spill.read(path); // ENODATA/ENOTSUP: written in sidecar mode, or copied without xattrs
    value.truncate(n);
    if (value == kSpilled)
        return m_spill.read(path);
    return value;
}

void XattrMetadataStore::remove(const QString &path)
{
    m_spill.remove(path);
}

void XattrMetadataStore::removeTree(const QString &dir)
{
    m_spill.removeTree(dir);
}

} // namespace s3c
