#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
"""Our glustereventsd and the original Python one, each fed by real Gluster.

A real glusterd and the real gluster CLI create, start, set, reset, stop and delete a replica 3
volume whose bricks all live on this node (forced onto the root file system). The same
operations run twice on the same volume name and brick paths: once with our daemon on port
55555, once with the original from glusterfs-server. A webhook receiver in this script records
what each delivers.

It checks that our daemon delivers exactly the events Gluster sends for those operations, with
their exact messages and glusterd's UUID as `nodeid`, and that the original delivers the same
events and messages except for the documented differences (DOCUMENTED_DIFFERENCES below;
docs/differences.md). Values that change from one run of Gluster to the next (the self-heal
daemon's connection ids, pids and ports, the timestamps) are masked alike in both runs before
they are compared.

Usage: check-volume-events.py GLUSTEREVENTSD ADDRESS
  GLUSTEREVENTSD  our daemon, as built
  ADDRESS         a loopback address for the bricks (Gluster refuses 127.0.0.1 for a brick);
                  the bricks send their events to it, so our daemon listens there too

Needs root (exit 77 otherwise). Installs glusterfs-server when it is missing (and leaves it
installed), and starts glusterd when none runs in this network and mount namespace: then it stops
it again at the end and removes what that start created under /var/lib/glusterd and /run. The
volume, its bricks, brick logs and run-time files go, pass or fail; Gluster's other logs
(glusterd.log, cli.log, glustershd.log) keep their new lines. The original daemon runs in a
private mount namespace with a temp dir bind-mounted over its work dir, config and log dir, so it
writes nothing on the system. Python's standard library only.
"""
import collections
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PORT = 55555
GLUSTERD_WORKDIR = "/var/lib/glusterd"
EVENTS_CONFIG = {"log-level": "INFO", "port": PORT, "disable-events-log": False}
STEP_DEADLINE_S = 120  # per volume operation, for its events: generous for a slow busy machine
QUIET_S = 3  # after the last expected event: time for a late, unexpected one to show up
# The options set in one `volume set`: Gluster sends them as one comma-separated string, which
# both daemons split into pairs.
OPTIONS = [("performance.readdir-ahead", "off"), ("performance.io-cache", "off")]

# What the original delivers differently, on purpose: a name, and what turns its message into
# ours. Anything else that differs fails the test. (The body's spacing differs too: each daemon
# class says how it writes JSON, and every body is checked against that.)
DOCUMENTED_DIFFERENCES = {
    # Gluster 10's AFR events say "client-pid=-6; subvol=x"; the original keeps the key
    # " subvol", we trim the spaces around every key.
    "trimmed keys": lambda message: {k.strip(): v for k, v in message.items()},
}


class Failure(Exception):
    pass


def log(text):
    print(text, flush=True)


def wait_until(predicate, timeout, what):
    """Polls predicate until it is true; Failure naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def run(args, timeout=120, check=True, **kwargs):
    try:
        result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise Failure(f"{' '.join(args)}: no answer within {timeout} s")
    if check and result.returncode != 0:
        raise Failure(f"{' '.join(args)}: exit {result.returncode}: {result.stdout.strip()}")
    return result


def gluster(*args, check=True):
    return run(["gluster", "--mode=script", *args], check=check)


def stop_process(proc, group=False):
    """SIGTERM, then SIGKILL after 20 s; a whole process group when group is true."""
    if proc is None or proc.poll() is not None:
        return
    send = (lambda sig: os.killpg(proc.pid, sig)) if group else proc.send_signal
    try:
        send(signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        proc.wait(timeout=20)
    except ProcessLookupError:
        pass
    if group:  # the group may outlive its leader (the original's webhook process)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- UDP port 55555 -----------------------------------------------------------------------

def udp_bound(port):
    """The local addresses bound to UDP `port` in this network namespace."""
    bound = set()
    for path, family in (("/proc/net/udp", socket.AF_INET), ("/proc/net/udp6", socket.AF_INET6)):
        with open(path) as table:
            next(table)
            for line in table:
                address, hexport = line.split()[1].split(":")
                if int(hexport, 16) != port:
                    continue
                raw = bytes.fromhex(address)
                # The kernel prints each 32-bit word in host (little-endian) order.
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                bound.add(socket.inet_ntop(family, raw))
    return bound


def listening_on(addresses):
    def covered():
        bound = udp_bound(PORT)
        return all(a in bound or ("::" if ":" in a else "0.0.0.0") in bound for a in addresses)
    return covered


# --- the webhook receiver -----------------------------------------------------------------

class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every POST's Content-Type and body, raw and
    parsed, by path."""

    def __init__(self):
        self.bodies = collections.defaultdict(list)
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.bodies[self.path].append(
                        (self.headers.get("Content-Type"), body, json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def received(self, path):
        with self.lock:
            return list(self.bodies[path])

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- glusterd -----------------------------------------------------------------------------

class NewFiles:
    """The files and dirs that appear under some paths from now on, to remove again."""

    def __init__(self, *roots):
        self.roots = roots
        self.before = self.listing()

    def listing(self):
        paths = set()
        for root in self.roots:
            if os.path.lexists(root):
                paths.add(root)
            for parent, dirs, files in os.walk(root):
                paths.update(os.path.join(parent, name) for name in dirs + files)
        return paths

    def remove(self):
        for path in sorted(self.listing() - self.before, reverse=True):  # children first
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    os.rmdir(path)
                else:
                    os.remove(path)
            except OSError as e:
                log(f"cleanup: {e}")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def descendants(pid):
    children = collections.defaultdict(list)
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                children[int(f.read().rsplit(")", 1)[1].split()[1])].append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children[todo.pop()]:
            found.append(child)
            todo.append(child)
    return found


class Glusterd:
    """This node's glusterd: the running one, or one started here and stopped at the end."""

    def __init__(self, tmp):
        self.pid_file = os.path.join(tmp, "glusterd.pid")
        self.started = None  # NewFiles: what glusterd creates once started here

    @staticmethod
    def running_here():
        # Other glusterds on this machine may run in their own network namespaces: not ours.
        mine = [os.readlink(f"/proc/self/ns/{ns}") for ns in ("net", "mnt")]
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/comm") as comm:
                    if comm.read().strip() != "glusterd":
                        continue
                if [os.readlink(f"/proc/{pid}/ns/{ns}") for ns in ("net", "mnt")] == mine:
                    return True
            except OSError:
                continue
        return False

    def ensure_running(self):
        if self.running_here():
            log("glusterd: already running, used as it is")
        else:
            # Its state (its UUID, options) and its socket, created by this start, go again.
            self.started = NewFiles(GLUSTERD_WORKDIR, "/run/glusterd.socket")
            run(["glusterd", "-p", self.pid_file], timeout=60)
            log("glusterd: started for this test")
        wait_until(lambda: gluster("pool", "list", check=False).returncode == 0, 60,
                   "glusterd to answer")

    def uuid(self):
        # glusterd writes glusterd.info with its first volume; until then it only knows it.
        out = gluster("system::", "uuid", "get").stdout
        match = re.search(r"UUID:\s*([0-9a-f-]{36})", out)
        if not match:
            raise Failure(f"gluster system:: uuid get: {out.strip()}")
        return match.group(1)

    def stop_if_started(self):
        if not self.started:
            return
        try:
            with open(self.pid_file) as f:
                pid = int(f.read().strip())
            # A gsyncd it runs must not write into its work dir after the clean-up.
            family = [pid] + descendants(pid)
            for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
                for member in filter(alive, family):
                    os.kill(member, sig)
                deadline = time.monotonic() + grace
                while any(map(alive, family)) and time.monotonic() < deadline:
                    time.sleep(0.1)
        except (OSError, ValueError) as e:
            log(f"cleanup: stopping glusterd: {e}")
        self.started.remove()


# --- the two daemons ----------------------------------------------------------------------

def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f)


def node_info(workdir, uuid):
    """glusterd's glusterd.info in a private work dir (written from its UUID until glusterd has
    written the file itself)."""
    real = os.path.join(GLUSTERD_WORKDIR, "glusterd.info")
    target = os.path.join(workdir, "glusterd.info")
    if os.path.exists(real):
        shutil.copy(real, target)
    else:
        with open(target, "w") as f:
            f.write(f"UUID={uuid}\noperating-version=1\n")


def clean_env():
    """This environment without proxy settings: the receiver is on 127.0.0.1."""
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


class OurDaemon:
    name = "ours"
    separators = (",", ":")  # the body's JSON: compact, keys sorted

    def __init__(self, binary, tmp, addresses):
        self.binary = binary
        self.dir = os.path.join(tmp, "ours")
        self.addresses = addresses
        self.proc = None

    def start(self, url, uuid):
        os.makedirs(os.path.join(self.dir, "events"))
        node_info(self.dir, uuid)
        write_json(os.path.join(self.dir, "eventsconfig.json"), EVENTS_CONFIG)
        write_json(os.path.join(self.dir, "events", "webhooks.json"),
                   {url: {"token": "", "secret": ""}})
        args = [self.binary, "--workdir", self.dir,
                "--config-file", os.path.join(self.dir, "eventsconfig.json"),
                "--log-file", self.log_path(), "-p", os.path.join(self.dir, "pid")]
        for address in self.addresses:
            args += ["--listen", address]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT, env=clean_env())
        wait_until(lambda: self.proc.poll() is not None or listening_on(self.addresses)(), 30,
                   f"our daemon to listen on {', '.join(self.addresses)}")
        if self.proc.poll() is not None:
            raise Failure(f"our daemon exited with {self.proc.returncode}")

    def log_path(self):
        return os.path.join(self.dir, "events.log")

    def stop(self):
        stop_process(self.proc)


class OriginalDaemon:
    """glusterfs-server's glustereventsd.py. It reads and writes fixed paths only, so it runs in
    a private mount namespace where a temp dir is bind-mounted over each of them."""
    name = "original"
    separators = (", ", ": ")  # Python's json.dumps(sort_keys=True)

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "original")
        self.proc = None

    @staticmethod
    def program():
        # /usr/sbin/glustereventsd (glusterfs-server) links to it in glusterfs-common; found
        # through the package, so that a diverted /usr/sbin/glustereventsd does not matter.
        files = run(["dpkg", "-L", "glusterfs-common"]).stdout.split()
        scripts = [f for f in files if f.endswith("/gfevents/glustereventsd.py")]
        if not scripts:
            raise Failure("glusterfs-common has no gfevents/glustereventsd.py")
        return scripts[0]

    def start(self, url, uuid):
        workdir = os.path.join(self.dir, "glusterd")
        logdir = os.path.join(self.dir, "log")
        os.makedirs(os.path.join(workdir, "events"))
        os.makedirs(logdir)
        node_info(workdir, uuid)
        config = os.path.join(self.dir, "eventsconfig.json")
        write_json(config, EVENTS_CONFIG)
        write_json(os.path.join(workdir, "events", "webhooks.json"),
                   {url: {"token": "", "secret": ""}})
        script = (f'mount --bind "{workdir}" {GLUSTERD_WORKDIR} && '
                  f'mount --bind "{logdir}" /var/log/glusterfs && '
                  f'mount --bind "{config}" /etc/glusterfs/eventsconfig.json && '
                  f'exec "{self.program()}" -p "{self.dir}/pid"')
        # Its own session, so that stopping it stops its webhook process too.
        with open(os.path.join(self.dir, "stdout"), "w") as output:
            self.proc = subprocess.Popen(
                ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                env=clean_env(), start_new_session=True)
        wait_until(lambda: self.proc.poll() is not None or listening_on(["0.0.0.0", "::1"])(),
                   60, "the original daemon to listen")
        if self.proc.poll() is not None:
            with open(os.path.join(self.dir, "stdout")) as output:
                raise Failure(f"the original daemon exited with {self.proc.returncode}: "
                              + output.read())

    def log_path(self):
        return os.path.join(self.dir, "log", "events.log")

    def stop(self):
        stop_process(self.proc, group=True)


# --- the volume and its events ------------------------------------------------------------

class Volume:
    def __init__(self, tmp, address):
        self.name = f"evtest{os.getpid()}"
        self.host = address
        self.bricks = [os.path.join(tmp, "bricks", f"b{i}") for i in (1, 2, 3)]

    def exists(self):
        return gluster("volume", "info", self.name, check=False).returncode == 0

    def remove(self):
        """Stops and deletes the volume if it is there, and removes its bricks and log files."""
        try:
            if self.exists():
                gluster("volume", "stop", self.name, "force", check=False)
                gluster("volume", "delete", self.name, check=False)
        except Failure as e:  # no glusterd answering: there is no volume either
            log(f"cleanup: {e}")
        # glusterfsd logs to a file named after the brick path, glusterd makes a log dir or two
        # named after the volume.
        logs = [os.path.join("/var/log/glusterfs/bricks", b.strip("/").replace("/", "-") + ".log")
                for b in self.bricks]
        for path in logs:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
        for parent in ("gfproxy", "snaps"):
            try:
                os.rmdir(os.path.join("/var/log/glusterfs", parent, self.name))
            except OSError:  # not there, or something was logged in it: kept
                pass
        for brick in self.bricks:
            shutil.rmtree(brick, ignore_errors=True)

    def steps(self):
        """Each operation and the event types it makes Gluster send on one node."""
        specs = [f"{self.host}:{b}" for b in self.bricks]
        flat_options = [item for pair in OPTIONS for item in pair]
        client = ["CLIENT_CONNECT"] * 3  # the self-heal daemon connects to each brick
        return [
            (["volume", "create", self.name, "replica", "3", *specs, "force"], ["VOLUME_CREATE"]),
            (["volume", "start", self.name],
             ["BRICK_CONNECTED"] * 3 + ["SVC_CONNECTED", "VOLUME_START"] + client
             + ["AFR_SUBVOL_UP", "AFR_QUORUM_MET"]),
            (["volume", "set", self.name, *flat_options], ["VOLUME_SET"]),
            (["volume", "reset", self.name], ["VOLUME_RESET"]),
            (["volume", "stop", self.name], ["AFR_QUORUM_FAIL", "AFR_SUBVOLS_DOWN", "VOLUME_STOP"]),
            (["volume", "delete", self.name], ["VOLUME_DELETE"]),
        ]

    def expected(self):
        """Every (event, message) the operations make Gluster send, masked as mask() does."""
        afr = {"client-pid": "-6", "subvol": f"{self.name}-replicate-0"}
        events = [("VOLUME_CREATE", {"name": self.name, "bricks": "".join(
            f" {self.host}:{b}" for b in self.bricks)})]
        events += [("BRICK_CONNECTED", {"peer": self.host, "volume": self.name, "brick": b})
                   for b in self.bricks]
        events += [("SVC_CONNECTED", {"svc_name": "glustershd"}),
                   ("VOLUME_START", {"name": self.name, "force": False})]
        events += [("CLIENT_CONNECT", {
            "client_uid": f"CTX_ID:<uuid>-GRAPH_ID:0-PID:<pid>-HOST:{socket.gethostname()}"
                          f"-PC_NAME:{self.name}-client-{i}-RECON_NO:-0",
            "client_identifier": "127.0.0.1:<port>",
            "server_identifier": f"{self.host}:<port>",
            "brick_path": b, "subdir_mount": "(null)"}) for i, b in enumerate(self.bricks)]
        events += [(t, afr) for t in ("AFR_SUBVOL_UP", "AFR_QUORUM_MET")]
        events += [("VOLUME_SET", {"name": self.name, "options": [list(p) for p in OPTIONS]}),
                   ("VOLUME_RESET", {"name": self.name, "option": "all"})]
        events += [(t, afr) for t in ("AFR_QUORUM_FAIL", "AFR_SUBVOLS_DOWN")]
        events += [("VOLUME_STOP", {"name": self.name, "force": False}),
                   ("VOLUME_DELETE", {"name": self.name})]
        return events


def mask(event, message):
    """The parts of a message that differ between two runs of Gluster itself, as placeholders."""
    message = dict(message)
    if event.startswith("CLIENT_"):
        for key, value in message.items():
            if not isinstance(value, str):
                continue
            if key.strip() == "client_uid":
                value = re.sub(r"CTX_ID:[0-9a-f-]{36}", "CTX_ID:<uuid>", value)
                value = re.sub(r"PID:\d+", "PID:<pid>", value)
            elif key.strip().endswith("_identifier"):
                value = re.sub(r":\d+$", ":<port>", value)
            message[key] = value
    return message


def canonical(events):
    """A sortable, comparable form of (event, message) pairs."""
    return sorted(json.dumps([e, m], sort_keys=True) for e, m in events)


def diff(expected, got):
    missing = collections.Counter(canonical(expected)) - collections.Counter(canonical(got))
    extra = collections.Counter(canonical(got)) - collections.Counter(canonical(expected))
    return ([f"  missing: {e}" for e in missing.elements()]
            + [f"  unexpected: {e}" for e in extra.elements()])


def drive(daemon, receiver, volume, uuid):
    """Starts `daemon`, runs every volume operation, stops it; returns what it delivered."""
    path = f"/{daemon.name}"
    volume.remove()
    for brick in volume.bricks:
        os.makedirs(brick)
    daemon.start(receiver.url(path), uuid)
    first = int(time.time())
    wanted = collections.Counter()
    for args, types in volume.steps():
        operation = f"gluster {' '.join(args[:2])}"
        began = time.monotonic()
        gluster(*args)
        wanted.update(types)

        def arrived():
            got = collections.Counter(body.get("event") for _, _, body in receiver.received(path)
                                      if isinstance(body, dict))
            return not (wanted - got)
        try:
            wait_until(arrived, STEP_DEADLINE_S, f"{daemon.name}: the events of {operation}")
        except Failure:
            got = [json.dumps(body) for _, _, body in receiver.received(path)]
            raise Failure(f"{daemon.name}: after `{operation}` expected {dict(wanted)}, "
                          "received:\n  " + "\n  ".join(got))
        log(f"{daemon.name}: {operation}: its events in {time.monotonic() - began:.1f} s")
    # A late event that Gluster should not have sent counts too: wait for quiet.
    count = len(receiver.received(path))
    quiet_since = time.monotonic()
    deadline = quiet_since + 30
    while time.monotonic() - quiet_since < QUIET_S and time.monotonic() < deadline:
        time.sleep(0.2)
        if len(receiver.received(path)) != count:
            count, quiet_since = len(receiver.received(path)), time.monotonic()
    daemon.stop()
    return checked_events(daemon, receiver.received(path), uuid, (first, int(time.time())))


def checked_events(daemon, deliveries, uuid, window):
    """The (event, masked message) of each delivery, once every body has the right form,
    glusterd's UUID and a time within `window`."""
    problems = []
    events = []
    for content_type, raw, body in deliveries:
        if not isinstance(body, dict) or sorted(body) != ["event", "message", "nodeid", "ts"]:
            problems.append(f"a body without exactly event, message, nodeid, ts: {raw}")
            continue
        if content_type != "application/json":
            problems.append(f"Content-Type {content_type} for {raw}")
        if raw != json.dumps(body, sort_keys=True, separators=daemon.separators).encode():
            problems.append(f"a body not written with {daemon.separators}, keys sorted: {raw}")
        if body["nodeid"] != uuid:
            problems.append(f"nodeid is not glusterd's {uuid}: {raw}")
        if not isinstance(body["ts"], int) or not window[0] - 1 <= body["ts"] <= window[1] + 1:
            problems.append(f"ts is not a time of this run ({window[0]}..{window[1]}): {raw}")
        events.append((body["event"], mask(body["event"], body["message"])))
    if problems:
        raise Failure(f"{daemon.name}:\n  " + "\n  ".join(problems))
    return events


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, address = os.path.abspath(sys.argv[1]), sys.argv[2]
    if os.geteuid() != 0:
        log("SKIP: needs root (glusterd, bricks, port 55555, mount namespaces)")
        sys.exit(77)
    # ctest stops a test with SIGTERM on a timeout: clean up then too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))

    installed = run(["dpkg-query", "-W", "-f=${Status}", "glusterfs-server"], check=False)
    if "ok installed" not in installed.stdout:
        log("installing glusterfs-server")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], timeout=600, env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "glusterfs-server"],
            timeout=900, env=env)

    tmp = tempfile.mkdtemp(prefix="gluster-events-test.")
    # The pid files and sockets of the bricks and the self-heal daemon stay after them.
    runtime = NewFiles("/run/gluster")
    glusterd = Glusterd(tmp)
    volume = Volume(tmp, address)
    receiver = Receiver()
    # Gluster sends to the volfile server its processes were given: glusterd and the CLI have
    # none and use ::1, the bricks have ADDRESS, the self-heal daemon "localhost".
    localhost = {a[4][0] for a in socket.getaddrinfo("localhost", None, type=socket.SOCK_DGRAM)}
    ours = OurDaemon(binary, tmp, sorted({"::1", address} | localhost))
    original = OriginalDaemon(tmp)
    started = time.monotonic()
    try:
        if udp_bound(PORT):
            raise Failure(f"UDP port {PORT} is in use here ({', '.join(sorted(udp_bound(PORT)))}):"
                          " is a glustereventsd service running?")
        glusterd.ensure_running()
        uuid = glusterd.uuid()
        got = {}
        for daemon in (ours, original):
            try:
                got[daemon.name] = drive(daemon, receiver, volume, uuid)
            finally:
                daemon.stop()
                volume.remove()

        problems = diff(volume.expected(), got["ours"])
        if problems:
            raise Failure("ours did not deliver what Gluster sent:\n" + "\n".join(problems))
        theirs = got["original"]
        for name, adapt in DOCUMENTED_DIFFERENCES.items():
            changed = [(e, adapt(m)) for e, m in theirs]
            if changed != theirs:
                log(f"documented difference seen: {name}")
            theirs = changed
        problems = diff(got["ours"], theirs)
        if problems:
            raise Failure("the original delivered differently (beyond the documented "
                          "differences; 'missing' is what only ours delivered):\n"
                          + "\n".join(problems))
        log(f"gluster volume events OK: {len(got['ours'])} events, the same from both daemons, "
            f"in {time.monotonic() - started:.0f} s")
    except Failure as failure:
        log(f"FAIL: {failure}")
        for daemon in (ours, original):
            if os.path.exists(daemon.log_path()):
                log(f"--- last lines of the {daemon.name} daemon's log")
                with open(daemon.log_path(), errors="replace") as f:
                    log("".join(f.readlines()[-15:]).rstrip())
        sys.exit(1)
    finally:
        ours.stop()
        original.stop()
        volume.remove()
        glusterd.stop_if_started()
        runtime.remove()
        receiver.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
