#pragma once

#include <QStringList>

// What status shows beside UP about a node: every warning that applies to it, in one line.
namespace NodeWarning {

// The parts that are not empty, joined with "; "; empty when every part is.
QString join(const QStringList &parts);

} // namespace NodeWarning
