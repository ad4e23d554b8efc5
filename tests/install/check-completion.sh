#!/bin/bash
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# The CLI's bash completion, as bash runs it: commands, per-command options, config names.
set -u
source "$1"
complete_line() { # words... ; the last word is the one being completed
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _gluster_eventsapi
    echo "${COMPREPLY[*]}"
}
expect() { # what, got, wanted word
    if [[ " $2 " != *" $3 "* ]]; then
        echo "FAIL: $1: '$3' not offered (got: $2)"
        exit 1
    fi
}
expect "commands" "$(complete_line gluster-eventsapi webhook-)" webhook-add
expect "commands" "$(complete_line gluster-eventsapi webhook-)" webhook-del
expect "after a global option" "$(complete_line gluster-eventsapi --json rep)" replay
expect "webhook-add options" "$(complete_line gluster-eventsapi webhook-add http://x --par)" --parallel
expect "config names" "$(complete_line gluster-eventsapi config-set lo)" log_level
expect "config-reset all" "$(complete_line gluster-eventsapi config-reset a)" all
expect "events" "$(complete_line gluster-eventsapi ev)" events
expect "events options" "$(complete_line gluster-eventsapi events --a)" --all-nodes
expect "replay options" "$(complete_line gluster-eventing replay http://x --)" --dead
[[ -z "$(complete_line gluster-eventsapi webhook-add --parallel '')" ]] || {
    echo "FAIL: a value was completed for --parallel"; exit 1; }
complete -p gluster-eventing >/dev/null || { echo "FAIL: the alias is not completed"; exit 1; }
echo "completion OK"
