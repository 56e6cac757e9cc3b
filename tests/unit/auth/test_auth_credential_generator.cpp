// CredentialGenerator: AWS-shaped keys from OpenSSL's RAND_bytes, every character equally likely.

#include "auth/CredentialGenerator.h"

#include <QSet>
#include <QtTest>

using namespace s3c;

class TestCredentialGenerator : public QObject
{
    Q_OBJECT

private slots:
    void shapeOfKeys();
    void keysDiffer();
    void uniformCharacters_data();
    void uniformCharacters();
    void invalidAlphabet();
};

void TestCredentialGenerator::shapeOfKeys()
{
    const Result<Credentials> c = CredentialGenerator::generate();
    QVERIFY(c.ok());
    QVERIFY(c->isValid());
    QCOMPARE(c->accessKey.size(), 20);
    QCOMPARE(c->secretKey.size(), 40);
    for (const QChar ch : c->accessKey)
        QVERIFY2(CredentialGenerator::kAccessKeyAlphabet.contains(char(ch.unicode())),
                 qPrintable(c->accessKey));
    for (const QChar ch : c->secretKey)
        QVERIFY(CredentialGenerator::kSecretKeyAlphabet.contains(char(ch.unicode())));
}

void TestCredentialGenerator::keysDiffer()
{
    QSet<QString> access;
    QSet<QString> secrets;
    for (int i = 0; i < 1000; ++i) {
        const Result<Credentials> c = CredentialGenerator::generate();
        QVERIFY(c.ok());
        access.insert(c->accessKey);
        secrets.insert(c->secretKey);
    }
    QCOMPARE(access.size(), 1000);
    QCOMPARE(secrets.size(), 1000);
}

void TestCredentialGenerator::uniformCharacters_data()
{
    QTest::addColumn<QByteArray>("alphabet");
    QTest::newRow("access key (36)") << CredentialGenerator::kAccessKeyAlphabet.toByteArray();
    QTest::newRow("secret key (64)") << CredentialGenerator::kSecretKeyAlphabet.toByteArray();
    QTest::newRow("ten digits") << QByteArray("0123456789");
}

void TestCredentialGenerator::uniformCharacters()
{
    // 10000 draws per character: one standard deviation is ~1 %. A plain `byte % 36` would give
    // the first four characters 12.5 % more than the rest; rejection sampling gives none.
    QFETCH(QByteArray, alphabet);
    const int perChar = 10000;
    const Result<QString> s = CredentialGenerator::randomString(int(alphabet.size()) * perChar, alphabet);
    QVERIFY(s.ok());
    QHash<QChar, int> counts;
    for (const QChar c : *s)
        ++counts[c];
    QCOMPARE(counts.size(), alphabet.size());
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(qAbs(it.value() - perChar) < perChar / 20,
                 qPrintable(QStringLiteral("%1: %2").arg(it.key()).arg(it.value())));
}

void TestCredentialGenerator::invalidAlphabet()
{
    QVERIFY(!CredentialGenerator::randomString(5, "A").ok());
    QCOMPARE(CredentialGenerator::randomString(0, "AB").value(), QString());
}

QTEST_GUILESS_MAIN(TestCredentialGenerator)
#include "test_auth_credential_generator.moc"
