#!/usr/bin/env python3
"""test_hostile.py BINARY — 1 000 malformed or hostile requests against
`zorgvuldig serve` on the demo: bad JSON, huge bodies and headers, slow
clients, path traversal, unknown methods, missing CSRF tokens, forged
cookies, broken HTTP. Afterwards the server is still up and answers, the
dossier's data are byte for byte what they were, the audit log has not
grown and verifies.

None of these requests may reach a service (so none may be audited): they
have no session, a forged one, no CSRF token, or a body that is refused
before the service is called.
"""
import hashlib
import json
import os
import random
import socket
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, check, finish, new_demo, request, run, sign_in  # noqa: E402

BINARY = sys.argv[1]
N = int(os.environ.get("ZV_HOSTILE_REQUESTS", "1000"))


def dossier_digest(db):
    """A hash of every table's rows (the audit log's included), read-only."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    h = hashlib.sha256()
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for t in tables:
        h.update(t.encode())
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def raw(port, data, read=True, timeout=5.0):
    """Send raw bytes; the status line of the answer ('' when none)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return ""
        buf = b""
        while b"\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        return buf.split(b"\r\n", 1)[0].decode(errors="replace")
    except OSError:
        return ""
    finally:
        s.close()


def status_of(line):
    parts = line.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def hostile_requests(session, rng):
    """(label, kind, args) of N hostile requests, a fixed mix."""
    cookie, csrf = session.cookie, session.csrf
    gens = []
    paths = ["/api/v1/cases", "/api/v1/cases/ZV-2026-00001", "/api/v1/decisions", "/api/v1/session",
             "/api/v1/cases/ZV-2026-00001/entries", "/api/v1/obligations", "/api/v1/break-glass"]
    traversal = ["/api/v1/cases/../../etc/passwd", "/api/v1/cases/..%2F..%2Fetc%2Fpasswd", "/api/v1/cases/%00",
                 "/api/v1/cases/ZV-2026-00001/../ZV-2026-00002", "/../../../etc/passwd", "/api/v1//cases",
                 "/api/v1/cases/ZV-2026-00001%2Fentries", "/api/v1/cases/" + "A" * 300, "/api/v1/cases/.",
                 "/api/v1/cases/..", "/api/v1/cases/%2e%2e", "/api/v1/entries/E0000001/corrections/",
                 "/%2e%2e/%2e%2e/", "/api/v1/cases/%5c..%5c", "/api/v1/cases/ZV-2026-00001\\..\\x"]
    bodies = [b"{", b"[]", b"null", b'{"version":', b"\xff\xfe\x00", b'{"a":' * 200 + b"1" + b"}" * 200,
              b'{"login":"anna.devries","login":"x"}', b'{"text":"\x00"}', b"\"" + b"x" * 100 + b"\"",
              json.dumps({"kind": "fact", "subjects": [1, 2]}).encode(), b'{"version":1e999}',
              b'{"version":-1,"phase":"closed","reason":"x"}', b'{"hours":"eight","reason":1}']
    for i in range(N):
        k = i % 12
        if k == 0:    # bad JSON with a valid session and token: refused before any service
            path = rng.choice(["/api/v1/cases", "/api/v1/cases/ZV-2026-00001/entries",
                               "/api/v1/cases/ZV-2026-00001/changes", "/api/v1/entries/E0000001/corrections",
                               "/api/v1/cases/ZV-2026-00001/break-glass", "/api/v1/obligations/O0000001/fulfilment"])
            gens.append(("bad JSON", "req", ("POST", path, rng.choice(bodies), cookie, csrf), {400}))
        elif k == 1:  # a state-changing request without the CSRF token
            path = rng.choice(["/api/v1/decisions", "/api/v1/cases", "/api/v1/cases/ZV-2026-00001/entries"])
            gens.append(("no CSRF token", "req", ("POST", path, b"{}", cookie, None), {403}))
        elif k == 2:  # forged cookies
            forged = rng.choice(["A" * 43, cookie[:-1] + ("A" if cookie[-1] != "A" else "B"), "", "x" * 5000,
                                 "\u00e9".encode().decode("latin-1"), cookie + "A"])
            gens.append(("forged cookie", "req", (rng.choice(["GET", "POST"]), rng.choice(paths), b"{}", forged,
                                                   csrf), {401, 403, 400, 405, 431}))
        elif k == 3:  # path traversal and odd paths
            gens.append(("odd path", "req", ("GET", rng.choice(traversal), None, cookie, None), {400, 404, 405}))
        elif k == 4:  # unknown methods
            m = rng.choice(["TRACE", "CONNECT", "PROPFIND", "FOO", "PATCH", "OPTIONS"])
            gens.append(("unknown method", "req", (m, rng.choice(paths), None, None, None), {400, 404, 405, 501}))
        elif k == 5:  # huge bodies, announced
            gens.append(("huge body", "big", rng.choice(["/api/v1/cases", "/api/v1/decisions",
                                                         "/api/v1/cases/ZV-2026-00001/entries"]), {401, 413, 400}))
        elif k == 6:  # huge headers
            gens.append(("huge headers", "headers", rng.choice([20_000, 100_000, 400_000]), {400, 413, 431}))
        elif k == 7:  # broken HTTP
            junk = rng.choice([b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x16\x03\x01\x02\x00",
                               b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                               b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
                               b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 2000 + b"\r\n"])
            gens.append(("broken HTTP", "raw", junk, None))
        elif k == 8:  # slow clients: half a request, then silence
            gens.append(("slow client", "slow", None, None))
        elif k == 9:  # a lying Content-Length
            gens.append(("lying length", "lie", rng.choice(paths), None))
        elif k == 10:  # sign-in bodies that are refused before anything is checked
            body = rng.choice([b'{"login":1,"password":2}', b'{"login":"a"}', b'{"password":"x"}',
                               b'{"login":"a","password":"b","extra":1}', b"{", b'{"login":"' + b"a" * 300 +
                               b'","password":"x"}'])
            gens.append(("bad sign-in body", "req", ("POST", "/api/v1/session", body, None, None), {400}))
        else:         # wrong content type on a write
            gens.append(("form body", "req", ("POST", "/api/v1/cases", b"household=x", cookie, csrf), {415},))
    return gens


def send(port, item, rng):
    label, kind, args = item[0], item[1], item[2]
    if kind == "req":
        method, path, body, cookie, csrf = args
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        if cookie is not None:
            head.append(f"Cookie: zv_session={cookie}")
        if csrf:
            head.append(f"X-CSRF-Token: {csrf}")
        if body is not None:
            ctype = "application/x-www-form-urlencoded" if label == "form body" else "application/json"
            head += [f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace") + (body or b"")
        return status_of(raw(port, data))
    if kind == "big":
        data = (f"POST {args} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {50 * 1024 * 1024}\r\n\r\n").encode() + b"{" + b" " * 65536
        return status_of(raw(port, data))
    if kind == "headers":
        data = b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * args + b"\r\n\r\n"
        return status_of(raw(port, data))
    if kind == "raw":
        raw(port, args, timeout=0.5)
        return None
    if kind == "slow":
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Len")
        SLOW.append((time.time(), s))   # left open; the server must time it out without waiting for it
        return None
    if kind == "lie":
        data = (f"POST {args} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: 1000\r\n\r\n{{}}").encode()
        raw(port, data, read=False)
        return None
    return None


SLOW = []


def per_address_limit(db):
    """Idle connections from one address are capped; other addresses are still served."""
    server = Server(BINARY, db, "--connections-per-address", "8")
    held, refused = [], 0
    try:
        for _ in range(12):
            s = socket.socket()
            s.settimeout(2)
            s.bind(("127.0.0.2", 0))
            try:
                s.connect(("127.0.0.1", server.port))
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")   # and never the end
                held.append(s)
            except OSError:
                refused += 1
                s.close()
        time.sleep(0.5)
        cut = 0
        for s in held:            # the ones over the limit are closed by the server
            try:
                s.settimeout(0.2)
                if s.recv(1) == b"":
                    cut += 1
            except socket.timeout:
                pass
            except OSError:
                cut += 1
        check("a 9th connection from one address is refused (--connections-per-address 8)",
              refused + cut >= 4, (refused, cut, len(held)))
        check("while other addresses are still served", request(server.port, "GET", "/healthz").status == 200)
    finally:
        for s in held:
            s.close()
        server.stop()


def main():
    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory() as tmp:
        db, d = new_demo(BINARY, tmp)
        # The slow clients below hold connections; allow them all from here.
        server = Server(BINARY, db, "--threads", "2", "--connections-per-address", "512")
        users = {u["login"]: u for u in d["users"]}
        session = sign_in(server.port, users["anna.devries"])
        rc, head_before, _ = run(BINARY, ["--db", db, "audit", "head", "--json"])
        before = dossier_digest(db)
        items = hostile_requests(session, rng)
        bad = []
        started = time.time()
        for i, item in enumerate(items):
            got = send(server.port, item, rng)
            expected = item[3] if len(item) > 3 else None
            if expected and got not in expected:
                bad.append((i, item[0], got, sorted(expected)))
            if not server.alive():
                bad.append((i, item[0], "the server died", None))
                break
        check(f"{len(items)} hostile requests: each refused with the right status", not bad, bad[:10])
        check(f"{len(items)} hostile requests were sent", len(items) == N)
        # The server closes a connection idle for 15 s (docs/http.md).
        if SLOW:
            first_at, first = SLOW[0]
            time.sleep(max(0.0, first_at + 16.5 - time.time()))
            first.settimeout(2)
            closed = False
            try:
                while True:          # an answer may come first; then the end
                    if first.recv(4096) == b"":
                        closed = True
                        break
            except socket.timeout:
                closed = False
            except OSError:
                closed = True        # reset: cut off as well
            check("a slow client is cut off after the connection timeout", closed)
        for _, s in SLOW:
            s.close()
        check("the server is still up", server.alive())
        r = request(server.port, "GET", "/healthz")
        check("and answers /healthz", r.status == 200)
        check("and the session still works", session.get("/api/v1/session").status == 200)
        after = dossier_digest(db)
        rc2, head_after, _ = run(BINARY, ["--db", db, "audit", "head", "--json"])
        check("the dossier's data and the audit log are byte for byte unchanged", before == after)
        check("the audit log's head is the same", rc == 0 and rc2 == 0 and head_before == head_after,
              (head_before, head_after))
        rc, out, err = server.stop()
        check("the server stops cleanly on SIGTERM", rc == 0, err[-500:])
        per_address_limit(db)
        rc, out, err = run(BINARY, ["--db", db, "audit", "verify"])
        check("the audit log verifies", rc == 0, out + err)
        print(f"hostile: {len(items)} requests in {time.time() - started:.1f} s")
    finish("http hostile")


if __name__ == "__main__":
    main()
