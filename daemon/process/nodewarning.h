// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QStringList>

// What status shows beside UP about a node: every warning that applies to it, in one line.
namespace NodeWarning {

// The parts that are not empty, joined with "; "; empty when every part is.
QString join(const QStringList &parts);

} // namespace NodeWarning
