"""server.py — what the HTTP tests share: a demo store, `zorgvuldig serve`
started on a free port (and stopped with SIGTERM), requests that check the
headers every response must carry, signing in (with TOTP codes computed
here, RFC 6238), and counted checks (tests/cli/checks.py).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from checks import check, finish  # noqa: E402,F401

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "openapi.json")) as _f:
    PROBLEM_CODES = set(json.load(_f)["components"]["schemas"]["ProblemCode"]["enum"])

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def run(binary, args, stdin=None, timeout=120):
    p = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def totp(secret_b32, at=None, step_offset=0):
    """The 6-digit code of `secret_b32` at time `at` (now), one step later or earlier."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = int((time.time() if at is None else at) // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return f"{code:06d}"


class Server:
    """`zorgvuldig --db DB serve --listen 127.0.0.1:0 [extra…]`."""

    def __init__(self, binary, db, *extra, log=None):
        self.binary, self.db = binary, db
        self.log_path = log or db + ".access.log"
        self.proc = subprocess.Popen(
            [binary, "--db", db, "serve", "--listen", "127.0.0.1:0", "--access-log", self.log_path, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.tls = line.startswith("listening on https://")
        if not line.startswith(("listening on http://127.0.0.1:", "listening on https://127.0.0.1:")):
            err = self.proc.stderr.read()
            raise RuntimeError(f"serve did not start: {line!r} {err}")
        self.port = int(line.rsplit(":", 1)[1])

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=30):
        """SIGTERM; the exit code and what it printed after."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def header(self, name):
        return self.headers.get(name.lower())


def request(port, method, path, body=None, headers=None, cookie=None, csrf=None, raw=None,
            content_type="application/json", timeout=30):
    """One request on a new connection; checks the headers every response carries."""
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = f"zv_session={cookie}"
    if csrf:
        h["X-CSRF-Token"] = csrf
    data = raw
    if body is not None and raw is None:
        data = json.dumps(body).encode()
    if data is not None and content_type:
        h.setdefault("Content-Type", content_type)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()
    common_headers(f"{method} {path}", resp)
    return resp


def common_headers(label, r):
    check(f"{label}: API-Version header", r.header("api-version") == "0.1.0", r.headers)
    csp = r.header("content-security-policy") or ""
    check(f"{label}: Content-Security-Policy without inline script, frame-ancestors 'none'",
          "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp, csp)
    for k, v in SECURITY_HEADERS.items():
        check(f"{label}: {k}", r.header(k) == v, r.headers)
    if r.status >= 400:
        doc = r.json()
        check(f"{label}: an error is application/problem+json",
              (r.header("content-type") or "").startswith("application/problem+json"), r.headers)
        check(f"{label}: problem details: type, title, status, detail, code",
              isinstance(doc, dict) and doc.get("status") == r.status and isinstance(doc.get("title"), str)
              and isinstance(doc.get("detail"), str) and isinstance(doc.get("type"), str)
              and isinstance(doc.get("code"), str), r.body[:300])
        check(f"{label}: the problem's code is one docs/openapi.json lists",
              isinstance(doc, dict) and doc.get("code") in PROBLEM_CODES, r.body[:300])


class Session:
    """A signed-in user: the session cookie and the CSRF token."""

    def __init__(self, port, login, cookie, csrf, doc):
        self.port, self.login, self.cookie, self.csrf, self.doc = port, login, cookie, csrf, doc

    def get(self, path, **kw):
        return request(self.port, "GET", path, cookie=self.cookie, **kw)

    def post(self, path, body=None, csrf=True, **kw):
        return request(self.port, "POST", path, body=body, cookie=self.cookie,
                       csrf=self.csrf if csrf else None, **kw)

    def put(self, path, body=None, csrf=True, **kw):
        return request(self.port, "PUT", path, body=body, cookie=self.cookie,
                       csrf=self.csrf if csrf else None, **kw)

    def delete(self, path, csrf=True, **kw):
        return request(self.port, "DELETE", path, cookie=self.cookie,
                       csrf=self.csrf if csrf else None, **kw)


def cookie_of(r):
    c = r.header("set-cookie") or ""
    first = c.split(";", 1)[0]
    return first.split("=", 1)[1] if first.startswith("zv_session=") else None


def sign_in(port, user, code=None):
    """Sign a demo user in (with a code when they have a secret); the
    Session, or None after a failed check."""
    body = {"login": user["login"], "password": user["password"]}
    if user.get("totp_secret"):
        body["totp"] = code or totp(user["totp_secret"])
    r = request(port, "POST", "/api/v1/session", body)
    doc = r.json() or {}
    ok = r.status == 200 and cookie_of(r) and isinstance(doc.get("csrf_token"), str)
    check(f"sign in as {user['login']}: 200, a cookie and a csrf_token", ok, (r.status, r.body[:300]))
    return Session(port, user["login"], cookie_of(r), doc.get("csrf_token"), doc) if ok else None


def new_demo(binary, tmp, name="z.db"):
    db = os.path.join(tmp, name)
    rc, out, err = run(binary, ["--db", db, "demo", "--json"])
    if rc != 0:
        raise RuntimeError(f"demo failed: {err}")
    return db, json.loads(out)
