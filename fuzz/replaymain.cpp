// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
// Runs a fuzz target over files instead of under libFuzzer: ctest replays the committed seed
// corpus and every input that once crashed (fuzz/regressions) in the normal and the sanitizer
// builds, so a fixed crash stays fixed without clang. Every directory named must hold at least
// one input: a missing or emptied folder fails the replay instead of passing with nothing run.
#include "fuzzsupport.h"

#include <QDirIterator>
#include <QFile>

#include <cstdio>

int main(int argc, char *argv[]) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR...\n", argv[0]);
        return 1;
    }
    int total = 0;
    for (int i = 1; i < argc; ++i) {
        int inputs = 0;
        QDirIterator files(QString::fromLocal8Bit(argv[i]), QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
                return 1;
            }
            const QByteArray input = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                                   size_t(input.size()));
            ++inputs;
        }
        if (inputs == 0) {
            std::fprintf(stderr, "no inputs in %s (missing or empty)\n", argv[i]);
            return 1;
        }
        std::printf("replayed %d inputs from %s\n", inputs, argv[i]);
        total += inputs;
    }
    std::printf("replayed %d inputs\n", total);
    return 0;
}
