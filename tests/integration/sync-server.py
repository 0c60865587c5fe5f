#!/usr/bin/env python3
"""A tiny stand-in for the registry's upload API, for tests/integration/sync.t.

Listens on 127.0.0.1 on a random port (written to PORTFILE), checks every
POST /api/reports envelope as BRIEF.md defines it ({"report": string holding
JSON, "signature": base64 of 64 bytes, "certificate": PEM}) and answers by
the report's "report_id": "r200" → 200, "r422" → 422 with an {"error"},
"r401"/"r403"/"r404"/"r413" → that status with an HTML body (a proxy),
"r500" → 500, any other → 201 (stored); an envelope that breaks the contract → 400 with the
reason.  Each request is logged to LOGFILE as "<report_id or -> <status>".
Stops by itself after LIFETIME seconds (default 120) or on SIGTERM.
"""
import base64
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

portfile, logfile = sys.argv[1], sys.argv[2]
lifetime = int(sys.argv[3]) if len(sys.argv) > 3 else 120


def check(body, ctype):
    if ctype != "application/json":
        return None, "content type %r" % ctype
    try:
        env = json.loads(body)
    except ValueError as e:
        return None, "not JSON: %s" % e
    if sorted(env) != ["certificate", "report", "signature"]:
        return None, "members %s" % sorted(env)
    if not all(isinstance(env[k], str) for k in env):
        return None, "members must be strings"
    try:
        sig = base64.b64decode(env["signature"], validate=True)
    except ValueError:
        return None, "signature is not base64"
    if len(sig) != 64:
        return None, "signature has %d bytes" % len(sig)
    if not env["certificate"].startswith("-----BEGIN CERTIFICATE-----"):
        return None, "certificate is not PEM"
    try:
        report = json.loads(env["report"])
    except ValueError:
        return None, "report is not JSON"
    return report, None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, obj, rid):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with open(logfile, "a") as f:
            f.write("%s %d\n" % (rid, status))

    def do_HEAD(self):
        # the Date header is all reco sync --set-clock reads
        self.send_response(200)
        self.end_headers()

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if self.path != "/api/reports":
            return self.answer(404, {"error": "no such path " + self.path}, "-")
        report, why = check(body, self.headers.get("Content-Type"))
        if why:
            return self.answer(400, {"error": "bad envelope: " + why}, "-")
        rid = report.get("report_id", "-")
        if rid == "r200":
            return self.answer(200, {"already": rid}, rid)
        if rid == "r422":
            return self.answer(422, {"error": "a disk is not erased: /dev/sdb failed"}, rid)
        if rid in ("r401", "r403", "r404", "r413"):
            # what a proxy or a captive portal answers: HTML, not the registry's JSON
            data = b"<html><body>Proxy says no</body></html>"
            self.send_response(int(rid[1:]))
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            with open(logfile, "a") as f:
                f.write("%s %s\n" % (rid, rid[1:]))
            return
        if rid == "r500":
            return self.answer(500, {"error": "database is locked"}, rid)
        return self.answer(201, {"stored": rid}, rid)


srv = HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(portfile + ".tmp", portfile)
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=srv.shutdown).start())
threading.Timer(lifetime, srv.shutdown).start()
srv.serve_forever()
os._exit(0)
