#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
"""A real three-node Gluster pool on one machine, with glustereventsd on every node.

Each node is a network namespace on a private bridge (10.213.77.0/24, in a namespace of its own,
so the host's network is untouched) and a private mount namespace in which per-node directories
cover /var/lib/glusterd, /var/log/glusterfs and /run (/var/run is a link to it): three glusterds,
their bricks and three daemons on port 55555 that see nothing of the host's or each other's files.
The webhook receiver runs on the bridge and records every request.

Proves, with the real glusterd, gluster CLI and bricks of glusterfs-server:
  - the daemons agree on one cluster key without anyone copying it,
  - webhook-add on node 1 reaches all three nodes,
  - a replica-3 volume makes every node's glusterd and bricks send events that its own daemon
    delivers (the webhook sees each node's UUID),
  - with node 3 down a cluster change exits 4 with node 3 NOT OK, and node 3 catches up when it
    comes back.

Usage: three_node_pool.py --daemon PATH --cli PATH --work-dir DIR [--keep]
Needs root, glusterfs-server, iproute2 and util-linux (unshare, nsenter); exits 77 when not root.
Everything it starts is stopped and removed, pass or fail, and a leftover of a killed run is
removed first. Standard library only.
"""
import argparse
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

PREFIX = "gevents3"
BRIDGE_NS = PREFIX + "-br"
SUBNET = "10.213.77"
RECEIVER_IP = SUBNET + ".254"
RECEIVER_PORT = 8080
WEBHOOK = f"http://{RECEIVER_IP}:{RECEIVER_PORT}/events"
VOLUME = "v3"
# What the node that sent the key says beside UP for as long as it runs: glusterd's management
# connections are not encrypted here (no secure-access); not a disagreement.
SENT_IN_CLEAR = "cluster key sent through glusterd without management encryption"
# The setting changed while node 3 is down (60 by default; harmless to delivery here).
CHANGED_SETTING, CHANGED_VALUE = "retry_max_interval", "30"

STARTED = time.monotonic()


class StepFailed(Exception):
    pass


def log(text):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {text}", flush=True)


def run(argv, timeout=60, what=None):
    """Runs a command to its end (never longer than timeout) and returns it; never raises on its
    exit code."""
    try:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise StepFailed(f"{what or ' '.join(argv)} did not finish within {timeout} s")


def run_ok(argv, timeout=60, what=None):
    done = run(argv, timeout, what)
    if done.returncode != 0:
        raise StepFailed(f"{what or ' '.join(argv)} exited {done.returncode}: "
                         f"{(done.stdout + done.stderr).strip()}")
    return done


def wait_until(what, seconds, probe, interval=0.5):
    """Calls probe() until it returns (True, seen) or `seconds` pass; then fails with the last
    thing seen."""
    deadline = time.monotonic() + seconds
    while True:
        done, seen = probe()
        if done:
            return seen
        if time.monotonic() > deadline:
            raise StepFailed(f"{what}: not within {seconds} s; last seen:\n{seen}")
        time.sleep(interval)


def table_rows(text):
    """The data rows of a PrettyTable as lists of stripped cells (header row and rules left out)."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.startswith("|")]
    return rows[1:]


class Node:
    def __init__(self, index, work, tools):
        self.index = index
        self.ip = f"{SUBNET}.{index}"
        self.ns = f"{PREFIX}-n{index}"
        self.dir = work / f"n{index}"
        self.lib = self.dir / "lib"    # /var/lib/glusterd inside the node
        self.logs = self.dir / "log"   # /var/log/glusterfs
        self.rundir = self.dir / "run"  # /run (and so /var/run)
        self.brick = self.dir / "brick" / "b"
        self.tools = tools
        self.holder = None
        self.daemon = None

    def inside(self, argv):
        return ["nsenter", "-t", str(self.holder.pid), "-m", "-n", "--"] + argv

    def run(self, argv, timeout=60):
        return run(self.inside(argv), timeout, f"node {self.index}: {' '.join(argv)}")

    def run_ok(self, argv, timeout=60):
        return run_ok(self.inside(argv), timeout, f"node {self.index}: {' '.join(argv)}")

    def gluster(self, *args, timeout=120):
        return self.run(["gluster", "--mode=script", *args], timeout)

    def cli(self, *args, timeout=60):
        return self.run([self.tools.cli, "--workdir", "/var/lib/glusterd",
                         "--config-file", str(self.tools.config), *args], timeout)

    def uuid(self):
        for line in (self.lib / "glusterd.info").read_text().splitlines():
            if line.startswith("UUID="):
                return line[5:].strip()
        raise StepFailed(f"node {self.index}: no UUID in {self.lib / 'glusterd.info'}")

    def start_holder(self):
        """A process that only sleeps and owns this node's private mount namespace, inside its
        network namespace; everything else of the node enters both through it."""
        for d in (self.lib, self.logs, self.rundir, self.brick.parent):
            d.mkdir(parents=True)
        self.holder = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "unshare", "-m", "--propagation", "private",
             "sleep", "infinity"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            start_new_session=True)

        def holding():
            comm = Path(f"/proc/{self.holder.pid}/comm")
            return (self.holder.poll() is None and comm.exists()
                    and comm.read_text().strip() == "sleep"), f"exit {self.holder.poll()}"
        wait_until(f"node {self.index}'s namespace holder", 20, holding, 0.1)
        for source, target in ((self.lib, "/var/lib/glusterd"), (self.logs, "/var/log/glusterfs"),
                               (self.rundir, "/run")):
            self.run_ok(["mount", "--bind", str(source), target])
        # The node sees its own directories, and the host does not see them.
        (self.rundir / "node").write_text(self.ns)
        seen = self.run_ok(["cat", "/var/run/node"]).stdout.strip()
        if seen != self.ns or Path("/run/node").exists():
            raise StepFailed(f"node {self.index}: /var/run/node inside is {seen!r}")

    def start_glusterd(self):
        self.run_ok(["glusterd", "-p", "/run/glusterd.pid"])
        wait_until(f"node {self.index}: glusterd answers `gluster pool list`", 60,
                   lambda: self._answers(self.gluster("pool", "list", timeout=30)))

    @staticmethod
    def _answers(done):
        return done.returncode == 0, (done.stdout + done.stderr).strip()

    def stop_glusterd(self):
        pid = int((self.rundir / "glusterd.pid").read_text())
        os.kill(pid, signal.SIGTERM)
        wait_until(f"node {self.index}: glusterd (pid {pid}) stops", 30,
                   lambda: (not Path(f"/proc/{pid}").exists(), f"pid {pid} still running"))

    def start_daemon(self):
        # The gluster CLI and glusterd send events to ::1, the self-heal daemon to 127.0.0.1 and
        # the bricks to their volfile server, this node's address.
        with open(self.dir / "glustereventsd.out", "ab") as out:
            self.daemon = subprocess.Popen(self.inside(
                [self.tools.daemon, "--workdir", "/var/lib/glusterd",
                 "--config-file", str(self.tools.config),
                 "--log-file", "/var/log/glusterfs/events.log", "-p", "/run/glustereventsd.pid",
                 "--listen", self.ip, "--listen", "::1", "--listen", "127.0.0.1"]),
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        runtime = self.lib / "events" / "daemon.json"

        def listening():
            if self.daemon.poll() is not None:
                raise StepFailed(f"node {self.index}: glustereventsd exited "
                                 f"{self.daemon.returncode}:\n"
                                 f"{tail(self.dir / 'glustereventsd.out')}")
            try:
                return json.loads(runtime.read_text()).get("pid") == self.daemon.pid, ""
            except (OSError, ValueError) as e:
                return False, str(e)
        wait_until(f"node {self.index}: glustereventsd writes {runtime}", 30, listening, 0.2)

    def stop_daemon(self):
        self.daemon.terminate()
        try:
            code = self.daemon.wait(30)
        except subprocess.TimeoutExpired:
            raise StepFailed(f"node {self.index}: glustereventsd did not stop within 30 s")
        if code != 0:
            raise StepFailed(f"node {self.index}: glustereventsd stopped with exit {code}")


def tail(path, lines=20):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"({e})"


# --- the webhook receiver (runs as a child of this script, in the bridge's namespace) ---------

def receive(record, address, port):
    lock = threading.Lock()

    class Receiver(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock, open(record, "a") as f:
                f.write(json.dumps({"path": self.path, "body": body.decode(errors="replace")})
                        + "\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((address, port), Receiver)
    Path(record + ".ready").touch()
    server.serve_forever()


def received_events(record):
    """The bodies the receiver got, parsed; a test request's null body is left out."""
    events = []
    try:
        lines = Path(record).read_text().splitlines()
    except OSError:
        return events
    for line in lines:
        body = json.loads(json.loads(line)["body"] or "null")
        if body is not None:
            events.append(body)
    return events


# --- setting up and tearing down ----------------------------------------------------------------

def namespaces():
    return [BRIDGE_NS] + [f"{PREFIX}-n{i}" for i in (1, 2, 3)]


def tear_down(work, children, keep=False):
    """Stops every process in our namespaces (holders, glusterds, bricks, daemons, receiver),
    removes the namespaces (and with them the bridge and veths) and the work dir. Also what is
    left of a run that was killed."""
    existing = run(["ip", "netns", "list"]).stdout
    ours = [ns for ns in namespaces() if any(line.split()[:1] == [ns]
                                             for line in existing.splitlines())]
    if not children and ours:
        log(f"removing what an earlier run left: {', '.join(ours)}")

    def pids():
        for child in children:
            child.poll()  # reap, so a dead child is not listed
        found = set()
        for ns in ours:
            found.update(int(p) for p in run(["ip", "netns", "pids", ns]).stdout.split())
        return found

    for sig, seconds in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        for pid in pids():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + seconds
        while pids() and time.monotonic() < deadline:
            time.sleep(0.2)
    left = pids()
    for ns in ours:
        run(["ip", "netns", "del", ns])
    if not keep and work.exists():
        shutil.rmtree(work)
    if left:
        log(f"teardown: processes still in our namespaces: {sorted(left)}")
    return not left


def build_network():
    run_ok(["ip", "netns", "add", BRIDGE_NS])
    br = ["ip", "-n", BRIDGE_NS]
    run_ok(br + ["link", "add", "br0", "type", "bridge"])
    run_ok(br + ["addr", "add", f"{RECEIVER_IP}/24", "dev", "br0"])
    run_ok(br + ["link", "set", "br0", "up"])
    run_ok(br + ["link", "set", "lo", "up"])
    for i in (1, 2, 3):
        ns = f"{PREFIX}-n{i}"
        run_ok(["ip", "netns", "add", ns])
        run_ok(br + ["link", "add", f"v{i}", "type", "veth", "peer", "name", "eth0", "netns", ns])
        run_ok(br + ["link", "set", f"v{i}", "master", "br0", "up"])
        run_ok(["ip", "-n", ns, "addr", "add", f"{SUBNET}.{i}/24", "dev", "eth0"])
        run_ok(["ip", "-n", ns, "link", "set", "eth0", "up"])
        run_ok(["ip", "-n", ns, "link", "set", "lo", "up"])


# --- the test -----------------------------------------------------------------------------------

class Test:
    def __init__(self, tools, work):
        self.tools = tools
        self.work = work
        self.nodes = {i: Node(i, work, tools) for i in (1, 2, 3)}
        self.record = str(work / "received.jsonl")
        self.receiver = None
        self.step_name = "prepare"

    def children(self):
        procs = [self.receiver] + [n.holder for n in self.nodes.values()] + \
                [n.daemon for n in self.nodes.values()]
        return [p for p in procs if p is not None]

    def step(self, name):
        self.step_name = name
        log(f"step: {name}")

    def pool_connected(self, node):
        done = node.gluster("pool", "list", timeout=30)
        rows = [line.split() for line in done.stdout.splitlines()[1:] if line.strip()]
        ok = (done.returncode == 0 and len(rows) == 3
              and all(row[-1] == "Connected" for row in rows))
        return ok, (done.stdout + done.stderr).strip()

    def run(self):
        n1, n2, n3 = self.nodes[1], self.nodes[2], self.nodes[3]

        self.step("network: bridge namespace, three node namespaces, veths")
        build_network()
        # The daemons' and CLI's default config: not the host's /etc/glusterfs/eventsconfig.json.
        self.tools.config.write_text(json.dumps({"port": 55555}) + "\n")

        self.step("webhook receiver on the bridge")
        with open(self.work / "receiver.err", "wb") as err:
            self.receiver = subprocess.Popen(
                ["ip", "netns", "exec", BRIDGE_NS, sys.executable, __file__, "--receiver",
                 self.record, RECEIVER_IP, str(RECEIVER_PORT)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                start_new_session=True)
        wait_until("the receiver listens", 30,
                   lambda: (Path(self.record + ".ready").exists(),
                            tail(self.work / "receiver.err")), 0.1)

        self.step("private mount namespaces and one glusterd per node")
        for node in (n1, n2, n3):
            node.start_holder()
            node.start_glusterd()

        self.step("glustereventsd on node 3, before the pool forms")
        n3.start_daemon()

        self.step("gluster peer probe from node 1")
        for node in (n2, n3):
            done = n1.gluster("peer", "probe", node.ip)
            if done.returncode != 0:
                raise StepFailed(f"peer probe {node.ip} exited {done.returncode}: "
                                 f"{(done.stdout + done.stderr).strip()}")
        for node in (n1, n2, n3):
            wait_until(f"node {node.index}: `gluster pool list` shows three nodes Connected",
                       90, lambda: self.pool_connected(node))

        log("glusterd UUIDs: " + ", ".join(f"node {n.index} {n.uuid()}" for n in (n1, n2, n3)))

        self.step("glustereventsd on node 1, then node 2, in the formed pool")
        n1.start_daemon()
        n2.start_daemon()

        self.step("the daemons agree on one cluster key (none copied by hand)")
        # Node 3's daemon, alone before the probe, made a key; it sees the new peers within 5 s
        # and sends it. The deadline is generous for a slow, busy machine.
        wait_until("`gluster-eventsapi status` on node 1 shows three nodes UP and no key warning "
                   "(other than that it was sent in clear), and a signed request (`deliveries`) "
                   "is answered by every node", 120, lambda: self.one_key(n1), 1.0)
        log(f"one key on every node (fingerprint {self.same_key_files()})")

        self.step("webhook-add on node 1 reaches every node")
        done = n1.cli("webhook-add", WEBHOOK)
        rows = table_rows(done.stdout)
        expected = [["localhost", "UP", "OK"], [n2.ip, "UP", "OK"], [n3.ip, "UP", "OK"]]
        if done.returncode != 0 or sorted(rows) != sorted(expected):
            raise StepFailed(f"webhook-add exited {done.returncode} (0 expected), rows {rows} "
                             f"(three OK expected):\n{done.stdout}{done.stderr}")
        for node in (n1, n2, n3):
            hooks = json.loads((node.lib / "events" / "webhooks.json").read_text())
            if WEBHOOK not in json.dumps(hooks):
                raise StepFailed(f"node {node.index}: webhooks.json lacks {WEBHOOK}: {hooks}")

        self.step(f"replica-3 volume {VOLUME}: every node's events reach the webhook")
        bricks = [f"{node.ip}:{node.brick}" for node in (n1, n2, n3)]
        done = n1.gluster("volume", "create", VOLUME, "replica", "3", *bricks, "force")
        if done.returncode != 0:
            raise StepFailed(f"volume create exited {done.returncode}: {done.stdout}{done.stderr}")
        done = n1.gluster("volume", "start", VOLUME)
        if done.returncode != 0:
            raise StepFailed(f"volume start exited {done.returncode}: {done.stdout}{done.stderr}")
        log(wait_until("the receiver has each node's events", 90, self.events_from_every_node,
                       1.0))

        self.step("node 3's glusterd and glustereventsd stopped: a change on node 1 exits 4")
        n3.stop_daemon()
        n3.stop_glusterd()
        done = n1.cli("config-set", CHANGED_SETTING, CHANGED_VALUE)
        rows = table_rows(done.stdout)
        expected = [["localhost", "UP", "OK"], [n2.ip, "UP", "OK"],
                    [n3.ip, "UP", "NOT OK: glustereventsd is not running"]]
        if done.returncode != 4 or sorted(rows) != sorted(expected):
            raise StepFailed(f"config-set exited {done.returncode} (4 expected), rows {rows} "
                             f"(node 3 NOT OK expected):\n{done.stdout}{done.stderr}")
        log(f"config-set exited 4:\n{done.stdout.rstrip()}")

        self.step("node 3 started again catches up")
        n3.start_glusterd()
        n3.start_daemon()
        wait_until(f"node 3's events/config.json has {CHANGED_SETTING} {CHANGED_VALUE}", 60,
                   lambda: self.setting_on(n3), 1.0)
        wait_until("`gluster-eventsapi status` on node 3 shows three nodes UP", 60,
                   lambda: self.all_up(n3), 1.0)

    def all_up(self, node, without_warning=False):
        """Whether `status` on node shows every node and its daemon UP (and, if asked, nothing
        said beside UP but SENT_IN_CLEAR: no other cluster key, none missing)."""
        done = node.cli("status", "--json")
        seen = f"status exited {done.returncode}: {(done.stdout + done.stderr).strip()}"
        try:
            rows = json.loads(done.stdout)["output"]["data"]
        except (ValueError, KeyError, TypeError):
            return False, seen
        seen = f"status exited {done.returncode}:\n" + "\n".join(
            f"  {r.get('node')}: node {r.get('node_status')}, glustereventsd "
            f"{r.get('glustereventsd_status')}" + (f": {r['error']}" if r.get("error") else "")
            for r in rows)

        def warned(row):
            parts = [p for p in row.get("error", "").split("; ") if p]
            return [p for p in parts if not p.startswith(SENT_IN_CLEAR)]
        ok = done.returncode == 0 and len(rows) == 3 and all(
            r.get("node_status") == "UP" and r.get("glustereventsd_status") == "UP"
            and not (without_warning and warned(r)) for r in rows)
        return ok, seen

    def one_key(self, node):
        up, seen = self.all_up(node, without_warning=True)
        if not up:
            return False, seen
        # status asks each node's open /v1/ping; only a signed request proves the keys agree.
        done = node.cli("deliveries", "--limit", "1")
        return done.returncode == 0, f"deliveries exited {done.returncode}: " \
                                     f"{(done.stdout + done.stderr).strip()}"

    def same_key_files(self):
        """The three nodes' events/cluster.key hold the same key: its SHA-256, shortened."""
        keys = {n.index: (n.lib / "events" / "cluster.key").read_bytes().strip()
                for n in self.nodes.values()}
        if len(set(keys.values())) != 1:
            raise StepFailed("the nodes' cluster.key files differ: " + ", ".join(
                f"node {i} {hashlib.sha256(k).hexdigest()[:8]}" for i, k in keys.items()))
        return hashlib.sha256(keys[1]).hexdigest()[:8]

    def events_from_every_node(self):
        events = received_events(self.record)
        by_node = {}
        for e in events:
            by_node.setdefault(e.get("nodeid"), []).append(e)
        missing = []
        for node in self.nodes.values():
            uuid = node.uuid()
            got = {e.get("event") for e in by_node.get(uuid, [])}
            # Each of the node's senders, to each address the daemon listens on: glusterd (to
            # ::1) its own brick, the brick (to the node's address) the clients that connect to
            # it, the self-heal daemon (to 127.0.0.1) its replica set coming up.
            want = {"BRICK_CONNECTED", "CLIENT_CONNECT", "AFR_SUBVOL_UP"}
            if node.index == 1:
                want |= {"VOLUME_CREATE", "VOLUME_START"}  # sent by the gluster CLI on node 1
            missing += [f"{w} from node {node.index} ({uuid})" for w in sorted(want - got)]
            for e in by_node.get(uuid, []):
                if e.get("event") == "BRICK_CONNECTED" and \
                        e.get("message", {}).get("peer") != node.ip:
                    missing.append(f"node {node.index}'s BRICK_CONNECTED names peer "
                                   f"{e.get('message', {}).get('peer')}, not {node.ip}")
        names = {node.uuid(): f"node {node.index}" for node in self.nodes.values()}
        summary = "\n".join(f"  {names.get(uuid, uuid)}: {sorted({e.get('event') for e in es})}"
                            for uuid, es in by_node.items())
        if missing:
            return False, f"missing: {missing}\nreceived {len(events)} events:\n{summary}"
        return True, f"received {len(events)} events:\n{summary}"

    def setting_on(self, node):
        path = node.lib / "events" / "config.json"
        try:
            text = path.read_text()
        except OSError as e:
            return False, str(e)
        values = json.loads(text)
        values = values.get("values", values)
        value = values.get(CHANGED_SETTING, values.get(CHANGED_SETTING.replace("_", "-")))
        if isinstance(value, dict):
            value = value.get("value")
        return str(value) == CHANGED_VALUE, text

    def diagnostics(self):
        for node in self.nodes.values():
            for name, path in (("glustereventsd output", node.dir / "glustereventsd.out"),
                               ("events.log", node.logs / "events.log"),
                               ("glusterd.log", node.logs / "glusterd.log")):
                if path.exists():
                    print(f"--- node {node.index} {name} (last lines) ---\n{tail(path, 10)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon", help="the glustereventsd to test")
    parser.add_argument("--cli", help="the gluster-eventsapi to test")
    parser.add_argument("--work-dir", type=Path, help="removed and made again; bricks go here")
    parser.add_argument("--keep", action="store_true", help="leave the work dir for a look")
    parser.add_argument("--receiver", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receiver:
        receive(args.receiver[0], args.receiver[1], int(args.receiver[2]))
        return 0
    if not (args.daemon and args.cli and args.work_dir):
        parser.error("--daemon, --cli and --work-dir are required")
    if os.geteuid() != 0:
        print("SKIP: needs root (network and mount namespaces, glusterd)")
        return 77
    os.environ["PATH"] = "/usr/sbin:/sbin:" + os.environ.get("PATH", "/usr/bin:/bin")
    for tool in ("ip", "unshare", "nsenter", "glusterd", "gluster", "mount"):
        if shutil.which(tool) is None:
            print(f"FAIL: {tool} not found (the test needs iproute2, util-linux and "
                  "glusterfs-server)")
            return 1

    # SIGTERM (ctest's timeout, an admin) tears down as a failure would.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
    work = args.work_dir.resolve()
    tools = argparse.Namespace(daemon=str(Path(args.daemon).resolve()),
                               cli=str(Path(args.cli).resolve()),
                               config=work / "eventsconfig.json")
    tear_down(work, [])
    work.mkdir(parents=True)
    test = Test(tools, work)
    failed = True
    try:
        test.run()
        failed = False
    except StepFailed as e:
        print(f"FAIL in step '{test.step_name}': {e}", flush=True)
        test.diagnostics()
    except Exception:
        print(f"FAIL in step '{test.step_name}': unexpected error", flush=True)
        traceback.print_exc()
        test.diagnostics()
    finally:
        log("tearing down" + (" after the failure" if failed else ""))
        n1 = test.nodes[1]
        if n1.holder is not None and n1.holder.poll() is None:
            try:
                n1.gluster("volume", "stop", VOLUME, "force", timeout=60)
                n1.gluster("volume", "delete", VOLUME, timeout=60)
            except StepFailed as e:
                log(f"teardown: {e}")
        clean = tear_down(work, test.children(), keep=args.keep)
    if not failed and not clean:
        print("FAIL: teardown left processes behind")
        return 1
    if not failed:
        log("PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
