#!/bin/sh
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# The FreeBSD rc.d script run with a stand-in for rc.subr (which exists only on FreeBSD): the
# options in glustereventsd_flags, as an admin sets them for the original, reach the daemon,
# after its path, and daemon(8) gets none of them.
# Usage: check-freebsd-rc.sh RC_SCRIPT
set -eu
script=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# What rc.subr does with the script's variables, reduced to printing them: rc_flags comes
# from <name>_flags at run time and goes in front of command_args.
cat >"$dir/rc.subr" <<'STUB'
load_rc_config() { glustereventsd_enable=YES; glustereventsd_flags="--listen 192.0.2.10 --log-file /var/log/e.log"; }
run_rc_command() {
    eval "rc_flags=\$${name}_flags"
    echo "$command $rc_flags $command_args"
}
STUB
sed "s#/etc/rc.subr#$dir/rc.subr#" "$script" >"$dir/glustereventsd"
line=$(sh "$dir/glustereventsd" start)
echo "started as: $line"
case "$line" in
*"/glustereventsd -p /var/run/glustereventsd.pid --listen 192.0.2.10 --log-file /var/log/e.log"*) ;;
*) fail "glustereventsd_flags did not reach the daemon after its path" ;;
esac
case "$line" in
"/usr/sbin/daemon  -f "*) ;;
*) fail "daemon(8) was given options of its own: $line" ;;
esac
echo "ok"
