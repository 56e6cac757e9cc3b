#include "FaultBody.h"
#include "backends/multi/SourceBodyStream.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTest>

using namespace s3c;

class TestSourceBodyStream : public QObject
{
    Q_OBJECT
private slots:
    void fileLikeSourceFinishes();
    void onlyThePromisedBytesAreRead();
    void shortSourceFails();
    void breakingStreamFails();
    void sequentialSourceFinishes();
    void emptyBodyFinishesAtOnce();
};

namespace {

// Reads the stream the way a backend does: whenever it says there is more, until it ends.
QByteArray drain(SourceBodyStream &s, bool *failed)
{
    QByteArray out;
    QSignalSpy finished(&s, &BodyStream::finished);
    QSignalSpy failedSpy(&s, &BodyStream::failed);
    QObject::connect(&s, &QIODevice::readyRead, &s, [&] {
        char buf[7];
        qint64 n;
        while ((n = s.read(buf, sizeof buf)) > 0)
            out.append(buf, n);
    });
    const bool ended = QTest::qWaitFor([&] { return !finished.isEmpty() || !failedSpy.isEmpty(); }, 5000);
    *failed = !ended || !failedSpy.isEmpty();
    return out;
}

QBuffer *buffer(const QByteArray &data)
{
    auto *b = new QBuffer;
    b->setData(data);
    b->open(QIODevice::ReadOnly);
    return b;
}

} // namespace

void TestSourceBodyStream::fileLikeSourceFinishes()
{
    const QByteArray data = QByteArray("0123456789abcdefghij").repeated(50);
    SourceBodyStream s(buffer(data), data.size());
    QCOMPARE(s.expectedLength(), qint64(data.size()));
    bool failed = true;
    QCOMPARE(drain(s, &failed), data);
    QVERIFY(!failed);
    QVERIFY(s.isFinished());
    QVERIFY(s.atEnd());
}

void TestSourceBodyStream::onlyThePromisedBytesAreRead()
{
    // A ranged file download: the device goes on past the range; the stream must not.
    SourceBodyStream s(buffer("0123456789"), 4);
    bool failed = true;
    QCOMPARE(drain(s, &failed), QByteArray("0123"));
    QVERIFY(!failed);
}

void TestSourceBodyStream::shortSourceFails()
{
    SourceBodyStream s(buffer("0123"), 10);
    bool failed = false;
    drain(s, &failed);
    QVERIFY(failed);
    QVERIFY(s.hasFailed());
    char c;
    QCOMPARE(s.read(&c, 1), qint64(-1));
}

void TestSourceBodyStream::breakingStreamFails()
{
    SourceBodyStream s(new FaultBody("abc", true), 10);
    bool failed = false;
    drain(s, &failed);
    QVERIFY(failed);
    QVERIFY(!s.isFinished());
}

void TestSourceBodyStream::sequentialSourceFinishes()
{
    SourceBodyStream s(new FaultBody("abcdef", false), 6);
    bool failed = true;
    QCOMPARE(drain(s, &failed), QByteArray("abcdef"));
    QVERIFY(!failed);
}

void TestSourceBodyStream::emptyBodyFinishesAtOnce()
{
    SourceBodyStream s(buffer({}), 0);
    QVERIFY(s.isFinished());
    QSignalSpy finished(&s, &BodyStream::finished);
    QVERIFY(finished.wait(5000) || !finished.isEmpty());
}

QTEST_GUILESS_MAIN(TestSourceBodyStream)
#include "test_sourcebodystream.moc"
