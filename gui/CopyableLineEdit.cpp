#include "CopyableLineEdit.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QIcon>

namespace s3c {

CopyableLineEdit::CopyableLineEdit(QWidget *parent) : QLineEdit(parent)
{
    m_copy = addAction(QIcon(QStringLiteral(":/icons/action-copy.png")), QLineEdit::TrailingPosition);
    m_copy->setToolTip(tr("Copy to the clipboard"));
    connect(m_copy, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(text());
        emit copied();
    });
}

} // namespace s3c
