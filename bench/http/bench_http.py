#!/usr/bin/env python3
"""bench_http.py BINARY OUT_DIR — the HTTP API under load, beside nginx.

On loopback, in one run, with wrk (64 connections, 2 threads, DURATION
seconds each, `--latency`):

  1. POST /api/v1/decisions (a session cookie and the CSRF token; the body
     is a public scenario's situation) against `zorgvuldig serve`;
  2. GET /api/v1/cases/{id} of a case with 500 entries, each view filtered
     per entry and written to the audit log before it is answered;
  3. the web application's files as `zorgvuldig serve` serves them from
     web/: the page (index.html) and the largest file a browser loads, the
     NL Design System's CSS;
  4. nginx serving static files of exactly the sizes of the two answers, and
     the same two files of the web application, the ceiling of what a server
     on this machine can do over HTTP.

The store is a fresh demo (under OUT_DIR) with a case of 500 entries added
through the API. Prints one JSON object with requests per second and
latency percentiles of each, and the ratios. Needs wrk and nginx (Debian
packages; `scripts/install-deps --bench`).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "http"))
from server import Server, new_demo, request, sign_in  # noqa: E402

BINARY, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ROOT = os.path.join(HERE, "..", "..")
DURATION = os.environ.get("BENCH_HTTP_SECONDS", "10")
CONNECTIONS = int(os.environ.get("BENCH_HTTP_CONNECTIONS", "64"))
ENTRIES = 500
WEB_CSS = "node_modules/@utrecht/component-library-css/dist/index.css"
ANSWERS = {"proportionate": True, "beyond_necessary": False, "informed_beforehand": True}


def wrk(url, script=None, connections=CONNECTIONS):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}s", "--latency", "--timeout", "10s"]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50_ms": ms("50"), "p90_ms": ms("90"), "p99_ms": ms("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(0) if errors else "", "raw": out}


def lua(path, method, body, headers):
    with open(path, "w") as f:
        f.write(f"wrk.method = {json.dumps(method)}\n")
        if body is not None:
            f.write(f"wrk.body = {json.dumps(body)}\n")
        for k, v in headers.items():
            f.write(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n")
    return path


def big_case(s):
    """A case of 500 entries, opened and filled by anna (lead)."""
    r = s.post("/api/v1/cases", {
        "household": "Gezin Bench", "team": "lt-noord", "title": "Benchmark", "framework": "voluntary",
        "phase": "risk_driven_care", "reason": "benchmark", "family_informed": True,
        "persons": [{"name": "Kind Bench", "role": "child", "birth_date": "2015-01-01", "authority": [1]},
                    {"name": "Ouder Bench", "role": "parent", "birth_date": "1980-01-01"}],
        "members": [{"login": "bram.jansen", "role": "directly_involved"}]})
    doc = r.json()
    cid, child = doc["id"], doc["persons"][0]
    for i in range(ENTRIES):
        r = s.post(f"/api/v1/cases/{cid}/entries", dict({
            "kind": "observation" if i % 2 else "fact", "category": "ordinary", "source": "school",
            "text": f"Waarneming {i}: het kind was op tijd en had een lunchpakket bij zich.",
            "subjects": [child]}, **ANSWERS))
        if r.status != 201:
            raise SystemExit(f"bench: adding entry {i} failed: {r.status} {r.body[:200]}")
    return cid


def nginx(root, port):
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  types {{ application/json json; text/html html; text/css css; }}
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root}/www;
  }}
}}
""")
    p = subprocess.Popen(["nginx", "-c", conf, "-p", root, "-g", "daemon off; user root;"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)
    if p.poll() is not None:
        raise SystemExit(f"bench: nginx did not start: {p.stderr.read().decode()}")
    return p


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"bench: {tool} is needed (scripts/install-deps --bench)")
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="http-", dir=OUT)
    try:
        db, d = new_demo(BINARY, work)
        users = {u["login"]: u for u in d["users"]}
        server = Server(BINARY, db, "--threads", os.environ.get("BENCH_HTTP_THREADS", "2"),
                        "--web", os.path.join(ROOT, "web"), log=os.devnull)
        try:
            anna = sign_in(server.port, users["anna.devries"])
            cid = big_case(anna)
            with open(os.path.join(ROOT, "tests", "scenarios", sorted(
                    f for f in os.listdir(os.path.join(ROOT, "tests", "scenarios")) if f.endswith(".json"))[0])) as f:
                situation = json.dumps(json.load(f)["situation"])
            decision = anna.post("/api/v1/decisions", raw=situation.encode())
            view = anna.get(f"/api/v1/cases/{cid}")
            assert decision.status == 200 and view.status == 200
            assert len((view.json() or {}).get("entries") or []) == ENTRIES + 0
            www = os.path.join(work, "www")
            os.makedirs(www)
            with open(os.path.join(www, "decision.json"), "wb") as f:
                f.write(decision.body)
            with open(os.path.join(www, "case.json"), "wb") as f:
                f.write(view.body)
            cookie = {"Cookie": f"zv_session={anna.cookie}"}
            base = f"http://127.0.0.1:{server.port}"
            dec_script = lua(os.path.join(work, "decide.lua"), "POST", situation,
                             dict(cookie, **{"X-CSRF-Token": anna.csrf, "Content-Type": "application/json"}))
            view_script = lua(os.path.join(work, "view.lua"), "GET", None, cookie)
            results = {"decisions": wrk(f"{base}/api/v1/decisions", dec_script),
                       "case_view": wrk(f"{base}/api/v1/cases/{cid}", view_script),
                       "case_view_4": wrk(f"{base}/api/v1/cases/{cid}", view_script, connections=4),
                       "web_index": wrk(f"{base}/"),
                       "web_css": wrk(f"{base}/{WEB_CSS}")}
            # The same files for nginx, at the same paths.
            for rel, target in (("index.html", "index.html"), (WEB_CSS, WEB_CSS)):
                os.makedirs(os.path.dirname(os.path.join(www, target)), exist_ok=True)
                shutil.copyfile(os.path.join(ROOT, "web", rel), os.path.join(www, target))
            rc, out, err = server.stop()
        finally:
            if server.alive():
                server.stop()
        port = free_port()
        ng = nginx(work, port)
        try:
            results["nginx_decision_size"] = wrk(f"http://127.0.0.1:{port}/decision.json")
            results["nginx_case_size"] = wrk(f"http://127.0.0.1:{port}/case.json")
            results["nginx_web_index"] = wrk(f"http://127.0.0.1:{port}/")
            results["nginx_web_css"] = wrk(f"http://127.0.0.1:{port}/{WEB_CSS}")
        finally:
            ng.send_signal(signal.SIGQUIT)
            ng.wait(timeout=30)
        verify = subprocess.run([BINARY, "--db", db, "audit", "verify"], capture_output=True, text=True)
        results["sizes"] = {"decision_bytes": len(decision.body), "case_bytes": len(view.body),
                            "web_index_bytes": os.path.getsize(os.path.join(ROOT, "web", "index.html")),
                            "web_css_bytes": os.path.getsize(os.path.join(ROOT, "web", WEB_CSS))}
        results["audit_verifies"] = verify.returncode == 0
        results["connections"] = CONNECTIONS
        results["duration_s"] = int(DURATION)
        results["versions"] = {
            "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0],
            "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()}
        for r in results.values():
            if isinstance(r, dict):
                r.pop("raw", None)
        print(json.dumps(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
