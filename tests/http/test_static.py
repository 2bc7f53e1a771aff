#!/usr/bin/env python3
"""test_static.py BINARY — the web application's files (docs/http.md, "The web
application"), served by `zorgvuldig serve --web DIR` from a folder made here:

- / is index.html; nested files, node_modules with @ in a segment, each with
  its content type and the headers every response carries; HEAD; several
  requests on one connection; over TLS too;
- 404 (problem+json) for .., %2e%2e, dotfiles and dot folders, unknown or no
  extensions, folders, a trailing slash, segments over 128 characters,
  symbolic links out of the folder or to a dotfile, files over 8 MiB, a
  FIFO, missing files; 405 with Allow: GET, HEAD for other methods; a GET with
  a body 400;
- /api/ stays the API (its 404 problem+json, its routes); the access log and
  the metrics name static requests "static", never their paths;
- --no-web serves the API alone; a --web folder that is not there is a
  warning naming it, and the server starts.
"""
import http.client
import os
import socket
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, check, common_headers, finish, new_demo, request, Response  # noqa: E402

BINARY = sys.argv[1]
MIB = 1024 * 1024

FILES = {
    "index.html": (b"<!doctype html><html lang=nl><title>Zorgvuldig</title><h1>Zorgvuldig</h1>\n",
                   "text/html; charset=utf-8"),
    "css/app.css": (b"body { margin: 0 }\n", "text/css; charset=utf-8"),
    "js/app.mjs": (b"export const x = 1;\n", "text/javascript; charset=utf-8"),
    "js/old.js": (b"var y = 2;\n", "text/javascript; charset=utf-8"),
    "js/app.mjs.map": (b'{"version":3}\n', "application/json"),
    "img/logo.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>\n", "image/svg+xml"),
    "img/icon.png": (os.urandom(3000), "image/png"),
    "favicon.ico": (b"\0\0\1\0", "image/x-icon"),
    "fonts/a.woff2": (b"wOF2", "font/woff2"),
    "fonts/a.woff": (b"wOFF", "font/woff"),
    "data/i18n.json": (b'{"nl":{}}\n', "application/json"),
    "robots.txt": (b"User-agent: *\n", "text/plain; charset=utf-8"),
    "node_modules/@utrecht/component-library-css/dist/index.css": (b".utrecht-button{}\n",
                                                                   "text/css; charset=utf-8"),
    "node_modules/@utrecht/icons/dist/a.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>\n", "image/svg+xml"),
    "node_modules/@fontsource/x/files/x.woff2": (b"wOF2", "font/woff2"),
    ("a" * 124 + ".txt"): (b"128 characters\n", "text/plain; charset=utf-8"),
}


def make_web(tmp):
    web = os.path.join(tmp, "web")
    for name, (body, _) in FILES.items():
        path = os.path.join(web, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
    # Of the npm packages only style sheets, fonts and images are served.
    for name in ("node_modules/@utrecht/component-library-css/dist/index.mjs",
                 "node_modules/@utrecht/component-library-css/package.json",
                 "node_modules/x/index.js", "node_modules/x/README.txt", "node_modules/x/index.html"):
        path = os.path.join(web, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b"export default 1;\n")
    for name, body in ((".hidden.txt", b"secret\n"), (".git/config.txt", b"secret\n"), ("x.exe", b"MZ"),
                       ("noext", b"x"), ("css/app.CSS", b"x"), ("a" * 125 + ".txt", b"129 characters\n")):
        path = os.path.join(web, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
    os.makedirs(os.path.join(web, "dir.css"))
    outside = os.path.join(tmp, "outside.txt")
    with open(outside, "wb") as f:
        f.write(b"outside the web folder\n")
    os.symlink(outside, os.path.join(web, "out.txt"))
    os.symlink(tmp, os.path.join(web, "up"))
    os.symlink("css/app.css", os.path.join(web, "link.css"))
    os.symlink(".hidden.txt", os.path.join(web, "dotlink.txt"))
    with open(os.path.join(web, "exact.png"), "wb") as f:
        f.truncate(8 * MIB)
    with open(os.path.join(web, "over.png"), "wb") as f:
        f.truncate(8 * MIB + 1)
    os.mkfifo(os.path.join(web, "fifo.txt"))
    return web


def not_found(port, path, label=None):
    r = request(port, "GET", path)
    doc = r.json() or {}
    check(f"GET {label or path[:60]}: 404 not_found", r.status == 404 and doc.get("code") == "not_found",
          (r.status, r.body[:200]))


def served(port):
    for name, (body, ctype) in FILES.items():
        r = request(port, "GET", "/" + name)
        check(f"GET /{name[:60]}: 200, {ctype}, the file",
              r.status == 200 and r.header("content-type") == ctype and r.body == body,
              (r.status, r.header("content-type"), len(r.body)))
    r = request(port, "GET", "/")
    check("GET /: index.html, text/html; charset=utf-8",
          r.status == 200 and r.body == FILES["index.html"][0]
          and r.header("content-type") == "text/html; charset=utf-8", (r.status, r.headers))
    for name, value in (("x-frame-options", "DENY"), ("cache-control", "no-store"),
                        ("cross-origin-resource-policy", "same-origin"),
                        ("permissions-policy", "camera=(), microphone=(), geolocation=()")):
        check(f"GET /: {name}: {value}", r.header(name) == value, r.headers)
    r = request(port, "HEAD", "/")
    check("HEAD /: 200, the length of index.html, no body",
          r.status == 200 and r.body == b"" and r.header("content-length") == str(len(FILES["index.html"][0]))
          and r.header("content-type") == "text/html; charset=utf-8", (r.status, r.headers))
    r = request(port, "HEAD", "/img/icon.png")
    check("HEAD of a nested file", r.status == 200 and r.body == b"" and r.header("content-length") == "3000",
          (r.status, r.headers))
    r = request(port, "GET", "/link.css")
    check("a symbolic link inside the folder is followed", r.status == 200 and r.body == FILES["css/app.css"][0],
          r.status)
    r = request(port, "GET", "/exact.png")
    check("a file of exactly 8 MiB is served", r.status == 200 and len(r.body) == 8 * MIB, (r.status, len(r.body)))
    r = request(port, "GET", "/index.html?v=2")
    check("a query string is ignored", r.status == 200 and r.body == FILES["index.html"][0], r.status)

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        bodies = []
        for name in ("index.html", "css/app.css", "img/icon.png", "nothing.css", "js/app.mjs"):
            conn.request("GET", "/" + name)
            resp = conn.getresponse()
            bodies.append((resp.status, resp.read()))
        check("several requests on one connection (keep-alive), a 404 among them",
              [b[0] for b in bodies] == [200, 200, 200, 404, 200] and bodies[2][1] == FILES["img/icon.png"][0],
              [b[0] for b in bodies])
    finally:
        conn.close()


def refused(port):
    for path in ("/../index.html", "/%2e%2e/index.html", "/css/../index.html", "/css/%2e%2e/index.html",
                 "/./index.html", "/.hidden.txt", "/.git/config.txt", "/x.exe", "/noext", "/css/app.CSS",
                 "/dir.css", "/out.txt", "/up/outside.txt", "/dotlink.txt", "/missing.css", "/css/",
                 "//index.html", "/css//app.css", "/index%2ehtml", "/css%2fapp.css", "/index.html%00.css",
                 "/" + "a" * 125 + ".txt", "/over.png", "/fifo.txt", "/nothing/at/all.js", "/index.html/",
                 "/\\index.html", "/node_modules/@utrecht/component-library-css/dist/index.mjs",
                 "/node_modules/@utrecht/component-library-css/package.json", "/node_modules/x/index.js",
                 "/node_modules/x/README.txt", "/node_modules/x/index.html"):
        not_found(port, path)
    for method, path in (("POST", "/index.html"), ("PUT", "/"), ("DELETE", "/css/app.css"),
                         ("POST", "/missing.css"), ("PATCH", "/../x")):
        r = request(port, method, path, body={} if method in ("POST", "PUT", "PATCH") else None)
        doc = r.json() or {}
        check(f"{method} {path}: 405 method_not_allowed, Allow: GET, HEAD",
              r.status == 405 and doc.get("code") == "method_not_allowed" and r.header("allow") == "GET, HEAD",
              (r.status, r.headers))
    r = request(port, "GET", "/index.html", raw=b"{}")
    check("GET of a file with a body: 400 unexpected_body",
          r.status == 400 and (r.json() or {}).get("code") == "unexpected_body", (r.status, r.body[:200]))


def api_untouched(port):
    for path in ("/api/v1/nope", "/api/v1/index.html", "/api/index.html", "/api"):
        r = request(port, "GET", path)
        doc = r.json() or {}
        check(f"GET {path}: the API's 404 problem+json", r.status == 404 and doc.get("code") == "not_found"
              and (r.header("content-type") or "").startswith("application/problem+json"), (r.status, r.body[:200]))
    r = request(port, "POST", "/api/v1/nope", body={})
    check("POST under /api/ is the API's 404, not the web application's 405", r.status == 404, r.status)
    check("GET /healthz still answers", request(port, "GET", "/healthz").json() == {"status": "ok"})
    r = request(port, "GET", "/api/v1/cases")
    check("GET /api/v1/cases still needs a session (401)", r.status == 401, r.status)
    r = request(port, "PATCH", "/healthz")
    check("a route's 405 still names the route's methods", r.status == 405 and r.header("allow") == "GET, HEAD",
          r.headers)


def tls(web, db, tmp):
    """Over TLS: files arrive whole, HEAD has none of the body."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    big = os.urandom(3 * MIB + 17)
    with open(os.path.join(web, "big.png"), "wb") as f:
        f.write(big)
    s = Server(BINARY, db, "--web", web, "--tls-cert", cert, "--tls-key", key, log=os.path.join(tmp, "tls.log"))
    try:
        ctx = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", s.port, context=ctx, timeout=20)
        try:
            got = []
            for method, path in (("GET", "/big.png"), ("HEAD", "/big.png"), ("GET", "/"), ("HEAD", "/")):
                conn.request(method, path)
                resp = conn.getresponse()
                r = Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
                common_headers(f"TLS {method} {path}", r)
                got.append(r)
        finally:
            conn.close()
        check("over TLS: a 3 MiB file arrives whole", got[0].status == 200 and got[0].body == big,
              (got[0].status, len(got[0].body)))
        check("over TLS: HEAD has its length and no body",
              got[1].status == 200 and got[1].body == b"" and got[1].header("content-length") == str(len(big)),
              got[1].headers)
        check("over TLS: / and HEAD /", got[2].body == FILES["index.html"][0] and got[3].body == b"",
              (got[2].status, got[3].status))
        check("over TLS: Strict-Transport-Security on a file",
              "max-age=" in (got[0].header("strict-transport-security") or ""), got[0].headers)
    finally:
        rc, _, err = s.stop()
    check("the TLS server stops cleanly", rc == 0, err[-300:])


def logged(server):
    m = request(server.port, "GET", "/metrics").body.decode()
    check("/metrics counts the web application's files under one route, static",
          'zv_http_requests_total{method="",route="static",status="2xx"}' in m
          and 'zv_http_requests_total{method="",route="static",status="4xx"}' in m, m[:400])
    with open(server.log_path) as f:
        lines = f.read().splitlines()
    static = [x for x in lines if '"route":"static"' in x]
    check("the access log names static requests by the route static", len(static) > 30, len(static))
    check("the access log never names a file's path",
          not any(w in x for x in lines for w in ("index.html", "app.css", "node_modules", "utrecht", "hidden")),
          [x for x in lines if "html" in x][:2])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = new_demo(BINARY, tmp)
        web = make_web(tmp)
        server = Server(BINARY, db, "--web", web)
        try:
            served(server.port)
            refused(server.port)
            api_untouched(server.port)
            # A request that hangs on nothing: the FIFO was never opened.
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(b"GET /fifo.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            check("a FIFO is answered at once", sock.recv(64).startswith(b"HTTP/1.1 404"))
            sock.close()
            logged(server)
        finally:
            rc, _, err = server.stop()
        check("the server with --web stops cleanly", rc == 0 and "warning" not in err, err[-300:])

        # Symbolic links out of the folder are refused also when the folder is one.
        linked = os.path.join(tmp, "linked-web")
        os.symlink(web, linked)
        s = Server(BINARY, db, "--web", linked, log=os.path.join(tmp, "linked.log"))
        try:
            r = request(s.port, "GET", "/css/app.css")
            check("a --web folder given through a symbolic link serves its files", r.status == 200, r.status)
            not_found(s.port, "/out.txt", "/out.txt through a linked folder")
        finally:
            s.stop()

        s = Server(BINARY, db, "--no-web", log=os.path.join(tmp, "noweb.log"))
        try:
            for path in ("/", "/index.html", "/css/app.css"):
                r = request(s.port, "GET", path)
                check(f"--no-web: GET {path} is 404", r.status == 404 and (r.json() or {}).get("code") == "not_found",
                      r.status)
            r = request(s.port, "POST", "/index.html", body={})
            check("--no-web: POST /index.html is 404 (no such path)", r.status == 404, r.status)
            check("--no-web: the API answers", request(s.port, "GET", "/healthz").status == 200)
        finally:
            rc, _, err = s.stop()
        check("--no-web: no warning", rc == 0 and "warning" not in err, err)

        for label, folder in (("missing", os.path.join(tmp, "no-such-folder")),
                              ("a file", os.path.join(web, "robots.txt"))):
            s = Server(BINARY, db, "--web", folder, log=os.path.join(tmp, "missing.log"))
            try:
                check(f"--web {label}: GET / is 404", request(s.port, "GET", "/").status == 404)
                check(f"--web {label}: the API answers", request(s.port, "GET", "/healthz").status == 200)
            finally:
                rc, _, err = s.stop()
            check(f"--web {label}: the server starts, and warns naming the folder",
                  rc == 0 and "warning" in err and folder in err, err)

        tls(web, db, tmp)
    finish("http static")


if __name__ == "__main__":
    main()
