#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

// What every fuzz target shares: a quiet Qt (log lines from rejected input would flood the
// fuzzer's output), a QCoreApplication for the parts that need one, and a private work dir.
// Fuzz targets are whole programs; this state lives for one process and only in fuzz/.
namespace FuzzSupport {

// Once per process, before the first input.
void initialize();
// A directory removed when the process exits.
QString scratchDir();
QByteArray bytes(const uint8_t *data, size_t size);

} // namespace FuzzSupport

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
