#pragma once

#include <QIODevice>

namespace s3c {

// A regular file as a response body: a read-only, random-access QIODevice over a descriptor the
// caller opened and whose size it already knows. It costs no system call of its own (QFile::open
// on a descriptor asks fstat and lseek again) and reads with pread, so its position lives here.
// The HTTP layer hands its descriptor to sendfile(2) where it can (BodyPump).
class FileBody : public QIODevice
{
    Q_OBJECT
public:
    // Takes the descriptor: closed with this object.
    FileBody(int fd, qint64 size, QObject *parent = nullptr);
    ~FileBody() override;

    int descriptor() const { return m_fd; }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_size; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    int m_fd;
    qint64 m_size;
};

} // namespace s3c
