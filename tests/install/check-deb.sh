#!/bin/sh
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
# The .deb packages as an admin meets them: built with cpack, installed with dpkg -i, the
# daemon started from the package's init script, answering the package's CLI and delivering a
# real event datagram to a real webhook receiver, then removed and purged, leaving nothing behind.
# With Debian's glusterfs-server installed it tests that case instead: ours diverts the Python
# daemon's files and keeps Gluster's /etc/glusterfs/eventsconfig.json; `dpkg -r` gives the
# original daemon back, and it starts and delivers an event (run in a private mount namespace, so
# it writes nothing on the system); after the purge `dpkg -V glusterfs-server` says what it said
# before. Changes the system: the release build runs it only when configured with
# -DEVENTS_TEST_PACKAGES=ON (scripts/run-tests does; without root it exits 77, skipped).
# Usage: check-deb.sh BUILD_DIR ADDRESS
set -u
build=$1
address=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
daemon_pkg=glustereventsd
gui_pkg=gluster-events-admin
gluster_config=/etc/glusterfs/eventsconfig.json

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to install packages"; exit 77; }
command -v dpkg >/dev/null || { echo "SKIP: not a dpkg system"; exit 77; }
with_gluster=no
if dpkg-query -W -f='${Status}' glusterfs-server 2>/dev/null | grep -q "ok installed"; then
    with_gluster=yes
fi

dir=$(mktemp -d)
receiver_pid=""
original_pgid=""
fail() {
    echo "FAIL: $1"
    for log in "$dir/events.log" "$dir/original/log/events.log" "$dir/original/stdout"; do
        [ -s "$log" ] && { echo "--- $log"; tail -20 "$log"; }
    done
    exit 1
}
stop_original() {
    [ -n "$original_pgid" ] || return 0
    kill -TERM "-$original_pgid" 2>/dev/null
    tries=0
    while kill -0 "-$original_pgid" 2>/dev/null && [ $tries -lt 100 ]; do
        sleep 0.1; tries=$((tries + 1))
    done
    kill -KILL "-$original_pgid" 2>/dev/null
    original_pgid=""
}
cleanup() {
    DAEMON_ARGS="" PIDFILE="$dir/pid" /etc/init.d/glustereventsd stop >/dev/null 2>&1
    stop_original
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
    dpkg --purge "$daemon_pkg" "$gui_pkg" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# $1 (tcp or udp) port $2 has a socket listening (tcp) or bound (udp) on any address.
listening() {
    hex=$(printf '%04X' "$2")
    state=0A; [ "$1" = udp ] && state=07
    cat "/proc/net/$1" "/proc/net/${1}6" 2>/dev/null |
        awk -v p=":$hex" -v s="$state" '$2 ~ p "$" && $4 == s { found = 1 } END { exit !found }'
}
# Sends datagram $1 to host $2, port $3, as gluster processes do.
send_datagram() {
    python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(sys.argv[1].encode(), (sys.argv[2], int(sys.argv[3])))' "$@"
}
# Waits up to 20 s for the receiver to have printed text matching $1.
wait_received() {
    tries=0
    until grep -q "$1" "$dir/received"; do
        tries=$((tries + 1)); [ $tries -lt 200 ] || fail "the receiver did not get $1"; sleep 0.1
    done
}
# The paths glusterfs-server ships that the package diverts (resources/debian/diversions).
diverted=$(grep '^/' "$src/resources/debian/diversions")

# What glusterfs-server looks like before: it must look the same after the purge.
if [ $with_gluster = yes ]; then
    echo "glusterfs-server is installed: testing the packages over it"
    dpkg -V glusterfs-server >"$dir/verify.before" 2>&1
    sha256sum "$gluster_config" >"$dir/config.sum" || fail "glusterfs-server has no $gluster_config"
    original_link=$(readlink /usr/sbin/glustereventsd) || fail "/usr/sbin/glustereventsd is not glusterfs-server's link"
    dpkg-divert --list | sort >"$dir/diversions.before"
fi
config_kept() {
    [ $with_gluster = yes ] || return 0
    sha256sum -c --quiet "$dir/config.sum" >/dev/null 2>&1 || fail "$gluster_config changed $1"
}

# Build, and check what the packages say of themselves.
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >"$dir/cpack.log" 2>&1) || { cat "$dir/cpack.log"; fail "cpack"; }
daemon_deb=$(ls "$build"/packages/${daemon_pkg}_*.deb) || fail "no $daemon_pkg package"
gui_deb=$(ls "$build"/packages/${gui_pkg}_*.deb) || fail "no $gui_pkg package"
dpkg-deb -f "$daemon_deb" Depends | grep -q "libqt6network6" || fail "the daemon does not depend on libqt6network6"
dpkg-deb -f "$daemon_deb" Depends | grep -q "libqt6sql6-sqlite" || fail "the daemon does not depend on the SQLite driver"
# A daemon linked with jemalloc (EVENTS_ALLOCATOR) must bring it along.
if objdump -p "$build/daemon/glustereventsd" | grep -q "NEEDED.*libjemalloc"; then
    dpkg-deb -f "$daemon_deb" Depends | grep -q "libjemalloc2" || fail "the daemon does not depend on libjemalloc2"
fi
dpkg-deb -f "$gui_deb" Depends | grep -q "libqt6widgets6" || fail "the GUI does not depend on libqt6widgets6"

# Install.
dpkg -i "$daemon_deb" "$gui_deb" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log"; fail "dpkg -i"; }
for pkg in $daemon_pkg $gui_pkg; do
    dpkg-query -W -f='${Status}' "$pkg" | grep -q "install ok installed" || fail "$pkg is not installed"
done
[ -z "$(dpkg --audit)" ] || fail "dpkg --audit: $(dpkg --audit)"
for path in /usr/sbin/glustereventsd /usr/sbin/gluster-eventsapi /usr/sbin/gluster-eventing \
            /usr/bin/gluster-events-admin /usr/lib/systemd/system/glustereventsd.service \
            /etc/init.d/glustereventsd /etc/logrotate.d/glustereventsd $gluster_config \
            /usr/share/man/man8/glustereventsd.8.gz /usr/share/applications/gluster-events-admin.desktop; do
    [ -e "$path" ] || fail "not installed: $path"
done
for path in $diverted; do
    [ "$(dpkg-divert --listpackage "$path")" = "$daemon_pkg" ] || fail "no diversion of $path"
    if [ $with_gluster = yes ]; then
        [ -e "$path.glusterfs-server" ] || fail "glusterfs-server's $path is not at $path.glusterfs-server"
    fi
done
if [ $with_gluster = yes ]; then
    [ "$(readlink /usr/sbin/glustereventsd.glusterfs-server)" = "$original_link" ] \
        || fail "/usr/sbin/glustereventsd.glusterfs-server is not the original daemon"
    config_kept "on install"
    dpkg -V glusterfs-server >"$dir/verify.installed" 2>&1
    cmp -s "$dir/verify.before" "$dir/verify.installed" \
        || fail "dpkg -V glusterfs-server with ours installed: $(cat "$dir/verify.installed")"
fi
/usr/sbin/glustereventsd --version | grep -q "glustereventsd" || fail "glustereventsd --version"
QT_QPA_PLATFORM=offscreen timeout 20 /usr/bin/gluster-events-admin --version | grep -q "gluster-events-admin" \
    || fail "gluster-events-admin --version"

# A webhook receiver that prints what it gets.
port=$((20000 + $$ % 20000))
receiver_port=$((port + 1))
python3 "$src/scripts/sample-receiver.py" "$receiver_port" >"$dir/received" 2>&1 &
receiver_pid=$!
tries=0
until listening tcp $receiver_port; do
    tries=$((tries + 1)); [ $tries -lt 100 ] || fail "the webhook receiver does not listen"; sleep 0.1
done

# Start the installed daemon through the installed init script, on a private work dir.
mkdir -p "$dir/glusterd"
echo "{\"port\": $port}" >"$dir/eventsconfig.json"
export GLUSTEREVENTSD_DEFAULTS="" PIDFILE="$dir/pid"
export DAEMON_ARGS="--workdir $dir/glusterd --config-file $dir/eventsconfig.json --log-file $dir/events.log --listen $address"
/etc/init.d/glustereventsd start || fail "init script start"
/etc/init.d/glustereventsd status >/dev/null || fail "init script status"
cli="/usr/sbin/gluster-eventsapi --workdir $dir/glusterd --config-file $dir/eventsconfig.json"
$cli status >"$dir/status.out" 2>&1 || { cat "$dir/status.out"; fail "gluster-eventsapi status"; }
$cli webhook-add "http://127.0.0.1:$receiver_port/ours" >"$dir/cli.out" 2>&1 \
    || { cat "$dir/cli.out"; fail "gluster-eventsapi webhook-add"; }
$cli emit VOLUME_CREATE name=pkgvol >/dev/null 2>&1 || fail "gluster-eventsapi emit"
# A datagram as gluster sends it: the time, the event type's index (2 is VOLUME_CREATE), details.
send_datagram "$(date +%s) 2 name=pkggluster;force=0" "$address" "$port"
wait_received '"event": "VOLUME_CREATE", "message": {"name": "pkgvol"}'
wait_received '"event": "VOLUME_CREATE", "message": {"force": false, "name": "pkggluster"}'
/etc/init.d/glustereventsd stop >/dev/null || fail "init script stop"
config_kept "while ours ran"

# Remove: programs go, conffiles stay, and the diverted files come back.
dpkg -r "$daemon_pkg" "$gui_pkg" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log"; fail "dpkg -r"; }
! dpkg-divert --list | grep -q "by $daemon_pkg\$" || fail "diversions left after dpkg -r: $(dpkg-divert --list)"
[ -e /etc/logrotate.d/glustereventsd ] || fail "dpkg -r removed a conffile"
[ ! -e /usr/bin/gluster-events-admin ] || fail "left after dpkg -r: /usr/bin/gluster-events-admin"
if [ $with_gluster = no ]; then
    for path in /usr/sbin/glustereventsd /usr/sbin/gluster-eventsapi \
                /usr/lib/systemd/system/glustereventsd.service; do
        [ ! -e "$path" ] || fail "left after dpkg -r: $path"
    done
else
    for path in $diverted; do
        [ -e "$path" ] || fail "glusterfs-server's $path is not back after dpkg -r"
        [ ! -e "$path.glusterfs-server" ] || fail "left after dpkg -r: $path.glusterfs-server"
    done
    [ "$(readlink /usr/sbin/glustereventsd)" = "$original_link" ] \
        || fail "/usr/sbin/glustereventsd is not the original daemon after dpkg -r"
    config_kept "on dpkg -r"
    dpkg -V glusterfs-server >"$dir/verify.removed" 2>&1
    cmp -s "$dir/verify.before" "$dir/verify.removed" \
        || fail "dpkg -V glusterfs-server after dpkg -r: $(cat "$dir/verify.removed")"

    # The original daemon, back, starts with Gluster's config and delivers. It writes to fixed
    # paths only (/var/lib/glusterd/events, /var/log/glusterfs): in a private mount namespace a
    # temp dir is bind-mounted over each. Its own session: stopping it stops its webhook process.
    mkdir -p "$dir/original/glusterd/events" "$dir/original/log"
    if [ -r /var/lib/glusterd/glusterd.info ]; then
        cp /var/lib/glusterd/glusterd.info "$dir/original/glusterd/"
    else
        echo "UUID=$(cat /proc/sys/kernel/random/uuid)" >"$dir/original/glusterd/glusterd.info"
    fi
    echo "{\"http://127.0.0.1:$receiver_port/original\": {\"token\": \"\", \"secret\": \"\"}}" \
        >"$dir/original/glusterd/events/webhooks.json"
    gluster_port=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' $gluster_config) \
        || fail "no port in $gluster_config"
    ! listening udp "$gluster_port" || fail "UDP port $gluster_port is taken: is a glustereventsd running?"
    setsid unshare -m --propagation private sh -c '
        echo $$ >"$1/pgid"
        mount --bind "$1/glusterd" /var/lib/glusterd &&
        mount --bind "$1/log" /var/log/glusterfs &&
        exec /usr/sbin/glustereventsd -p "$1/pid"' sh "$dir/original" \
        </dev/null >"$dir/original/stdout" 2>&1 &
    tries=0
    until [ -s "$dir/original/pgid" ]; do
        tries=$((tries + 1)); [ $tries -lt 100 ] || fail "the original daemon did not start"; sleep 0.1
    done
    original_pgid=$(cat "$dir/original/pgid")
    tries=0
    until listening udp "$gluster_port"; do
        tries=$((tries + 1)); [ $tries -lt 300 ] || fail "the original daemon does not listen on UDP $gluster_port"
        kill -0 "-$original_pgid" 2>/dev/null || fail "the original daemon exited"
        sleep 0.1
    done
    send_datagram "$(date +%s) 2 name=pkgoriginal;force=0" 127.0.0.1 "$gluster_port"
    wait_received '"event": "VOLUME_CREATE", "message": {"force": false, "name": "pkgoriginal"}'
    grep -q "pkgoriginal" "$dir/original/log/events.log" || fail "the original daemon did not log the event"
    stop_original
    config_kept "while the original ran"
fi

# Purge: everything of ours goes; glusterfs-server is as it was.
dpkg --purge "$daemon_pkg" "$gui_pkg" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log"; fail "dpkg --purge"; }
for path in /etc/logrotate.d/glustereventsd /etc/init.d/glustereventsd /usr/share/glustereventsd; do
    [ ! -e "$path" ] || fail "left after dpkg --purge: $path"
done
if [ $with_gluster = no ]; then
    [ ! -e $gluster_config ] || fail "left after dpkg --purge: $gluster_config"
else
    config_kept "on purge"
    dpkg -V glusterfs-server >"$dir/verify.after" 2>&1
    cmp -s "$dir/verify.before" "$dir/verify.after" \
        || fail "dpkg -V glusterfs-server after the purge: $(cat "$dir/verify.after")"
    dpkg-divert --list | sort | cmp -s "$dir/diversions.before" - || fail "the diversions are not as they were"
fi
echo "deb packages OK$( [ $with_gluster = yes ] && echo " over glusterfs-server"): $(basename "$daemon_deb") $(basename "$gui_deb")"
