// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <map>

// What every fuzz target shares: a quiet Qt (log lines from rejected input would flood the
// fuzzer's output), a QCoreApplication for the parts that need one, and a private work dir.
// Fuzz targets are whole programs; this state lives for one process and only in fuzz/.
namespace FuzzSupport {

// Once per process, before the first input.
void initialize();
// A directory removed when the process exits.
QString scratchDir();
QByteArray bytes(const uint8_t *data, size_t size);
// A property the target promises does not hold: stop, so libFuzzer keeps the input.
void check(bool condition);
// Every file of `dir` (hidden ones too, but not the .lock file that only serialises access)
// with its content, to tell whether an operation changed any of them.
std::map<QString, QByteArray> snapshot(const QString &dir);

} // namespace FuzzSupport

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
