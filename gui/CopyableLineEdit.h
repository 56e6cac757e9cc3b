#pragma once

#include <QLineEdit>

namespace s3c {

// A line edit with a "copy" button inside it. Copying takes the real text, also when the field
// masks it (SecretLineEdit).
class CopyableLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit CopyableLineEdit(QWidget *parent = nullptr);

    QAction *copyAction() const { return m_copy; }

signals:
    void copied();

private:
    QAction *m_copy;
};

} // namespace s3c
