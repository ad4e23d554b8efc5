// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QString>

class QLabel;
class QWidget;

// Text from events, receivers, peers and daemons is shown as it is. Qt guesses: a QLabel, a
// tooltip or a message box whose text looks like HTML renders it as rich text, so an event
// message with "<h1>" or "<img src=...>" would change how the window looks, or fetch a file.
namespace PlainText {

// A label that never renders its text as rich text.
QLabel *label(const QString &text, QWidget *parent);
// `text` as a tooltip that shows it literally (tooltips have no plain-text mode, so it is
// escaped into rich text that says exactly `text`).
QString toolTip(const QString &text);

} // namespace PlainText
