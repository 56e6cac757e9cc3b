// Body checksums: CRC-32C (own code, both the SSE4.2 and the table path), CRC-32 (zlib),
// CRC-64/NVME, SHA-1/SHA-256/MD5 (OpenSSL), against published check values.

#include "auth/Checksum.h"
#include "auth/Crc32c.h"
#include "auth/Crc64Nvme.h"
#include "auth/Hasher.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace s3c;

namespace {

QByteArray digest(Checksum::Algorithm algorithm, const QByteArray &data)
{
    Checksum c(algorithm);
    c.addData(data);
    return c.result();
}

QByteArray sequence(int from, int step)
{
    QByteArray out(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        out[i] = char(from + step * i);
    return out;
}

} // namespace

class TestChecksums : public QObject
{
    Q_OBJECT

private slots:
    void crc32cVectors_data();
    void crc32cVectors();
    void crc32cPathsAgree();
    void crc32cIncremental();
    void crc64NvmeCheckValue();
    void checksumResultsAreBigEndianDigests();
    void headerNames();
    void hasherStreams();
};

void TestChecksums::crc32cVectors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<quint32>("crc");
    // The CRC catalogue check value, and RFC 3720 (iSCSI) appendix B.4.
    QTest::newRow("123456789") << QByteArray("123456789") << 0xE3069283u;
    QTest::newRow("32 zeros") << QByteArray(32, '\0') << 0x8A9136AAu;
    QTest::newRow("32 ones") << QByteArray(32, '\xFF') << 0x62A8AB43u;
    QTest::newRow("incrementing") << sequence(0, 1) << 0x46DD794Eu;
    QTest::newRow("decrementing") << sequence(31, -1) << 0x113FDB5Cu;
    QTest::newRow("empty") << QByteArray() << 0u;
}

void TestChecksums::crc32cVectors()
{
    QFETCH(QByteArray, data);
    QFETCH(quint32, crc);
    QCOMPARE(Crc32c::updatePortable(0, data.constData(), size_t(data.size())), crc);
    QCOMPARE(Crc32c::updateHardware(0, data.constData(), size_t(data.size())), crc);
    QCOMPARE(Crc32c::update(0, data.constData(), size_t(data.size())), crc);
}

void TestChecksums::crc32cPathsAgree()
{
    // Every length up to 3 blocks of 8 and every start alignment: the tails and the unaligned
    // heads are where slicing-by-8 and the crc32q loop differ.
    QByteArray data(4096, Qt::Uninitialized);
    QRandomGenerator rng(42);
    for (char &c : data)
        c = char(rng.bounded(256));
    for (int offset = 0; offset < 8; ++offset) {
        for (int length = 0; length < 100; ++length) {
            const char *p = data.constData() + offset;
            QCOMPARE(Crc32c::updateHardware(0, p, size_t(length)),
                     Crc32c::updatePortable(0, p, size_t(length)));
        }
    }
    QCOMPARE(Crc32c::updateHardware(0, data.constData(), 4096),
             Crc32c::updatePortable(0, data.constData(), 4096));
    if (!Crc32c::hardwareAvailable())
        qInfo("SSE4.2 not available: only the table path was exercised");
}

void TestChecksums::crc32cIncremental()
{
    const QByteArray data = "The quick brown fox jumps over the lazy dog, twice: the quick brown fox.";
    const quint32 whole = Crc32c::update(0, data.constData(), size_t(data.size()));
    for (int split = 0; split <= data.size(); ++split) {
        const quint32 first = Crc32c::update(0, data.constData(), size_t(split));
        QCOMPARE(Crc32c::update(first, data.constData() + split, size_t(data.size() - split)), whole);
    }
}

void TestChecksums::crc64NvmeCheckValue()
{
    // CRC-64/NVME in the CRC catalogue: check = 0xAE8B14860A799888.
    QCOMPARE(Crc64Nvme::update(0, "123456789", 9), Q_UINT64_C(0xAE8B14860A799888));
    const quint64 first = Crc64Nvme::update(0, "1234", 4);
    QCOMPARE(Crc64Nvme::update(first, "56789", 5), Q_UINT64_C(0xAE8B14860A799888));
}

void TestChecksums::checksumResultsAreBigEndianDigests()
{
    // x-amz-checksum-* values are base64 of the big-endian CRC or of the digest.
    QCOMPARE(digest(Checksum::Algorithm::Crc32, "123456789").toHex(), QByteArray("cbf43926"));
    QCOMPARE(digest(Checksum::Algorithm::Crc32, "abc").toBase64(), QByteArray("NSRBwg=="));
    QCOMPARE(digest(Checksum::Algorithm::Crc32c, "123456789").toHex(), QByteArray("e3069283"));
    QCOMPARE(digest(Checksum::Algorithm::Crc32c, QByteArray(66560, 'a')).toBase64(), QByteArray("sOO8/Q=="));
    QCOMPARE(digest(Checksum::Algorithm::Crc64Nvme, "123456789").toHex(), QByteArray("ae8b14860a799888"));
    QCOMPARE(digest(Checksum::Algorithm::Sha1, "abc").toHex(),
             QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d"));
    QCOMPARE(digest(Checksum::Algorithm::Sha256, "abc").toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(digest(Checksum::Algorithm::Md5, "abc").toHex(), QByteArray("900150983cd24fb0d6963f7d28e17f72"));
    QCOMPARE(digest(Checksum::Algorithm::Crc32, {}).toHex(), QByteArray("00000000"));
}

void TestChecksums::headerNames()
{
    QCOMPARE(Checksum::fromHeaderName("x-amz-checksum-crc32"), Checksum::Algorithm::Crc32);
    QCOMPARE(Checksum::fromHeaderName("X-Amz-Checksum-CRC32C"), Checksum::Algorithm::Crc32c);
    QCOMPARE(Checksum::fromHeaderName("x-amz-checksum-crc64nvme"), Checksum::Algorithm::Crc64Nvme);
    QCOMPARE(Checksum::fromHeaderName("x-amz-checksum-sha1"), Checksum::Algorithm::Sha1);
    QCOMPARE(Checksum::fromHeaderName("x-amz-checksum-sha256"), Checksum::Algorithm::Sha256);
    QVERIFY(!Checksum::fromHeaderName("x-amz-checksum-md5"));
    QVERIFY(!Checksum::fromHeaderName("x-amz-checksum-crc99"));
    QVERIFY(!Checksum::fromHeaderName("x-amz-checksum-"));
    QVERIFY(!Checksum::fromHeaderName("content-md5"));
    QCOMPARE(Checksum::headerName(Checksum::Algorithm::Crc32c), QByteArray("x-amz-checksum-crc32c"));
    QCOMPARE(Checksum::name(Checksum::Algorithm::Sha256), QByteArray("SHA256"));
    QCOMPARE(Checksum::digestSize(Checksum::Algorithm::Sha1), 20);
}

void TestChecksums::hasherStreams()
{
    Hasher h(Hasher::Algorithm::Sha256);
    h.addData("a");
    h.addData("b");
    h.addData("c");
    QCOMPARE(h.result().toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    // result() resets for the next chunk.
    QCOMPARE(h.result().toHex(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

QTEST_GUILESS_MAIN(TestChecksums)
#include "test_auth_checksums.moc"
