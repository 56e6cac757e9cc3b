#pragma once

#include <QMutex>
#include <QString>
#include <QStringList>

namespace s3c {

// Removes secrets from text before anyone sees it (log page, stderr): the secret keys it was told
// about, and whatever looks like a signature or a secret in the usual spellings. Thread-safe: the
// gateway logs from its worker thread.
class SecretRedactor
{
public:
    static constexpr QStringView kMask = u"********";

    void addSecret(const QString &secret);
    void clearSecrets();
    QString redact(const QString &text) const;

private:
    mutable QMutex m_mutex;
    QStringList m_secrets;
};

} // namespace s3c
