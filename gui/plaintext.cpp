// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "plaintext.h"

#include <QLabel>
#include <QTextDocument>

namespace PlainText {

QLabel *label(const QString &text, QWidget *parent) {
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
    return label;
}

QString toolTip(const QString &text) {
    return text.isEmpty() ? QString() : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

} // namespace PlainText
