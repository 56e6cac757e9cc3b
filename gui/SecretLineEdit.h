#pragma once

#include "CopyableLineEdit.h"

namespace s3c {

// A secret (secret key): masked by default, an eye button reveals it, the copy button copies it.
class SecretLineEdit : public CopyableLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);

    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    void setRevealed(bool revealed);
    QAction *revealAction() const { return m_reveal; }

signals:
    void revealedChanged(bool revealed);

private:
    QAction *m_reveal;
};

} // namespace s3c
