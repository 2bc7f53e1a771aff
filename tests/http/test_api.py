#!/usr/bin/env python3
"""test_api.py BINARY SCENARIO_DIR… — the HTTP API (docs/http.md) on the demo,
with `zorgvuldig serve` on a free port:

- every route of docs/openapi.json answers (and nothing else does: unknown
  paths 404, other methods 405 with Allow), with the headers every response
  carries and problem details for every error;
- signing in: passwords, TOTP (required, wrong, reused), the cookie's
  attributes, the CSRF token, sign-out, forged cookies, idle and absolute
  timeouts, failed sign-ins limited per account and per address (429);
- every demo user sees over HTTP exactly the cases they have a role in, 404
  for the others, and in each exactly the entries the demo says;
- POST /api/v1/decisions equals `zorgvuldig decide` for every scenario, and
  bad situations give the command line's path as a 400;
- the dossier's writes over HTTP: opening a case, changes, members, entries
  (allowed and refused with the engine's decision), corrections (409 when
  stale), reactions, consents, withdrawal, sharing, break-the-glass and its
  review, obligations;
- the audit log for the privacy officer and the auditor: searches by person,
  user and case, within days, each logged first and equal to the command
  line's; verification equal to `audit verify --json` (also of a log that
  does not verify); professionals refused (and the refusal logged); bad
  query parameters 400 with `?name` as the path;
- every sign-in attempt is audited; /metrics counts; SIGTERM stops cleanly
  and the audit log verifies.
"""
import glob
import http.client
import json
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import (Server, Session, check, cookie_of, finish, new_demo, request,  # noqa: E402
                    run, sign_in, totp)

BINARY = sys.argv[1]
SCENARIO_DIRS = sys.argv[2:]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ANSWERS = {"proportionate": True, "beyond_necessary": False, "informed_beforehand": True}


def problem(label, r, status, code, path=None):
    doc = r.json() or {}
    check(f"{label}: {status} {code}", r.status == status and doc.get("code") == code,
          (r.status, r.body[:400]))
    if path is not None:
        check(f"{label}: path {path}", doc.get("path") == path, doc)
    return doc


def openapi_routes(port):
    r = request(port, "GET", "/api/v1/openapi.json")
    doc = r.json() or {}
    check("GET /api/v1/openapi.json: OpenAPI 3.1", r.status == 200 and str(doc.get("openapi", "")).startswith("3.1"),
          r.body[:200])
    with open(os.path.join(ROOT, "docs", "openapi.json")) as f:
        check("the served OpenAPI document is docs/openapi.json", json.load(f) == doc)
    base = "/api/v1"
    routes = []
    for path, item in (doc.get("paths") or {}).items():
        servers = item.get("servers") if isinstance(item, dict) else None
        prefix = "" if servers else base
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                routes.append((method.upper(), prefix + path, item[method]))
    return routes


def fill(path, ids):
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    return path


def routes_without_session(port, routes):
    """Every route answers; those that need a session 401 without one."""
    ids = {"caseId": "ZV-2026-00001", "entryId": "E0000001", "consentId": "C0000001", "login": "bram.jansen",
           "grantId": "G0000001", "obligationId": "O0000001"}
    public = {("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/api/v1/openapi.json"),
              ("POST", "/api/v1/session")}
    for method, path, _ in routes:
        r = request(port, method, fill(path, ids), body={} if method in ("POST", "PUT") else None)
        if (method, path) in public:
            check(f"{method} {path} without a session is not 401", r.status != 401, r.status)
        else:
            problem(f"{method} {path} without a session", r, 401, "unauthenticated")
    problem("an unknown path", request(port, "GET", "/api/v1/nothing"), 404, "not_found")
    problem("a trailing slash", request(port, "GET", "/api/v1/cases/"), 404, "not_found")
    problem("no version in the path", request(port, "GET", "/cases"), 404, "not_found")
    r = request(port, "PATCH", "/api/v1/cases")
    problem("PATCH /api/v1/cases", r, 405, "method_not_allowed")
    check("405 names the methods there are (Allow)", r.header("allow") == "GET, HEAD, POST", r.headers)
    problem("TRACE /healthz", request(port, "TRACE", "/healthz"), 405, "method_not_allowed")
    problem("a GET with a body", request(port, "GET", "/healthz", raw=b"{}"), 400, "unexpected_body")
    problem("an escaped slash is no slash", request(port, "GET", "/api/v1/cases/ZV-2026-00001%2Fentries"), 404,
            "not_found")
    problem("an escaped NUL ends nothing", request(port, "GET", "/api/v1/cases/ZV-2026-00001%00x"), 404,
            "not_found")
    problem("signing in with a body over 4 KiB", request(port, "POST", "/api/v1/session",
                                                       {"login": "x" * 5000, "password": "y"}), 413,
            "body_too_large")
    # Without a session a body is never read: the 401 comes at the headers.
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 900000\r\n\r\n")
    first = sock.recv(200)
    sock.close()
    check("without a session the answer (401) comes before the body is sent",
          first.startswith(b"HTTP/1.1 401"), first)


def sessions(port, d, binary, db, tmp):
    users = {u["login"]: u for u in d["users"]}
    anna = users["anna.devries"]
    problem("sign in: wrong password", request(port, "POST", "/api/v1/session",
                                               {"login": "anna.devries", "password": "nope"}), 401,
            "invalid_credentials")
    problem("sign in: unknown login", request(port, "POST", "/api/v1/session",
                                              {"login": "niemand", "password": "x"}), 401, "invalid_credentials")
    problem("sign in: an unknown member", request(port, "POST", "/api/v1/session",
                                                  {"login": "a", "password": "b", "pasword": "c"}), 400,
            "invalid_input", "$.pasword")
    problem("sign in: not JSON", request(port, "POST", "/api/v1/session", raw=b"login=anna"), 400, "invalid_json")
    problem("sign in: a form, not JSON", request(port, "POST", "/api/v1/session", raw=b"login=anna&password=x",
                                                 content_type="application/x-www-form-urlencoded"),
            415, "unsupported_media_type")
    karin = users["karin.dekker"]
    problem("sign in without the second factor of a user who has one",
            request(port, "POST", "/api/v1/session", {"login": karin["login"], "password": karin["password"]}),
            401, "totp_required")
    problem("sign in with a wrong code",
            request(port, "POST", "/api/v1/session", {"login": karin["login"], "password": karin["password"],
                                                     "totp": "000000" if totp(karin["totp_secret"]) != "000000"
                                                     else "111111"}), 401, "totp_invalid")
    # The first of two steps is no failure: signing in again and again (a
    # user whose session ended) never locks the account.
    for i in range(7):
        r = request(port, "POST", "/api/v1/session", {"login": karin["login"], "password": karin["password"]})
    problem("the password step of a second factor, 8 times in a row: still totp_required, not held", r, 401,
            "totp_required")
    early = totp(karin["totp_secret"], step_offset=-1)
    s1 = sign_in(port, karin, early)
    problem("the same code again: refused (each code once)",
            request(port, "POST", "/api/v1/session", {"login": karin["login"], "password": karin["password"],
                                                     "totp": early}), 401, "totp_invalid")
    check("the second factor signed in", s1 is not None)

    r = request(port, "POST", "/api/v1/session", {"login": anna["login"], "password": anna["password"]})
    cookie = r.header("set-cookie") or ""
    check("the session cookie is HttpOnly, SameSite=Strict, Path=/",
          "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie and "Secure" not in cookie,
          cookie)
    doc = r.json() or {}
    check("sign-in answers who, roles and the csrf_token",
          doc.get("login") == "anna.devries" and doc.get("organisation") == "lt-noord"
          and "team_lead" in (doc.get("roles") or []) and len(doc.get("csrf_token") or "") == 43, doc)
    s = Session(port, "anna.devries", cookie_of(r), doc.get("csrf_token"), doc)
    me = s.get("/api/v1/session")
    check("GET /api/v1/session: who is signed in, and the same csrf_token",
          me.status == 200 and (me.json() or {}).get("csrf_token") == s.csrf, me.body[:200])
    problem("a forged cookie", request(port, "GET", "/api/v1/cases", cookie="A" * 43), 401, "unauthenticated")
    problem("a cookie of the wrong length", request(port, "GET", "/api/v1/cases", cookie="abc"), 401,
            "unauthenticated")
    problem("POST without the CSRF token", s.post("/api/v1/decisions", {"version": 1}, csrf=False), 403,
            "csrf_token_missing")
    problem("POST with another session's CSRF token",
            request(port, "POST", "/api/v1/decisions", {"version": 1}, cookie=s.cookie,
                    csrf=s1.csrf if s1 else "x" * 43), 403, "csrf_token_invalid")
    r = s.delete("/api/v1/session", csrf=False)
    problem("sign-out without the CSRF token", r, 403, "csrf_token_missing")
    r = s.delete("/api/v1/session")
    check("sign-out: 204 and the cookie cleared", r.status == 204 and "Max-Age=0" in (r.header("set-cookie") or ""),
          (r.status, r.headers))
    problem("after sign-out the session is gone", s.get("/api/v1/cases"), 401, "unauthenticated")

    # A password changed elsewhere (the command line) ends the user's sessions.
    bram = users["bram.jansen"]
    b = sign_in(port, bram)
    rc, out, err = run(BINARY, ["--db", db, "--as", "mark.hendriks", "user", "passwd", "bram.jansen"],
                       stdin=b"een-heel-nieuw-wachtwoord\n")
    check("user passwd bram.jansen", rc == 0, err)
    time.sleep(2.6)
    problem("after a password change the old session has ended", b.get("/api/v1/cases"), 401, "unauthenticated")
    check("the new password signs in", sign_in(port, dict(bram, password="een-heel-nieuw-wachtwoord")) is not None)
    rc, out, err = run(BINARY, ["--db", db, "--as", "mark.hendriks", "user", "passwd", "bram.jansen"],
                       stdin=(bram["password"] + "\n").encode())
    check("user passwd bram.jansen back", rc == 0, err)
    time.sleep(2.6)

    # Timeouts, on a server of their own.
    short = Server(binary, db, "--session-idle", "1", "--session-max", "3", log=os.path.join(tmp, "short.log"))
    try:
        a = sign_in(short.port, anna)
        time.sleep(1.6)
        problem("a session unused for longer than its idle time has ended", a.get("/api/v1/cases"), 401,
                "unauthenticated")
        b = sign_in(short.port, anna)
        for _ in range(5):
            time.sleep(0.7)
            if b.get("/api/v1/session").status != 200:
                break
        problem("a session in use ends at its absolute time", b.get("/api/v1/session"), 401, "unauthenticated")
    finally:
        short.stop()

    # Failed sign-ins are limited, on a server of their own (its limits are its own).
    limited = Server(binary, db, log=os.path.join(tmp, "limited.log"))
    try:
        bram = users["bram.jansen"]
        for i in range(5):
            request(limited.port, "POST", "/api/v1/session", {"login": "bram.jansen", "password": f"wrong{i}"})
        r = request(limited.port, "POST", "/api/v1/session", {"login": "bram.jansen", "password": bram["password"]})
        problem("after 5 failures the account is held, even with the right password", r, 429, "too_many_attempts")
        check("429 says when to try again (Retry-After)", (r.header("retry-after") or "").isdigit(), r.headers)
        check("another account from the same address still signs in", sign_in(limited.port, anna) is not None)
        for i in range(20):
            request(limited.port, "POST", "/api/v1/session", {"login": f"guess{i}", "password": "x"})
        problem("after 20 failures from one address, every account is held there",
                request(limited.port, "POST", "/api/v1/session", {"login": "anna.devries",
                                                                 "password": anna["password"]}),
                429, "too_many_attempts")
        m = request(limited.port, "GET", "/metrics").body.decode()
        check("/metrics counts sign-in failures by reason",
              'zv_signin_failures_total{reason="bad_credentials"} 20' in m
              and 'zv_signin_failures_total{reason="rate_limited"} 7' in m, m[-800:])
    finally:
        limited.stop()


def visibility(port, d):
    """Every demo user: their cases exactly, 404 for the others, and in each
    exactly the entries the demo says they see, as the command line does."""
    cases = {c["id"]: c for c in d["cases"]}
    signed = {}
    for u in d["users"]:
        s = sign_in(port, u)
        if not s:
            continue
        signed[u["login"]] = s
        login = u["login"]
        mine = {cid for cid, c in cases.items() if any(m["login"] == login for m in c["team"])}
        r = s.get("/api/v1/cases")
        listed = r.json()
        ids = [x.get("id") for x in listed] if isinstance(listed, list) else []
        check(f"GET /api/v1/cases as {login}: exactly the cases with a role",
              r.status == 200 and set(ids) == mine and len(ids) == len(mine), (ids, sorted(mine)))
        for cid, c in cases.items():
            r = s.get(f"/api/v1/cases/{cid}")
            if cid not in mine:
                doc = problem(f"GET /api/v1/cases/{cid} as {login} (no role)", r, 404, "not_found")
                none = s.get("/api/v1/cases/ZV-2099-99999").json() or {}
                check(f"the 404 for {cid} is the 404 of a case that does not exist",
                      json.dumps(doc).replace(cid, "X") == json.dumps(none).replace("ZV-2099-99999", "X"),
                      (doc, none))
                continue
            v = r.json() or {}
            full = {e["id"] for e in c["entries"] if login in e["visible_to"]}
            anon = {e["id"] for e in c["entries"] if login in e["anonymous_to"]}
            entries = v.get("entries") or []
            got_full = {e.get("id") for e in entries if e.get("anonymous") is False}
            got_anon = {e.get("id") for e in entries if e.get("anonymous") is True}
            check(f"GET /api/v1/cases/{cid} as {login}: exactly the entries the demo says",
                  r.status == 200 and got_full == full and got_anon == anon
                  and len(entries) == len(full) + len(anon), (sorted(got_full), sorted(full), sorted(anon)))
            rc, out, err = run(BINARY, ["--db", DB, "--as", login, "case", "show", cid, "--json"])
            cli = json.loads(out) if rc == 0 else None
            check(f"GET /api/v1/cases/{cid} as {login} equals the command line's case show", cli == v,
                  (rc, err))
    return signed


def decisions(s):
    files = sorted(f for d in SCENARIO_DIRS for f in glob.glob(os.path.join(d, "*.json")))
    check("there are scenario files to compare", len(files) >= 10, SCENARIO_DIRS)
    for f in files:
        with open(f) as fh:
            doc = json.load(fh)
        situation = doc.get("situation", doc) if isinstance(doc, dict) else doc
        raw = json.dumps(situation).encode()
        rc, out, err = run(BINARY, ["decide"], stdin=raw)
        r = s.post("/api/v1/decisions", raw=raw)
        if rc == 0:
            check(f"POST /api/v1/decisions equals decide: {os.path.basename(f)}",
                  r.status == 200 and r.json() == json.loads(out), (r.status, r.body[:300]))
        else:
            cli = (json.loads(out) or {}).get("error", {})
            problem(f"POST /api/v1/decisions refuses as decide does: {os.path.basename(f)}", r, 400,
                    "invalid_situation", cli.get("path"))
    for label, raw in [("not JSON", b"{"), ("an unknown member", b'{"version":1,"action":"view","colour":1}'),
                       ("a duplicate key", b'{"version":1,"version":1,"action":"view"}'),
                       ("over 1 MiB", b'{"version":1,"action":"view","purpose":{"description":"' + b"x" * (1 << 20)
                        + b'"}}')]:
        rc, out, err = run(BINARY, ["decide"], stdin=raw)
        cli = (json.loads(out) or {}).get("error", {})
        r = s.post("/api/v1/decisions", raw=raw)
        doc = problem(f"POST /api/v1/decisions, {label}: 400 invalid_situation", r, 400, "invalid_situation",
                      cli.get("path"))
        check(f"POST /api/v1/decisions, {label}: the command line's message", doc.get("detail") == cli.get("message"),
              (doc.get("detail"), cli.get("message")))


def entry_of(v, eid):
    return next((e for e in (v or {}).get("entries") or [] if e.get("id") == eid), None)


def writes(signed, d):
    anna, bram, ilse = signed["anna.devries"], signed["bram.jansen"], signed["ilse.meijer"]
    jansen = "ZV-2026-00001"
    v = anna.get(f"/api/v1/cases/{jansen}").json() or {}
    persons = {p["name"]: p["id"] for p in v.get("persons") or []}
    child = next((p["id"] for p in v.get("persons") or [] if p.get("role") == "child"), None)
    parents = [p["id"] for p in v.get("persons") or [] if p.get("role") == "parent"]

    # ---- a new case ----
    new_case = {"household": "Gezin Test", "team": "lt-noord", "title": "Zorgen over schoolverzuim",
                "framework": "voluntary", "phase": "risk_driven_care", "reason": "melding school",
                "family_informed": True,
                "persons": [{"name": "Kim Test", "role": "child", "birth_date": "2016-04-01", "authority": [1]},
                            {"name": "Rob Test", "role": "parent", "birth_date": "1985-01-01"}],
                "members": [{"login": "bram.jansen", "role": "directly_involved"}]}
    r = anna.post("/api/v1/cases", new_case)
    doc = r.json() or {}
    cid = doc.get("id")
    check("POST /api/v1/cases: 201 with the ids", r.status == 201 and isinstance(cid, str)
          and len(doc.get("persons") or []) == 2, r.body[:300])
    bad = dict(new_case, framework="sometimes")
    problem("POST /api/v1/cases: a bad framework", anna.post("/api/v1/cases", bad), 400, "invalid_input",
            "$.framework")
    bad = dict(new_case, persons=[dict(new_case["persons"][0], colour="red")])
    problem("POST /api/v1/cases: an unknown member of a person", anna.post("/api/v1/cases", bad), 400,
            "invalid_input", "$.persons[0].colour")
    check("the new case is in anna's list", cid in [c.get("id") for c in anna.get("/api/v1/cases").json() or []])
    problem("a user outside the team gets 404 for the new case",
            signed["carla.bakker"].get(f"/api/v1/cases/{cid}"), 404, "not_found")

    # ---- changes and members ----
    r = anna.post(f"/api/v1/cases/{cid}/changes", {"version": 1, "phase": "recovery", "reason": "het gaat beter",
                                                    "family_informed": False})
    check("POST changes: 201 with the new version", r.status == 201 and (r.json() or {}).get("version") == 2, r.body)
    problem("POST changes with a stale version", anna.post(f"/api/v1/cases/{cid}/changes", {
        "version": 1, "phase": "closed", "reason": "x"}), 409, "conflict")
    problem("POST changes without a new framework or phase", anna.post(f"/api/v1/cases/{cid}/changes", {
        "version": 2, "reason": "x"}), 400, "invalid_input", "$.framework")
    r = anna.post(f"/api/v1/cases/{cid}/family-informed", {"change": 2, "note": "gebeld"})
    check("POST family-informed: done", r.status == 200 and (r.json() or {}).get("done") is True, r.body)
    r = anna.put(f"/api/v1/cases/{cid}/members/ilse.meijer", {"role": "advisor"})
    check("PUT members/ilse.meijer: done", r.status == 200, r.body)
    check("ilse now sees the case (anonymously)", (ilse.get(f"/api/v1/cases/{cid}").json() or {}).get("anonymous")
          is True)
    problem("PUT a member as a non-lead", bram.put(f"/api/v1/cases/{cid}/members/joost.vandijk", {"role": "lead"}),
            403, "not_permitted")
    problem("PUT a member with a bad role", anna.put(f"/api/v1/cases/{cid}/members/joost.vandijk",
                                                     {"role": "boss"}), 400, "invalid_input", "$.role")

    # ---- entries ----
    entry = dict({"kind": "fact", "category": "ordinary", "source": "school (mentor)",
                  "text": "Tim was deze week elke dag op school.", "subjects": [child], "verified": True}, **ANSWERS)
    r = anna.post(f"/api/v1/cases/{jansen}/entries", entry)
    eid = (r.json() or {}).get("id")
    check("POST entries: 201 with id and version 1", r.status == 201 and (r.json() or {}).get("version") == 1, r.body)
    check("bram sees the new entry in full", (entry_of(bram.get(f"/api/v1/cases/{jansen}").json(), eid) or {})
          .get("text") == entry["text"])
    e = entry_of(ilse.get(f"/api/v1/cases/{jansen}").json(), eid) or {}
    check("the advisor sees it anonymously, without text", e.get("anonymous") is True and "text" not in e, e)
    r = anna.post(f"/api/v1/cases/{jansen}/entries", dict(entry, category="criminal", source="politie",
                                                          text="Aangehouden.", subjects=parents[:1]))
    doc = problem("POST entries: criminal data the local team may not record", r, 403, "not_permitted")
    check("the refusal carries the engine's decision", (doc.get("decision") or {}).get("outcome") == "denied", doc)
    r = anna.post(f"/api/v1/cases/{jansen}/entries", {k: v for k, v in entry.items() if k not in ANSWERS})
    doc = problem("POST entries: the engine's questions unanswered", r, 400, "invalid_input")
    check("the decision's questions come with it", (doc.get("decision") or {}).get("outcome") == "judgement_required",
          doc)
    hidden = anna.post(f"/api/v1/cases/{jansen}/entries", dict(entry, kind="opinion", text="Niet voor bram.",
                                                               hidden_from_logins=["bram.jansen"],
                                                               restriction_reason="veiligheid")).json() or {}
    check("an entry hidden from bram is not in any of his answers",
          hidden.get("id") and hidden["id"] not in bram.get(f"/api/v1/cases/{jansen}").body.decode())
    problem("POST entries as the advisor", ilse.post(f"/api/v1/cases/{jansen}/entries", entry), 403, "not_permitted")
    problem("POST entries as a user with no role", signed["carla.bakker"].post(f"/api/v1/cases/{jansen}/entries",
                                                                                entry), 404, "not_found")
    problem("POST entries: subjects not a list", anna.post(f"/api/v1/cases/{jansen}/entries",
                                                           dict(entry, subjects="P1")), 400, "invalid_input",
            "$.subjects")
    r = anna.post(f"/api/v1/entries/{eid}/corrections", {"version": 1, "text": "Vier dagen.", "reason": "telfout"})
    check("POST corrections: 201 version 2", r.status == 201 and (r.json() or {}).get("version") == 2, r.body)
    problem("POST corrections with a stale version", anna.post(f"/api/v1/entries/{eid}/corrections", {
        "version": 1, "text": "x", "reason": "y"}), 409, "conflict")
    problem("POST corrections of an entry hidden from me: 404, not 409",
            bram.post(f"/api/v1/entries/{hidden.get('id')}/corrections", {"version": 9, "text": "x", "reason": "y"}),
            404, "not_found")
    r = anna.post(f"/api/v1/entries/{eid}/reactions", {"person": child, "text": "Ik was er ook op vrijdag."})
    check("POST reactions: 201 with an id", r.status == 201 and (r.json() or {}).get("id"), r.body)

    # ---- consents ----
    consent = {"subject": child, "kind": "processing", "purpose": "hulpverlening", "recipients": ["org:jh-kompas"],
               "given_by": parents, "how_obtained": "huisbezoek"}
    r = anna.post(f"/api/v1/cases/{jansen}/consents", consent)
    kid = (r.json() or {}).get("id")
    check("POST consents: 201", r.status == 201 and kid, r.body)
    problem("POST consents: a bad kind", anna.post(f"/api/v1/cases/{jansen}/consents", dict(consent, kind="maybe")),
            400, "invalid_input", "$.kind")
    r = anna.post(f"/api/v1/cases/{jansen}/consents/{kid}/steps", {"version": 1, "state": "renewed",
                                                                    "valid_until": "2027-12-31"})
    check("POST consent steps: renewed", r.status == 200 and (r.json() or {}).get("version") == 2, r.body)
    r = anna.post(f"/api/v1/cases/{jansen}/consents/{kid}/withdrawal", {"version": 2, "by_person": parents[0]})
    doc = r.json() or {}
    check("POST withdrawal: the consequence", r.status == 200 and isinstance(doc.get("consequence"), str)
          and doc.get("version") == 3, r.body)
    problem("POST withdrawal again (stale)", anna.post(f"/api/v1/cases/{jansen}/consents/{kid}/withdrawal", {
        "version": 2, "by_person": parents[0]}), 409, "conflict")

    # ---- sharing ----
    share = {"entries": [eid], "to": "jh-kompas", "purpose": "hulpverlening", "answers": {}}
    r = anna.post(f"/api/v1/cases/{jansen}/disclosures", share)
    doc = r.json() or {}
    check("POST disclosures: the engine's answer with its decision",
          r.status in (200, 201, 400, 403) and (doc.get("decision") or {}).get("outcome"), r.body[:400])
    problem("POST disclosures: two recipients", anna.post(f"/api/v1/cases/{jansen}/disclosures",
                                                          dict(share, to_kind="school")), 400, "invalid_input",
            "$.to")

    # ---- break the glass, obligations ----
    carla = signed["carla.bakker"]
    r = carla.post(f"/api/v1/cases/{jansen}/break-glass", {"reason": "crisis, regievoerder onbereikbaar",
                                                           "hours": 2})
    gid = (r.json() or {}).get("id")
    check("POST break-glass: 201", r.status == 201 and gid, r.body)
    check("with the grant carla sees the case", carla.get(f"/api/v1/cases/{jansen}").status == 200)
    problem("POST break-glass: 100 hours", carla.post(f"/api/v1/cases/{jansen}/break-glass", {
        "reason": "x", "hours": 100}), 400, "invalid_input", "$.hours")
    lotte = signed["lotte.peters"]
    r = lotte.get("/api/v1/break-glass")
    check("GET break-glass as the privacy officer lists the grant",
          r.status == 200 and gid in [g.get("id") for g in r.json() or []], r.body[:300])
    problem("GET break-glass as a professional", anna.get("/api/v1/break-glass"), 403, "not_permitted")
    r = lotte.post(f"/api/v1/break-glass/{gid}/review", {"note": "terecht"})
    check("POST review: done", r.status == 200, r.body)
    r = anna.get("/api/v1/obligations")
    obl = r.json() or []
    check("GET obligations: a list", r.status == 200 and isinstance(obl, list), r.body[:200])
    if obl:
        r = anna.post(f"/api/v1/obligations/{obl[0]['id']}/fulfilment", {"note": "gedaan"})
        check("POST fulfilment: done", r.status == 200, r.body)
    r = signed["joost.vandijk"].post("/api/v1/entries/E0000001/reactions", {"person": "P0000001", "text": "x"})
    doc = problem("a reaction to an entry of a case without a role: 404", r, 404, "not_found")
    check("the 404 of an entry never names its case", "ZV-" not in (doc.get("detail") or ""), doc)
    problem("POST fulfilment of an unknown obligation", anna.post("/api/v1/obligations/O9999999/fulfilment",
                                                                  {"note": "x"}), 404, "not_found")
    # ---- the pilot's organisations: the configuration's, in its order ----
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "config",
                           "demo-pilot.json")) as f:
        pilot = json.load(f)
    want = [{"id": o["id"], "name": o["name"], "kind": o["kind"]} for o in pilot["organisations"]]
    r = anna.get("/api/v1/organisations")
    check("GET organisations: every organisation of the configuration, in its order, as id, name, kind",
          r.status == 200 and r.json() == want, r.body[:300])


def log_tail(db):
    """The audit log's size and its newest event, read from the store (read-only,
    so that reading them logs nothing)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        size = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        row = con.execute("SELECT entry FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return size, json.loads(row[0]) if row else None


def finds(e, kind, ident, days):
    """Whether a search by `kind` `ident` within `days` should find event `e`."""
    key = e["who"]["user"] if kind == "user" else (e.get("whose") or {}).get(kind + "s") or []
    day = e["at"][:10]
    return ((key == ident) if kind == "user" else ident in key) and \
        days.get("from", day) <= day <= days.get("to", day)


def audit_search(lotte, kind, ident, days):
    """One search as the privacy officer: 200, one audit_search event appended
    first and naming her, exactly the events that match, oldest first, and what
    the command line's search finds for the same query (which logs its own
    search after hers, found too when the query names it)."""
    query = urllib.parse.urlencode({kind: ident, **days})
    label = f"GET /api/v1/audit-events?{query}"
    before, _ = log_tail(DB)
    r = lotte.get("/api/v1/audit-events?" + query)
    events = (r.json() or {}).get("events")
    check(f"{label}: 200 with a list of events", r.status == 200 and isinstance(events, list), r.body[:300])
    events = events if isinstance(events, list) else []
    after, own = log_tail(DB)
    check(f"{label}: the search appended one audit_search event naming the privacy officer",
          after == before + 1 and own["action"] == "audit_search" and own["outcome"] == "done"
          and own["who"]["user"] == "lotte.peters" and own["who"].get("role") == "privacy_officer"
          and own["from"].startswith("http 127.0.0.1") and ident in own.get("detail", ""), own)
    names = own.get("whose") == {kind + "s": [ident]} if kind != "user" else "whose" not in own
    check(f"{label}: the search event names the person or case searched for", names, own)
    check(f"{label}: oldest first", [e["seq"] for e in events] == sorted({e["seq"] for e in events}),
          [e["seq"] for e in events])
    check(f"{label}: only events that match", all(finds(e, kind, ident, days) for e in events),
          [e for e in events if not finds(e, kind, ident, days)][:2])
    check(f"{label}: its own event last when the query finds it, else not at all",
          (events[-1:] == [own]) if finds(own, kind, ident, days) else own not in events, events[-1:])
    args = ["--db", DB, "audit", "search", "--" + kind, ident]
    for k, v in days.items():
        args += ["--" + k, v]
    rc, out, err = run(BINARY, args + ["--json"])
    cli = json.loads(out) if rc == 0 else []
    extra = cli[len(events):]
    check(f"{label}: the command line finds the same events, then only its own search",
          rc == 0 and cli[:len(events)] == events and all(e["action"] == "audit_search"
                                                          and e["who"]["user"].startswith("os:") for e in extra)
          and len(extra) == (1 if kind != "user" and finds(own, kind, ident, days) else 0),
          (rc, len(cli), len(events), err[:200]))
    return events


def audit_log(signed, d):
    """The privacy officer's audit log over HTTP: search and verification, for
    privacy officers and auditors only, equal to the command line's."""
    lotte, mark, anna = signed.get("lotte.peters"), signed.get("mark.hendriks"), signed.get("anna.devries")
    check("the privacy officer, the auditor and a professional are signed in", lotte and mark and anna)
    if not (lotte and mark and anna):
        return
    case = d["cases"][0]["id"]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    found = audit_search(lotte, "case", case, {})
    person = next((p for e in found for p in (e.get("whose") or {}).get("persons") or []), None)
    check("a search by case finds events naming its persons", person is not None, found[:2])
    by_user = audit_search(lotte, "user", "anna.devries", {})
    check("a search by user finds what they did", len(by_user) >= 3, len(by_user))
    audit_search(lotte, "person", person or "P0000001", {})
    audit_search(lotte, "user", "anna.devries", {"from": today, "to": today})
    audit_search(lotte, "case", case, {"from": "2001-01-01", "to": "2001-12-31"})
    audit_search(lotte, "person", person or "P0000001", {"from": today})
    audit_search(lotte, "user", "lotte.peters", {"to": today})
    r = lotte.get("/api/v1/audit-events?user=anna%2Edevries")
    check("query values are percent-decoded (anna%2Edevries is anna.devries)",
          r.status == 200 and (r.json() or {}).get("events") == by_user, r.body[:200])
    r = mark.get(f"/api/v1/audit-events?case={case}")
    _, own = log_tail(DB)
    check("the auditor searches too", r.status == 200 and own["who"]["user"] == "mark.hendriks"
          and own["who"].get("role") == "auditor", (r.status, own))

    # Not for professionals: 403, and the refusal is in the log.
    for path, what in ((f"/api/v1/audit-events?case={case}", "search"),
                       ("/api/v1/audit-log/verification", "verification")):
        before, _ = log_tail(DB)
        problem(f"a professional's {what} of the audit log", anna.get(path), 403, "not_permitted")
        after, own = log_tail(DB)
        check(f"a professional's {what} of the audit log is logged as refused",
              after == before + 1 and own["action"] == "audit_search" and own["outcome"] == "refused"
              and own["who"]["user"] == "anna.devries", own)
        if what == "search":
            check("the refused search names the case it was for",
                  (own.get("whose") or {}).get("cases") == [case], own)

    # Bad queries: 400 naming the parameter, and nothing logged.
    before, _ = log_tail(DB)
    for query, path in (("", "?"), ("person=P1&user=x", "?user"), ("case=a&person=b", "?case"),
                        ("user=a&user=b", "?user"), ("user=a&colour=red", "?colour"), ("user", "?user"),
                        ("user=", "?user"), ("user=%zz", "?user"), ("user=a%2", "?user"), ("user=a%00b", "?user"),
                        ("user=a%01b", "?user"), ("case=" + "x" * 300, "?case"),
                        ("user=a&from=2026-13-01", "?from"), ("user=a&to=yesterday", "?to"),
                        ("user=a&from=2026-02-01&to=2026-01-01", "?from"), ("from=2026-01-01", "?")):
        problem(f"GET /api/v1/audit-events?{query[:40]}", lotte.get("/api/v1/audit-events?" + query), 400,
                "invalid_input", path)
    problem("GET /api/v1/audit-log/verification takes no query", lotte.get("/api/v1/audit-log/verification?x=1"),
            400, "invalid_input", "?x")
    after, _ = log_tail(DB)
    check("bad queries log nothing", after == before, (before, after))

    # Verification: the command line's report, byte for byte.
    r = lotte.get("/api/v1/audit-log/verification")
    rc, out, err = run(BINARY, ["--db", DB, "audit", "verify", "--json"])
    check("GET /api/v1/audit-log/verification: ok, and the command line's report",
          r.status == 200 and (r.json() or {}).get("ok") is True and rc == 0 and r.json() == json.loads(out),
          (r.body[:300], out, err))
    check("the auditor verifies too", mark.get("/api/v1/audit-log/verification").status == 200)


def tampered_verification(tmp):
    """A log that does not verify is still 200, with the command line's report."""
    db, d = new_demo(BINARY, tmp, "tampered.db")
    s = Server(BINARY, db, log=os.path.join(tmp, "tampered.log"))
    try:
        lotte = sign_in(s.port, next(u for u in d["users"] if u["login"] == "lotte.peters"))
        con = sqlite3.connect(db)
        con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        (entry,) = con.execute("SELECT entry FROM audit_event WHERE seq = 12").fetchone()
        con.execute("UPDATE audit_event SET entry = ? WHERE seq = 12", (entry.replace('"done"', '"refused"'),))
        con.commit()
        con.close()
        r = lotte.get("/api/v1/audit-log/verification") if lotte else None
        rc, out, err = run(BINARY, ["--db", db, "audit", "verify", "--json"])
        doc = r.json() if r else None
        check("a changed event: the verification is 200, not ok, naming the event",
              r is not None and r.status == 200 and doc.get("ok") is False and doc.get("event") == 12
              and isinstance(doc.get("problem"), str), r.body[:300] if r else None)
        check("a changed event: the command line's report", rc == 1 and doc == json.loads(out), (out, err))
    finally:
        s.stop()


def trusted_proxy(d, tmp):
    """--trusted-proxy: the client is the last X-Forwarded-For entry, for limits and the audit log."""
    s = Server(BINARY, DB, "--trusted-proxy", "127.0.0.1", log=os.path.join(tmp, "proxy.log"))
    anna = next(u for u in d["users"] if u["login"] == "anna.devries")
    try:
        for i in range(20):
            request(s.port, "POST", "/api/v1/session", {"login": f"guess{i}", "password": "x"},
                    headers={"X-Forwarded-For": "10.0.0.1"})
        ok = {"login": anna["login"], "password": anna["password"]}
        problem("behind the proxy: 20 failures from 10.0.0.1 hold 10.0.0.1",
                request(s.port, "POST", "/api/v1/session", ok, headers={"X-Forwarded-For": "10.0.0.1"}),
                429, "too_many_attempts")
        problem("a client cannot escape by writing its own X-Forwarded-For before the proxy's",
                request(s.port, "POST", "/api/v1/session", ok,
                        headers={"X-Forwarded-For": "10.9.9.9, 10.0.0.1"}), 429, "too_many_attempts")
        r = request(s.port, "POST", "/api/v1/session", ok, headers={"X-Forwarded-For": "10.0.0.2"})
        check("another client behind the proxy still signs in", r.status == 200, r.body[:200])
    finally:
        s.stop()
    rc, out, err = run(BINARY, ["--db", DB, "audit", "search", "--user", "anna.devries", "--json"])
    check("the audit log records the client behind the proxy", "http 10.0.0.2 via 127.0.0.1" in out,
          out[-400:])


def tls(d, tmp):
    """--tls-cert and --tls-key: HTTPS, the cookie Secure, HSTS."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    s = Server(BINARY, DB, "--tls-cert", cert, "--tls-key", key, log=os.path.join(tmp, "tls.log"))
    try:
        check("with --tls-cert and --tls-key the server says https", s.tls)
        ctx = ssl.create_default_context(cafile=cert)
        anna = next(u for u in d["users"] if u["login"] == "anna.devries")
        conn = http.client.HTTPSConnection("127.0.0.1", s.port, context=ctx, timeout=10)
        conn.request("POST", "/api/v1/session", body=json.dumps({"login": anna["login"],
                                                                 "password": anna["password"]}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        version = conn.sock.version() if conn.sock else None
        check("over TLS: sign in", r.status == 200, r.status)
        check("over TLS: the cookie is Secure", "Secure" in (r.getheader("Set-Cookie") or ""), r.getheaders())
        check("over TLS: Strict-Transport-Security", "max-age=" in (r.getheader("Strict-Transport-Security") or ""))
        check("over TLS: TLS 1.2 or 1.3", version in ("TLSv1.2", "TLSv1.3"), version)
        conn.close()
    finally:
        rc, out, err = s.stop()
    check("the TLS server stops cleanly", rc == 0, err[-300:])


def graceful_stop(d, tmp):
    """SIGTERM lets a request in flight finish, then the server exits 0."""
    s = Server(BINARY, DB, log=os.path.join(tmp, "stop.log"))
    anna = next(u for u in d["users"] if u["login"] == "anna.devries")
    body = json.dumps({"login": anna["login"], "password": anna["password"]}).encode()
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    sock.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:10])
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
    except OSError:
        refused = True
    check("after SIGTERM no new connections are accepted", refused)
    sock.sendall(body[10:])
    answer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    sock.close()
    check("the request in flight at SIGTERM is finished (200)", answer.startswith(b"HTTP/1.1 200"), answer[:200])
    rc, out, err = s.stop()
    check("then the server exits 0 and says stopped", rc == 0 and "stopped" in out, (rc, out, err[-300:]))


def main():
    global DB
    with tempfile.TemporaryDirectory() as tmp:
        DB, d = new_demo(BINARY, tmp)
        server = Server(BINARY, DB)
        try:
            routes = openapi_routes(server.port)
            routes_without_session(server.port, routes)
            check("/healthz", request(server.port, "GET", "/healthz").json() == {"status": "ok"})
            sessions(server.port, d, BINARY, DB, tmp)
            signed = visibility(server.port, d)
            if "anna.devries" in signed:
                decisions(signed["anna.devries"])
                writes(signed, d)
            audit_log(signed, d)
            m = request(server.port, "GET", "/metrics").body.decode()
            check("/metrics: requests by route, decisions by outcome, audit appends",
                  'zv_http_requests_total{method="GET",route="/api/v1/cases/{caseId}",status="2xx"}' in m
                  and 'zv_decisions_total{outcome="allowed"}' in m and "zv_audit_appends_total" in m, m[:600])
            check("the access log names routes, never ids", "ZV-2026" not in open(server.log_path).read())
            tls(d, tmp)
            trusted_proxy(d, tmp)
            tampered_verification(tmp)
            graceful_stop(d, tmp)
        finally:
            rc, out, err = server.stop()
        check("SIGTERM: the server stops cleanly (exit 0)", rc == 0 and "stopped" in out, (rc, out, err[-500:]))
        rc, out, err = run(BINARY, ["--db", DB, "audit", "verify"])
        check("the audit log verifies after all of it", rc == 0, out + err)
        rc, out, err = run(BINARY, ["--db", DB, "audit", "search", "--user", "anna.devries", "--json"])
        check("sign-ins and failed sign-ins are in the audit log",
              rc == 0 and '"sign_in"' in out and '"sign_in_failure"' in out, (rc, out[:300], err[:300]))
    finish("http api")


if __name__ == "__main__":
    main()
