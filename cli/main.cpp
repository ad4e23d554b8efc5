// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "commandline.h"
#include "commandrunner.h"
#include "output.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QNetworkAccessManager>

#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gluster-eventsapi"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EVENTS_VERSION));
    // The docs use both names; usage texts name the one that was typed.
    const QString program = QFileInfo(QString::fromLocal8Bit(argv[0])).fileName();

    const ParseOutcome parsed = parseCommandLine(QCoreApplication::arguments().mid(1), program);
    if (parsed.kind == ParseOutcome::Kind::Help) {
        std::fputs(qUtf8Printable(parsed.text), stdout);
        return 0;
    }
    if (parsed.kind == ParseOutcome::Kind::Error) {
        // Scripts that asked for JSON get JSON, even for a command line they got wrong.
        if (QCoreApplication::arguments().contains(QStringLiteral("--json")))
            std::fputs(jsonEnvelope(QString(), parsed.text).constData(), stdout);
        else
            std::fprintf(stderr, "%s\n", qUtf8Printable(parsed.text));
        // argparse's code for a usage error: scripts written for the original test for it.
        return 2;
    }
    QNetworkAccessManager network;
    const CommandOutcome outcome = runCommand(parsed.command, program, network);
    std::fwrite(outcome.standardOutput.constData(), 1, size_t(outcome.standardOutput.size()),
                stdout);
    std::fwrite(outcome.standardError.constData(), 1, size_t(outcome.standardError.size()), stderr);
    return outcome.exitCode;
}
