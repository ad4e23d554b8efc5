// SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
#include "exitcodes.h"

int refusalExitCode(Refusal refusal) {
    switch (refusal) {
    case Refusal::None:
        return 0;
    case Refusal::AlreadyExists:
        return 5;
    case Refusal::DoesNotExist:
        return 6;
    case Refusal::SameValue:
        return 2;
    case Refusal::UnknownName:
    case Refusal::BadValue:
        return 7;
    case Refusal::WebhooksNotWritten:
        return 8;
    case Refusal::ConfigNotWritten:
        return 9;
    case Refusal::BadArgument:
    case Refusal::CannotRun:
        return 1;
    }
    return 1;
}

int rowsExitCode(const ClusterResult &result) {
    if (result.allOk())
        return 0;
    return result.noneOk() ? 3 : 4;
}
