#!/bin/sh
# The .deb packages as an admin meets them: built with cpack, installed with dpkg -i, the
# daemon started from the package's init script and answering the package's CLI, then removed
# and purged, leaving nothing behind. Changes the system: the release build runs it only when
# configured with -DEVENTS_TEST_PACKAGES=ON (scripts/run-tests does, as root).
# Usage: check-deb.sh BUILD_DIR ADDRESS
set -u
build=$1
address=$2
daemon_pkg=glustereventsd
gui_pkg=gluster-events-admin

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to install packages"; exit 77; }
command -v dpkg >/dev/null || { echo "SKIP: not a dpkg system"; exit 77; }
if dpkg-query -W -f='${Status}' glusterfs-server 2>/dev/null | grep -q "ok installed"; then
    echo "SKIP: glusterfs-server is installed; this test would replace its event daemon"; exit 77
fi

dir=$(mktemp -d)
fail() {
    echo "FAIL: $1"
    [ -r "$dir/events.log" ] && tail -20 "$dir/events.log"
    exit 1
}
cleanup() {
    DAEMON_ARGS="" PIDFILE="$dir/pid" /etc/init.d/glustereventsd stop >/dev/null 2>&1
    dpkg --purge "$daemon_pkg" "$gui_pkg" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT

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
            /etc/init.d/glustereventsd /etc/logrotate.d/glustereventsd /etc/glusterfs/eventsconfig.json \
            /usr/share/man/man8/glustereventsd.8.gz /usr/share/applications/gluster-events-admin.desktop; do
    [ -e "$path" ] || fail "not installed: $path"
done
dpkg-divert --list | grep -q "/usr/sbin/glustereventsd.glusterfs-server" || fail "no diversion of /usr/sbin/glustereventsd"
/usr/sbin/glustereventsd --version | grep -q "glustereventsd" || fail "glustereventsd --version"
QT_QPA_PLATFORM=offscreen timeout 20 /usr/bin/gluster-events-admin --version | grep -q "gluster-events-admin" \
    || fail "gluster-events-admin --version"

# Start the installed daemon through the installed init script, on a private work dir.
mkdir -p "$dir/glusterd"
port=$((20000 + $$ % 20000))
echo "{\"port\": $port}" >"$dir/eventsconfig.json"
export GLUSTEREVENTSD_DEFAULTS="" PIDFILE="$dir/pid"
export DAEMON_ARGS="--workdir $dir/glusterd --config-file $dir/eventsconfig.json --log-file $dir/events.log --listen $address"
/etc/init.d/glustereventsd start || fail "init script start"
/etc/init.d/glustereventsd status >/dev/null || fail "init script status"
cli="/usr/sbin/gluster-eventsapi --workdir $dir/glusterd --config-file $dir/eventsconfig.json"
$cli status >"$dir/status.out" 2>&1 || { cat "$dir/status.out"; fail "gluster-eventsapi status"; }
$cli emit VOLUME_CREATE name=pkgvol >/dev/null 2>&1 || fail "gluster-eventsapi emit"
tries=0
until grep -q "VOLUME_CREATE" "$dir/events.log"; do
    tries=$((tries + 1)); [ $tries -lt 100 ] || fail "the emitted event is not in the log"; sleep 0.1
done
/etc/init.d/glustereventsd stop >/dev/null || fail "init script stop"

# Remove: programs and diversions go, conffiles stay; purge: everything goes.
dpkg -r "$daemon_pkg" "$gui_pkg" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log"; fail "dpkg -r"; }
for path in /usr/sbin/glustereventsd /usr/sbin/gluster-eventsapi /usr/bin/gluster-events-admin \
            /usr/lib/systemd/system/glustereventsd.service; do
    [ ! -e "$path" ] || fail "left after dpkg -r: $path"
done
! dpkg-divert --list | grep -q glusterfs-server || fail "diversions left after dpkg -r"
[ -e /etc/logrotate.d/glustereventsd ] || fail "dpkg -r removed a conffile"
dpkg --purge "$daemon_pkg" "$gui_pkg" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log"; fail "dpkg --purge"; }
for path in /etc/logrotate.d/glustereventsd /etc/init.d/glustereventsd /etc/glusterfs/eventsconfig.json \
            /usr/share/glustereventsd; do
    [ ! -e "$path" ] || fail "left after dpkg --purge: $path"
done
echo "deb packages OK: $(basename "$daemon_deb") $(basename "$gui_deb")"
