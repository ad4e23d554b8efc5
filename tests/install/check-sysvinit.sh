#!/bin/sh
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# The SysV init script against the real daemon, with its paths overridden:
# start, status, reload, restart, stop, and the LSB exit codes of status.
# Usage: check-sysvinit.sh SCRIPT DAEMON ADDRESS
set -u
script=$1
daemon=$2
address=$3
sh -n "$script" || { echo "FAIL: sh -n"; exit 1; }
grep -q '^# chkconfig: 345' "$script" || { echo "FAIL: no chkconfig header"; exit 1; }
grep -q '^### BEGIN INIT INFO' "$script" || { echo "FAIL: no LSB header"; exit 1; }

dir=$(mktemp -d)
trap 'DAEMON=$daemon PIDFILE=$dir/pid sh "$script" stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
mkdir -p "$dir/glusterd"
port=$((20000 + $$ % 20000))
echo "{\"port\": $port}" > "$dir/eventsconfig.json"
export GLUSTEREVENTSD_DEFAULTS="" DAEMON="$daemon" PIDFILE="$dir/pid"
export DAEMON_ARGS="--workdir $dir/glusterd --config-file $dir/eventsconfig.json --log-file $dir/events.log --listen $address"

fail() { echo "FAIL: $1"; [ -r "$dir/events.log" ] && cat "$dir/events.log"; exit 1; }

sh "$script" status >/dev/null; [ $? -eq 3 ] || fail "status before start is not 3"
sh "$script" start || fail "start"
pid=$(cat "$dir/pid")
sh "$script" status || fail "status while running"
sh "$script" start | grep -q "already running" || fail "a second start"
sh "$script" reload || fail "reload"
tries=0
until grep -q "reload (SIGUSR2)\|reloaded (SIGUSR2)" "$dir/events.log"; do
    tries=$((tries + 1)); [ $tries -lt 100 ] || fail "the daemon did not reload"; sleep 0.1
done
sh "$script" restart || fail "restart"
[ "$(cat "$dir/pid")" != "$pid" ] || fail "restart kept the old process"
sh "$script" stop || fail "stop"
sh "$script" status >/dev/null; [ $? -eq 3 ] || fail "status after stop is not 3"
sh "$script" reload >/dev/null; [ $? -eq 7 ] || fail "reload while stopped is not 7"
echo "sysv init OK"
