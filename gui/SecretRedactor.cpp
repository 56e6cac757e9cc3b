#include "SecretRedactor.h"

#include <QRegularExpression>

namespace s3c {

namespace {

// A SigV4 signature (or signing key) is as good as a password for its validity window: 64 hex
// digits after "Signature=" (Authorization header, AWS SigV4 "Add the signature to the request")
// or "X-Amz-Signature=" (query signing). The keyword patterns catch secrets echoed in config text.
const QRegularExpression &patterns()
{
    static const QRegularExpression re(
        QStringLiteral(
            "((?:X-Amz-)?Signature=|aws_secret_access_key\\s*=\\s*|\"?secret(?:Key|_key)?\"?\\s*[:=]\\s*\"?)"
            "([^\\s,&\"]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

void SecretRedactor::addSecret(const QString &secret)
{
    // Very short strings would blank out ordinary words; real secret keys are 40 characters.
    if (secret.size() < 8)
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_secrets.contains(secret))
        m_secrets.append(secret);
}

void SecretRedactor::clearSecrets()
{
    QMutexLocker lock(&m_mutex);
    m_secrets.clear();
}

QString SecretRedactor::redact(const QString &text) const
{
    QString out = text;
    {
        QMutexLocker lock(&m_mutex);
        for (const QString &secret : m_secrets)
            out.replace(secret, kMask.toString());
    }
    out.replace(patterns(), QStringLiteral("\\1") + kMask.toString());
    return out;
}

} // namespace s3c
