// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QLocale>

class QCoreApplication;
class QObject;

// The GUI speaks the system's language: our translations (compiled into the program from
// translations/*.ts) and Qt's own, for `locale`. English needs nothing.
namespace Localization {

// Installs the translators on the application; they are children of `owner`. Returns whether
// ours was found for the locale.
bool install(const QLocale &locale, QObject *owner);

} // namespace Localization
