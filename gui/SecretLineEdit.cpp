#include "SecretLineEdit.h"

#include <QAction>
#include <QIcon>

namespace s3c {

SecretLineEdit::SecretLineEdit(QWidget *parent) : CopyableLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    m_reveal = addAction(QIcon(QStringLiteral(":/icons/action-reveal.png")), QLineEdit::TrailingPosition);
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show or hide the secret"));
    connect(m_reveal, &QAction::toggled, this, &SecretLineEdit::setRevealed);
}

void SecretLineEdit::setRevealed(bool revealed)
{
    if (revealed == isRevealed())
        return;
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setChecked(revealed);
    emit revealedChanged(revealed);
}

} // namespace s3c
