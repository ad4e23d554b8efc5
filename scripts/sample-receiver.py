#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
"""A webhook receiver for trying glustereventsd out: prints every event it is sent.

Usage: scripts/sample-receiver.py [PORT]   (listens on 127.0.0.1, default port 9000, path any)
Standard library only, so it runs on a fresh machine.
"""
import http.server
import json
import sys


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        event = json.loads(body) if body else None
        if event is None:
            print("test call (body null)", flush=True)
        else:
            print(self.headers.get("webhook-id"), json.dumps(event), flush=True)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, *args):
        pass


port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
