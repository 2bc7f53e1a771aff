#!/usr/bin/env python3
"""test_dossier.py BINARY WRITER ROOT — the household dossier through the command line.

As outside tests drive it (the command-line contract, ../shared/spec/cli.md): a store made
by `demo --json` on a new file and by `init` then `demo --json`; the demo's
description checked for its exact shape and for the telling cases it
guarantees; every demo user's `case list` equal to the cases they have a role
in, `case show` of any other case refused (exit 3, no content), `case show`
of their own cases showing exactly the entries the demo says they see (in
full or anonymously); the views logged and the audit log verifying; every
write command with its exit codes (entries, corrections, reactions, consents
and their withdrawal with its cascade, framework changes, sharing, break the
glass, obligations, opening a case, bad input); and the crash test: WRITER
(tests/dossier/dossier_writer.c) doing real service calls, killed with SIGKILL
at random moments, after which every acknowledged act is in the store, every
act has its audit event and every event its act, and the log verifies.
"""
import base64
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from checks import check, error_of, expect_error, expect_ok, finish, parse
import checks

BIN, WRITER, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
ROUNDS = int(os.environ.get("ZV_CRASH_ROUNDS", "20"))
SEED = int(os.environ.get("ZV_CRASH_SEED", "9204"))

ROLES = {"lead", "directly_involved", "substitute", "advisor"}
USER_KEYS = {"login", "password", "organisation", "roles"}
ANONYMOUS_KEYS = {"id", "anonymous", "kind", "category", "recorded_at"}
REACTION = "reaction of a person concerned (R7.3)"
STARTED = time.monotonic()


def run(args, stdin=None, timeout=120):
    return checks.run(BIN, args, stdin=stdin, timeout=timeout, text=True)


def zv(db, login, *args, json_out=True, stdin=None):
    """(exit code, parsed JSON or None, stdout, stderr) of one command as `login`."""
    return checks.run_as(BIN, db, login, *args, json_out=json_out, stdin=stdin)


def bad_text(name, db, login, args, mention):
    """Without --json: exit 2, nothing on stdout, the option or path named on stderr."""
    rc, _, out, err = zv(db, login, *args, json_out=False)
    check(name + " (text)", rc == 2 and out == "" and mention in err, f"exit {rc} {out[:200]} {err[:300]}")


def bsn(seed):
    """A BSN that passes the 11-test."""
    for n in range(seed, seed + 1000):
        digits = f"{n:09d}"
        total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
        if total % 11 == 0 and digits != "000000000":
            return digits
    raise AssertionError("no BSN")


# ---- the demo's description ---------------------------------------------------

def load_config():
    with open(os.path.join(ROOT, "config", "demo-pilot.json")) as f:
        return json.load(f)


CONFIG = load_config()
NEEDS_SECOND_FACTOR = {"privacy_officer", "administrator", "auditor"}


def second_factor(p):
    return bool(p.get("second_factor")) or bool(NEEDS_SECOND_FACTOR & set(p["roles"]))


def check_demo_shape(label, d):
    """The shape of demo --json, exactly as the contract has it."""
    check(f"{label}: users and cases", isinstance(d, dict) and set(d) == {"users", "cases"},
          str(d)[:300])
    if not isinstance(d, dict) or set(d) != {"users", "cases"}:
        return
    profs = {p["login"]: p for p in CONFIG["professionals"]}
    users = d["users"]
    check(f"{label}: users is a list", isinstance(users, list) and users, users)
    logins = set()
    for u in users:
        keys = set(u) if isinstance(u, dict) else set()
        check(f"{label}: user keys {u.get('login')}", USER_KEYS <= keys <= USER_KEYS | {"totp_secret"}, u)
        check(f"{label}: user strings {u.get('login')}",
              all(isinstance(u.get(k), str) and u.get(k) for k in ("login", "password", "organisation"))
              and isinstance(u.get("roles"), list) and u["roles"]
              and all(isinstance(r, str) for r in u["roles"]), u)
        login = u.get("login")
        logins.add(login)
        p = profs.get(login)
        check(f"{label}: {login} is a user of the demo pilot", p is not None, u)
        if p is None:
            continue
        check(f"{label}: {login}'s organisation and roles as configured",
              u["organisation"] == p["organisation"] and set(u["roles"]) == set(p["roles"]), u)
        want = second_factor(p)
        check(f"{label}: totp_secret only for {login} if a second factor", ("totp_secret" in u) == want, u)
        if "totp_secret" in u:
            s = u["totp_secret"]
            ok = isinstance(s, str) and re.fullmatch(r"[A-Z2-7]{16,}=*", s) is not None
            try:
                ok = ok and len(base64.b32decode(s + "=" * (-len(s) % 8))) >= 10
            except (ValueError, TypeError):
                ok = False
            check(f"{label}: {login}'s totp_secret is base32", ok, s)
    check(f"{label}: every configured user listed once", logins == set(profs) and len(users) == len(profs),
          sorted(logins ^ set(profs)))
    n_prof = sum(1 for u in users if "professional" in u.get("roles", []))
    check(f"{label}: at least 10 professionals and a privacy officer",
          n_prof >= 10 and any("privacy_officer" in u.get("roles", []) for u in users), n_prof)
    cases = d["cases"]
    check(f"{label}: at least 5 cases", isinstance(cases, list) and len(cases) >= 5, len(cases))
    case_ids, entry_ids = set(), set()
    for c in cases:
        cid = c.get("id") if isinstance(c, dict) else None
        check(f"{label}: case keys {cid}", isinstance(c, dict) and set(c) == {"id", "household", "team", "entries"}, c)
        if not isinstance(c, dict) or set(c) != {"id", "household", "team", "entries"}:
            continue
        check(f"{label}: case id and household are strings {cid}",
              isinstance(cid, str) and cid and isinstance(c["household"], str) and c["household"], c)
        check(f"{label}: case ids unique", cid not in case_ids, cid)
        case_ids.add(cid)
        team = c["team"]
        check(f"{label}: team of {cid}", isinstance(team, list) and team and all(
            isinstance(m, dict) and set(m) == {"login", "role"} and m["login"] in logins
            and m["role"] in ROLES for m in team), team)
        members = {m["login"]: m["role"] for m in team if isinstance(m, dict)}
        check(f"{label}: one lead and each member once in {cid}",
              len(members) == len(team) and list(members.values()).count("lead") == 1, team)
        for e in c["entries"]:
            eid = e.get("id") if isinstance(e, dict) else None
            ok = (isinstance(e, dict) and set(e) == {"id", "visible_to", "anonymous_to"}
                  and isinstance(eid, str) and eid
                  and all(isinstance(x, list) and all(isinstance(s, str) for s in x)
                          for x in (e["visible_to"], e["anonymous_to"])))
            check(f"{label}: entry keys {eid}", ok, e)
            if not ok:
                continue
            check(f"{label}: entry ids unique", eid not in entry_ids, eid)
            entry_ids.add(eid)
            vis, anon = set(e["visible_to"]), set(e["anonymous_to"])
            check(f"{label}: {eid} seen only by team members, each once",
                  vis | anon <= set(members) and not vis & anon
                  and len(vis) == len(e["visible_to"]) and len(anon) == len(e["anonymous_to"]), e)
            check(f"{label}: {eid}: advisors see it anonymously, no one else does",
                  all(members[x] == "advisor" for x in anon)
                  and all(members[x] != "advisor" for x in vis), e)


def telling_cases(label, d, views):
    """The cases the demo guarantees, from its description (and from what
    the members were shown, for categories and secrecy holders)."""
    users = {u["login"]: u for u in d["users"]}
    in_teams = {m["login"] for c in d["cases"] for m in c["team"]}
    idle = [u for u in users if "professional" in users[u]["roles"] and u not in in_teams]
    check(f"{label}: a professional with no case", idle, sorted(in_teams))
    secrecy, restricted = [], []
    for c in d["cases"]:
        roles = {m["login"]: m["role"] for m in c["team"]}
        workers = {x for x, r in roles.items() if r != "advisor"}
        shown = {}   # (login, entry id) -> the entry as that login saw it
        for x in workers:
            for e in (views.get((x, c["id"])) or {}).get("entries", []):
                shown[(x, e["id"])] = e
        for e in c["entries"]:
            vis = set(e["visible_to"])
            missing = workers - vis
            if not vis or not missing:
                continue
            seen = shown.get((sorted(vis)[0], e["id"]))
            if not seen:
                continue
            # another organisation's secrecy: sensitive, and those who do not
            # see it belong to organisations other than its secrecy holder
            if seen["category"] != "ordinary" and all(
                    users[m]["organisation"] != seen["secrecy_holder"] for m in missing):
                secrecy.append(e["id"])
            # a restriction: one member misses it, though they see the same
            # holder's entries of the same category in that case
            if len(missing) == 1:
                (m,) = missing
                if any(k[0] == m and v["secrecy_holder"] == seen["secrecy_holder"]
                       and v["category"] == seen["category"] for k, v in shown.items()):
                    restricted.append((e["id"], m))
    check(f"{label}: an entry a team member may not see for another organisation's secrecy", secrecy)
    check(f"{label}: an entry restricted from exactly one team member", restricted)
    rc, out, err = run(["config", "check", os.path.join(ROOT, "config", "demo-pilot.json"), "--json"])
    check(f"{label}: the demo pilot's configuration passes config check", rc == 0 and (parse(out) or {}).get("ok") is True,
          out[:300] + err[:300])
    kinds = {}
    for o in CONFIG["organisations"]:
        kinds.setdefault(o["kind"], []).append(o["id"])
    check(f"{label}: two organisations of the same kind", any(len(v) >= 2 for v in kinds.values()), kinds)
    used = {users[u]["organisation"] for u in users}
    check(f"{label}: both of them have demo users", any(
        len([o for o in v if o in used]) >= 2 for v in kinds.values()), kinds)
    return idle


# ---- who sees what ----------------------------------------------------------------

def visibility(db, d):
    """Part b: every demo user's case list and case show against the demo's
    description. Returns the views (login, case) -> case show JSON."""
    cases = {c["id"]: c for c in d["cases"]}
    views = {}
    for u in d["users"]:
        login = u["login"]
        mine = {cid for cid, c in cases.items() if any(m["login"] == login for m in c["team"])}
        listed = expect_ok(f"case list as {login}", zv(db, login, "case", "list"))
        check(f"case list of {login} is a JSON array of objects with string ids",
              isinstance(listed, list) and all(isinstance(x, dict) and isinstance(x.get("id"), str)
                                               for x in listed), listed)
        ids = [x.get("id") for x in listed] if isinstance(listed, list) else []
        check(f"case list of {login}: exactly the cases with a role", set(ids) == mine and len(ids) == len(mine),
              f"listed {sorted(ids)}, roles in {sorted(mine)}")
        for x in listed if isinstance(listed, list) else []:
            c = cases.get(x.get("id"))
            role = next((m["role"] for m in c["team"] if m["login"] == login), None) if c else None
            check(f"case list of {login}: role in {x.get('id')}", x.get("role") == role, x)
            if role == "advisor":   # as case show has it: no name, nothing that names persons
                check(f"case list of {login}: an advisor sees no household name or title in {x.get('id')}",
                      x.get("household_name") is None and x.get("title") is None, x)
        for cid in sorted(mine):
            c = cases[cid]
            role = next(m["role"] for m in c["team"] if m["login"] == login)
            v = expect_ok(f"case show {cid} as {login}", zv(db, login, "case", "show", cid))
            views[(login, cid)] = v
            if not isinstance(v, dict):
                continue
            check(f"case show {cid} as {login}: the case and the role", v.get("id") == cid and
                  v.get("your_role") == role and v.get("break_the_glass") is False, {k: v.get(k) for k in ("id", "your_role")})
            full = {e["id"] for e in c["entries"] if login in e["visible_to"]}
            anon = {e["id"] for e in c["entries"] if login in e["anonymous_to"]}
            entries = v.get("entries") or []
            got_full = [e.get("id") for e in entries if e.get("anonymous") is False]
            got_anon = [e.get("id") for e in entries if e.get("anonymous") is True]
            check(f"case show {cid} as {login}: exactly the entries visible_to in full",
                  sorted(got_full) == sorted(full), f"shown {sorted(got_full)}, demo says {sorted(full)}")
            check(f"case show {cid} as {login}: exactly the entries anonymous_to anonymously",
                  sorted(got_anon) == sorted(anon) and len(entries) == len(got_full) + len(got_anon),
                  f"shown {sorted(got_anon)}, demo says {sorted(anon)}")
            for e in entries:
                if e.get("anonymous"):
                    check(f"case show {cid} as {login}: {e.get('id')} anonymous: kind, category, date only",
                          set(e) == ANONYMOUS_KEYS, e)
                else:
                    check(f"case show {cid} as {login}: {e.get('id')} in full",
                          isinstance(e.get("text"), str) and e["text"] and e.get("subjects"), e)
            if role == "advisor":
                check(f"case show {cid} as {login}: an advisor sees no persons, name, title or records",
                      v.get("anonymous") is True and v.get("household_name") is None and v.get("title") is None
                      and not v.get("persons") and not v.get("consents") and not v.get("decisions")
                      and not v.get("disclosures") and not v.get("obligations")
                      and all(h.get("reason") is None for h in v.get("history") or []),
                      {k: v.get(k) for k in ("household_name", "title", "persons", "consents")})
            else:
                check(f"case show {cid} as {login}: persons and household name",
                      v.get("anonymous") is False and v.get("household_name") and v.get("persons"), v.get("household_name"))
    # What a refusal must never show: every name and text the members saw.
    secrets = set()
    for v in views.values():
        if not isinstance(v, dict) or v.get("anonymous"):
            continue
        secrets |= {v.get("household_name"), v.get("title")}
        secrets |= {p.get("name") for p in v.get("persons") or []}
        secrets |= {e.get("text") for e in v.get("entries") or []}
        secrets |= {e.get("source") for e in v.get("entries") or []}
    secrets = {s for s in secrets if isinstance(s, str) and len(s) >= 6}
    check("the views show names and texts to look for", len(secrets) >= 20, len(secrets))
    refused = {}
    for u in d["users"]:
        login = u["login"]
        others = [cid for cid, c in cases.items() if all(m["login"] != login for m in c["team"])]
        refused[login] = others
        for cid in others:
            rc, doc, out, err = zv(db, login, "case", "show", cid)
            e = error_of(doc)
            check(f"case show {cid} as {login} (no role): exit 3, not_found",
                  rc == 3 and e is not None and e.get("code") == "not_found" and set(doc) == {"error"},
                  f"exit {rc}: {out[:300]}")
            leaked = [s for s in secrets if s in out or s in err]
            check(f"case show {cid} as {login} (no role): no case content", not leaked, leaked[:3])
            rc, _, out, err = zv(db, login, "case", "show", cid, json_out=False)
            leaked = [s for s in secrets if s in out or s in err]
            check(f"case show {cid} as {login} (no role, text): exit 3, nothing on stdout, no content",
                  rc == 3 and out == "" and not leaked, f"exit {rc} {out[:200]} {leaked[:3]}")
    return views, refused


def logged_views(db, d, views, refused):
    """Part c: the views just made are in the audit log, by their user."""
    for c in d["cases"]:
        cid = c["id"]
        rc, found, out, err = zv(db, "lotte.peters", "audit", "search", "--case", cid)
        check(f"audit search --case {cid}", rc == 0 and isinstance(found, list), f"{rc} {out[:200]} {err[:200]}")
        if not isinstance(found, list):
            continue
        for m in c["team"]:
            v = views.get((m["login"], cid)) or {}
            shown = sorted(e["id"] for e in v.get("entries") or [])
            hits = [ev for ev in found if ev.get("action") == "view" and ev.get("outcome") == "done"
                    and ev.get("who", {}).get("user") == m["login"]
                    and ev.get("whose", {}).get("cases") == [cid]
                    and sorted(ev.get("what", {}).get("entries", [])) == shown]
            check(f"audit: {m['login']}'s view of {cid} logged with the entries shown", hits,
                  [ev for ev in found if ev.get("who", {}).get("user") == m["login"]][:3])
        for login, others in refused.items():
            if cid not in others:
                continue
            hits = [ev for ev in found if ev.get("action") == "view" and ev.get("outcome") == "refused"
                    and ev.get("who", {}).get("user") == login and ev.get("whose", {}).get("cases") == [cid]
                    and "what" not in ev]
            check(f"audit: {login}'s refused view of {cid} logged, naming no entries", len(hits) >= 2,
                  len(hits))
    rc, out, err = run(["--db", db, "audit", "verify", "--json"])
    check("audit verify after all the views", rc == 0 and (parse(out) or {}).get("ok") is True, out + err)


# ---- the write commands --------------------------------------------------------------

def person(view, name):
    return next(p["id"] for p in view["persons"] if p["name"] == name)


def entry_of(view, eid):
    return next((e for e in view.get("entries") or [] if e.get("id") == eid), None)


def show(db, login, cid):
    return expect_ok(f"case show {cid} as {login}", zv(db, login, "case", "show", cid))


ANSWERS = ["--proportionate", "yes", "--beyond-necessary", "no", "--informed", "yes"]


def writes(db, d, views, tmp):
    by_name = {}
    for (login, cid), v in views.items():
        if isinstance(v, dict) and v.get("household_name"):
            by_name[v["household_name"]] = cid
    jansen, de_boer = by_name["Gezin Jansen"], by_name["Gezin de Boer"]
    vj = views[("anna.devries", jansen)]
    tim = person(vj, "Tim Jansen")
    mark, sanne = person(vj, "Mark Jansen"), person(vj, "Sanne Jansen")
    anna = "anna.devries"

    # ---- entry add ----
    add = ["entry", "add", jansen, "--kind", "fact", "--category", "ordinary", "--source", "school (mentor)",
           "--text", "Tim was deze week elke dag op school.", "--about", tim, "--verified"] + ANSWERS
    doc = expect_ok("entry add (allowed)", zv(db, anna, *add))
    new = doc.get("id")
    check("entry add answers a string id and version 1", isinstance(new, str) and doc.get("version") == 1, doc)
    v = show(db, anna, jansen)
    e = entry_of(v, new) or {}
    check("the new entry is in the case, in full", e.get("text") == "Tim was deze week elke dag op school."
          and e.get("subjects") == [tim] and e.get("author") == anna and e.get("verified_by") == anna, e)
    check("a directly involved member sees it", entry_of(show(db, "bram.jansen", jansen), new) is not None)
    e = entry_of(show(db, "ilse.meijer", jansen), new) or {}
    check("the advisor sees it anonymously", e.get("anonymous") is True and "text" not in e, e)
    hidden = expect_ok("entry add restricted from one member", zv(
        db, anna, "entry", "add", jansen, "--kind", "opinion", "--category", "ordinary", "--source", "teamoverleg",
        "--text", "Sanne vraagt om een gesprek zonder Mark.", "--about", sanne, "--hide-from", "bram.jansen",
        "--restriction-reason", "veiligheid van Sanne", *ANSWERS)).get("id")
    check("the restricted entry: anna sees it, bram does not",
          entry_of(show(db, anna, jansen), hidden) and not entry_of(show(db, "bram.jansen", jansen), hidden))
    expect_error("entry add: a restriction without a reason: exit 2", zv(
        db, anna, "entry", "add", jansen, "--kind", "fact", "--category", "ordinary", "--source", "x",
        "--text", "y", "--about", tim, "--hide-from", "bram.jansen", *ANSWERS), 2, "invalid_input",
        "$.restriction_reason")
    before = len(show(db, anna, jansen).get("entries") or [])
    crim = ["entry", "add", jansen, "--kind", "fact", "--category", "criminal", "--source", "politie",
            "--text", "Mark is aangehouden.", "--about", mark] + ANSWERS
    res = zv(db, anna, *crim)
    expect_error("entry add: criminal data the local team may not record: refused (exit 3)", res, 3, "not_permitted")
    dec = (res[1] or {}).get("decision") or {}
    step4 = next((s for s in dec.get("steps") or [] if s.get("name") == "special_categories"), {})
    check("the refusal carries the engine's decision (denied at special categories)",
          dec.get("outcome") == "denied" and step4.get("result") == "fail" and dec.get("motivation"), dec)
    res = zv(db, anna, "entry", "add", jansen, "--kind", "fact", "--category", "ordinary", "--source", "school",
             "--text", "Tim komt te laat.", "--about", tim)
    expect_error("entry add: the engine's questions unanswered: exit 2", res, 2, "invalid_input", "$.answers")
    dec = (res[1] or {}).get("decision") or {}
    fields = {q.get("field") for q in dec.get("questions") or []}
    check("the decision's questions are given", dec.get("outcome") == "judgement_required" and
          {"data.proportionate", "data.beyond_necessary", "transparency.informed_beforehand"} <= fields, fields)
    check("nothing was recorded by the refusals", len(show(db, anna, jansen).get("entries") or []) == before)
    expect_error("entry add as the advisor: exit 3", zv(db, "ilse.meijer", *add), 3, "not_permitted")
    expect_error("entry add as a user with no role: exit 3 not_found", zv(db, "joost.vandijk", *add), 3, "not_found")
    expect_error("entry add: bad --kind: exit 2", zv(db, anna, *[x if x != "fact" else "rumour" for x in add]),
                 2, "usage", "--kind")
    bad_text("entry add: bad --kind", db, anna, [x if x != "fact" else "rumour" for x in add], "--kind")
    expect_error("entry add: --about someone outside the household: exit 2",
                 zv(db, anna, *[x if x != tim else "P999999" for x in add]), 2, "invalid_input", "$.subjects")
    expect_error("entry add: no --about: exit 2", zv(db, anna, *add[:add.index("--about")] + add[add.index("--about") + 2:]),
                 2, "invalid_input", "$.subjects")
    expect_error("entry add: --informed maybe: exit 2", zv(db, anna, *add[:-1], "maybe"), 2, "usage", "--informed")

    # ---- entry correct ----
    doc = expect_ok("entry correct", zv(db, anna, "entry", "correct", new, "--version", "1",
                                        "--text", "Tim was deze week vier dagen op school.", "--reason", "telfout"))
    check("entry correct answers version 2", doc.get("id") == new and doc.get("version") == 2, doc)
    for login in (anna, "bram.jansen"):
        e = entry_of(show(db, login, jansen), new) or {}
        old = e.get("corrected_versions") or []
        check(f"corrected: {login} sees the new text and the old version kept",
              e.get("version") == 2 and e.get("text") == "Tim was deze week vier dagen op school."
              and e.get("correction_reason") == "telfout" and len(old) == 1 and old[0].get("version") == 1
              and old[0].get("text") == "Tim was deze week elke dag op school." and old[0].get("corrected") is True, e)
    e = entry_of(show(db, "ilse.meijer", jansen), new) or {}
    check("the advisor sees no corrected versions", set(e) == ANONYMOUS_KEYS, e)
    expect_error("entry correct with a stale --version: exit 4", zv(
        db, anna, "entry", "correct", new, "--version", "1", "--text", "x", "--reason", "y"), 4, "conflict")
    expect_error("entry correct of an entry restricted from me (stale version too): exit 3, not 4", zv(
        db, "bram.jansen", "entry", "correct", hidden, "--version", "9", "--text", "x", "--reason", "y"), 3, "not_found")
    expect_error("entry correct: --version abc: exit 2", zv(
        db, anna, "entry", "correct", new, "--version", "abc", "--text", "x", "--reason", "y"), 2, "usage", "--version")
    expect_error("entry correct without --reason: exit 2", zv(
        db, anna, "entry", "correct", new, "--version", "2", "--text", "x"), 2, "invalid_input", "$.reason")

    # ---- entry react ----
    doc = expect_ok("entry react by the person concerned", zv(
        db, anna, "entry", "react", new, "--person", tim, "--text", "Ik was er ook op vrijdag."))
    rid = doc.get("id")
    e = entry_of(show(db, anna, jansen), new) or {}
    check("the reaction is shown with the entry", isinstance(rid, str) and [
        (r.get("id"), r.get("person"), r.get("text")) for r in e.get("reactions") or []] ==
        [(rid, tim, "Ik was er ook op vrijdag.")], e.get("reactions"))
    expect_error("entry react by a person not concerned: exit 2", zv(
        db, anna, "entry", "react", new, "--person", mark, "--text", "Onzin."), 2, "invalid_input", "$.person")
    expect_error("entry react to an entry I may not see: exit 3", zv(
        db, "bram.jansen", "entry", "react", hidden, "--person", sanne, "--text", "x"), 3, "not_found")

    # ---- consent record ----
    consent = ["consent", "record", jansen, "--subject", tim, "--kind", "secrecy_release",
               "--purpose", "Overleg met Het Kompas over Tim", "--recipient", "org:jh-kompas", "--how", "mondeling"]
    e = expect_error("consent record with the wrong givers for a 9-year-old: exit 2",
                     zv(db, anna, *consent, "--given-by", tim), 2, "invalid_input", "$.givers")
    check("the refusal names who must give it (both parents with authority)",
          mark in e.get("message", "") and sanne in e.get("message", ""), e)
    bad_text("consent record with the wrong givers", db, anna, consent + ["--given-by", tim], "$.givers")
    doc = expect_ok("consent record with the right givers", zv(db, anna, *consent, "--given-by", mark, "--given-by", sanne))
    c1 = doc.get("id")
    check("consent record answers a string id and version 1", isinstance(c1, str) and doc.get("version") == 1, doc)
    expect_error("consent record: bad --kind: exit 2", zv(db, anna, *[x if x != "secrecy_release" else "vague" for x in consent],
                                                          "--given-by", mark), 2, "usage", "--kind")
    expect_error("consent record: a recipient of no form: exit 2", zv(
        db, anna, *[x if x != "org:jh-kompas" else "the neighbours" for x in consent], "--given-by", mark),
        2, "invalid_input", "$.recipients")
    expect_error("consent record without --how: exit 2", zv(
        db, anna, *consent[:-2], "--given-by", mark, "--given-by", sanne), 2, "invalid_input", "$.how_obtained")
    expect_error("consent record as the advisor: exit 3", zv(
        db, "ilse.meijer", *consent, "--given-by", mark, "--given-by", sanne), 3)

    # ---- share: prepare ----
    answers = os.path.join(tmp, "answers.json")
    with open(answers, "w") as f:
        json.dump({"data": {"existence_suffices": False, "anonymous_suffices": False, "proportionate": True,
                            "beyond_necessary": False, "obtainable_from_subjects": False},
                   "counterparty": {"own_legal_basis": True}, "secrecy_ground": "consent",
                   "transparency": {"informed_beforehand": True}}, f)
    share = ["share", jansen, "--entry", new, "--to", "jh-kompas", "--purpose", "Hulp voor Tim afstemmen",
             "--initiative", "own", "--answers", answers]
    doc = expect_ok("share (prepare)", zv(db, anna, *share))
    prepared = doc.get("disclosure_id")
    check("share prepared: allowed, pending, not carried out",
          doc.get("carried_out") is False and isinstance(prepared, str) and doc.get("released") == [new]
          and (doc.get("decision") or {}).get("outcome") == "allowed", {k: v for k, v in doc.items() if k != "decision"})
    compare_with_decide(db, doc)
    v = show(db, anna, jansen)
    dsc = next((x for x in v.get("disclosures") or [] if x.get("id") == prepared), {})
    check("the prepared disclosure is pending in the case", dsc.get("state") == "pending" and dsc.get("entries") == [new], dsc)

    # ---- consent withdraw: the cascade ----
    doc = expect_ok("consent withdraw", zv(db, anna, "consent", "withdraw", jansen, c1, "--version", "1", "--by", mark))
    check("the withdrawal stopped the prepared disclosure and flagged the decision",
          doc.get("version") == 2 and doc.get("disclosures_stopped") >= 1 and doc.get("decisions_flagged") >= 1
          and doc.get("still_in_force") is False and doc.get("consequence"), doc)
    v = show(db, anna, jansen)
    dsc = next((x for x in v.get("disclosures") or [] if x.get("id") == prepared), {})
    dec = next((x for x in v.get("decisions") or [] if x.get("id") == dsc.get("decision")), {})
    con = next((x for x in v.get("consents") or [] if x.get("id") == c1), {})
    check("case show: the disclosure is stopped, saying why", dsc.get("state") == "stopped" and c1 in (dsc.get("stopped_reason") or ""), dsc)
    check("case show: the decision it rested on is flagged for review", c1 in (dec.get("review_reason") or ""), dec)
    check("case show: the consent is withdrawn, version 2", con.get("state") == "withdrawn" and con.get("version") == 2, con)
    expect_error("consent withdraw again: nothing in force: exit 4", zv(
        db, anna, "consent", "withdraw", jansen, c1, "--version", "2", "--by", mark), 4, "conflict")
    c2 = expect_ok("a new consent", zv(db, anna, *consent, "--given-by", mark, "--given-by", sanne)).get("id")
    expect_error("consent withdraw with a stale --version: exit 4", zv(
        db, anna, "consent", "withdraw", jansen, c2, "--version", "5", "--by", mark), 4, "conflict")
    expect_error("consent withdraw by someone who did not give it: exit 2", zv(
        db, anna, "consent", "withdraw", jansen, c2, "--version", "1", "--by", tim), 2, "invalid_input", "$.by")
    expect_error("consent withdraw: --choice for a non-participation consent: exit 2", zv(
        db, anna, "consent", "withdraw", jansen, c2, "--version", "1", "--by", mark, "--choice", "stop"),
        2, "invalid_input", "$.choice")

    # A consent given again after a withdrawal is a basis again (R2.5: the
    # withdrawal counts from its moment on; the dossier leaves a superseded
    # withdrawal out of the situation).
    res = zv(db, anna, *share)
    check("a consent given again after a withdrawal counts again",
          res[0] == 0 and ((res[1] or {}).get("decision") or {}).get("outcome") == "allowed",
          ((res[1] or {}).get("decision") or {}).get("outcome"))

    # ---- share: carry out, and a denial ----
    c3 = expect_ok("a consent to GGZ", zv(db, anna, *[x if x != "org:jh-kompas" else "org:ggz-zuidwest" for x in consent],
                                          "--given-by", mark, "--given-by", sanne)).get("id")
    carry = [x if x != "jh-kompas" else "ggz-zuidwest" for x in share] + ["--carry-out"]
    doc = expect_ok("share --carry-out (allowed)", zv(db, anna, *carry))
    check("carried out: the entry is released", doc.get("carried_out") is True and doc.get("released") == [new]
          and isinstance(doc.get("disclosure_id"), str) and isinstance(c3, str),
          {k: v for k, v in doc.items() if k != "decision"})
    dsc = next((x for x in show(db, anna, jansen).get("disclosures") or [] if x.get("id") == doc.get("disclosure_id")), {})
    check("case show: the disclosure is done", dsc.get("state") == "done" and dsc.get("entries") == [new], dsc)
    health = next(e["id"] for e in vj["entries"] if e.get("category") == "health")
    deny = ["share", jansen, "--entry", health, "--to-kind", "school", "--purpose", "School informeren",
            "--initiative", "own", "--answers", answers]
    res = zv(db, anna, *deny, "--carry-out")
    expect_error("share --carry-out of a health entry to a school without consent: refused (exit 3)", res, 3, "not_permitted")
    check("the refusal carries the decision (denied)", ((res[1] or {}).get("decision") or {}).get("outcome") == "denied", res[2][:300])
    doc = expect_ok("share (prepare) of the same: the answer, exit 0", zv(db, anna, *deny))
    check("prepared: denied, nothing released", (doc.get("decision") or {}).get("outcome") == "denied"
          and "disclosure_id" not in doc and "released" not in doc, {k: v for k, v in doc.items() if k != "decision"})
    compare_with_decide(db, doc)
    expect_error("share of an entry restricted from me: exit 3", zv(
        db, "bram.jansen", "share", jansen, "--entry", hidden, "--to", "jh-kompas", "--purpose", "x"), 3, "not_found")
    expect_error("share with two recipients: exit 2", zv(
        db, anna, "share", jansen, "--entry", new, "--to", "jh-kompas", "--to-kind", "school", "--purpose", "x"),
        2, "usage", "--to")
    expect_error("share without a purpose: exit 2", zv(
        db, anna, "share", jansen, "--entry", new, "--to", "jh-kompas"), 2, "invalid_input", "$.purpose")
    expect_error("share with answers that are not a situation: exit 2", zv(
        db, anna, *share[:-1], os.path.join(ROOT, "config", "demo-pilot.json")), 2, "invalid_input")

    # ---- participation withdrawn: R9.3 ----
    carla = "carla.bakker"
    vb = show(db, carla, de_boer)
    part = next(c for c in vb["consents"] if c["kind"] == "participation" and c["state"] == "given")
    w = ["consent", "withdraw", de_boer, part["id"], "--version", str(part["version"]), "--by", part["given_by"][0]]
    expect_error("participation withdrawn without --choice: exit 2", zv(db, carla, *w), 2, "invalid_input", "$.choice")
    expect_error("participation withdrawn with --choice maybe: exit 2", zv(db, carla, *w, "--choice", "maybe"), 2, "usage", "--choice")
    expect_ok("participation withdrawn, the team stops", zv(db, carla, *w, "--choice", "stop"))
    vb2 = show(db, carla, de_boer)
    check("the case is closed", vb2.get("phase") == "closed" and vb2.get("version") == vb["version"] + 1
          and "R9.3" in ((vb2.get("history") or [{}])[-1].get("reason") or ""), vb2.get("history"))
    check("an obligation to tell the family", any(o.get("code") == "inform_on_framework_change" and o.get("rule") == "R9.3"
                                                  for o in vb2.get("obligations") or []), vb2.get("obligations"))

    # ---- case change ----
    v = show(db, anna, jansen)
    version = v["version"]
    expect_error("case change with a stale --version: exit 4", zv(
        db, anna, "case", "change", jansen, "--version", str(version + 3), "--phase", "recovery", "--reason", "x"),
        4, "conflict")
    expect_error("case change without --reason: exit 2", zv(
        db, anna, "case", "change", jansen, "--version", str(version), "--phase", "recovery"), 2, "invalid_input", "$.reason")
    expect_error("case change: bad --framework: exit 2", zv(
        db, anna, "case", "change", jansen, "--version", str(version), "--framework", "strict", "--reason", "x"),
        2, "usage", "--framework")
    expect_error("case change without --version: exit 2", zv(
        db, anna, "case", "change", jansen, "--phase", "recovery", "--reason", "x"), 2, "usage", "--version")
    expect_error("case change by the advisor: exit 3", zv(
        db, "ilse.meijer", "case", "change", jansen, "--version", str(version), "--phase", "recovery", "--reason", "x"), 3)
    informs = lambda view: [o for o in view.get("obligations") or [] if o.get("code") == "inform_on_framework_change"]
    doc = expect_ok("case change without --informed", zv(
        db, anna, "case", "change", jansen, "--version", str(version), "--phase", "recovery", "--reason", "Het gaat beter."))
    check("case change answers the new version", doc.get("id") == jansen and doc.get("version") == version + 1, doc)
    v2 = show(db, anna, jansen)
    check("the phase changed, the history grew", v2.get("phase") == "recovery" and len(v2.get("history") or []) == len(v.get("history") or []) + 1)
    check("an inform_on_framework_change obligation appears (R6.4)", len(informs(v2)) == len(informs(v)) + 1
          and informs(v2)[-1].get("owner") == anna, informs(v2))
    doc = expect_ok("case change with --informed", zv(
        db, anna, "case", "change", jansen, "--version", str(version + 1), "--framework", "pressure",
        "--reason", "Drang nodig.", "--informed"))
    check("informed: no new obligation", len(informs(show(db, anna, jansen))) == len(informs(v2)))

    # ---- obligations ----
    mine = expect_ok("obligations list", zv(db, anna, "obligations", "list"))
    check("obligations list: open obligations, with their due dates", isinstance(mine, list) and mine and all(
        o.get("fulfilled_at") is None and "due" in o and o.get("owner") == anna for o in mine)
        and any(o.get("due") for o in mine), mine)
    ob = informs(v2)[-1]["id"]
    check("the new obligation is in my list", any(o.get("id") == ob for o in mine), ob)
    expect_error("obligations fulfil without --note: exit 2", zv(db, anna, "obligations", "fulfil", ob), 2, "invalid_input", "$.note")
    expect_error("obligations fulfil by someone else: exit 3", zv(
        db, "bram.jansen", "obligations", "fulfil", ob, "--note", "x"), 3, "not_found")
    expect_ok("obligations fulfil", zv(db, anna, "obligations", "fulfil", ob, "--note", "Gezin gebeld."))
    check("fulfilled: no longer in my list", all(o.get("id") != ob for o in
                                                 expect_ok("obligations list", zv(db, anna, "obligations"))))
    o = next((x for x in show(db, anna, jansen).get("obligations") or [] if x.get("id") == ob), {})
    check("case show: fulfilled, by whom and how", o.get("fulfilled_by") == anna and o.get("note") == "Gezin gebeld.", o)
    expect_error("obligations fulfil again: exit 3", zv(db, anna, "obligations", "fulfil", ob, "--note", "x"), 3)

    # ---- break the glass ----
    joost, lotte = "joost.vandijk", "lotte.peters"
    yilmaz = by_name["Gezin Yilmaz"]
    expect_error("break-glass without --reason: exit 2", zv(db, joost, "break-glass", yilmaz), 2, "invalid_input", "$.reason")
    expect_error("break-glass for 100 hours: exit 2", zv(db, joost, "break-glass", yilmaz, "--reason", "x", "--hours", "100"),
                 2, "usage", "--hours")
    expect_error("break-glass by someone with a role: exit 2", zv(db, anna, "break-glass", jansen, "--reason", "x"), 2)
    expect_error("break-glass by the privacy officer (not a professional): exit 3", zv(
        db, lotte, "break-glass", yilmaz, "--reason", "x"), 3, "not_permitted")
    expect_error("break-glass into no case: exit 3", zv(db, joost, "break-glass", "ZV-1999-99999", "--reason", "verkeerd nummer"),
                 3, "not_found")
    rc, found, out, _ = zv(db, lotte, "audit", "search", "--case", "ZV-1999-99999")
    check("the refused break-glass is logged with its reason", rc == 0 and any(
        ev.get("action") == "break_the_glass" and ev.get("outcome") == "refused"
        and ev.get("why", {}).get("reason") == "verkeerd nummer" for ev in found or []), out[:400])
    doc = expect_ok("break-glass", zv(db, joost, "break-glass", yilmaz, "--reason", "Zeynep staat aan de balie; haar mentor is onbereikbaar.",
                                       "--hours", "2"))
    grant = doc.get("id")
    check("break-glass answers an id and the hours", isinstance(grant, str) and doc.get("hours") == 2, doc)
    listed = expect_ok("case list after break-glass", zv(db, joost, "case", "list"))
    check("the case is in the list, marked as break-the-glass", [(x.get("id"), x.get("break_the_glass")) for x in listed] ==
          [(yilmaz, True)], listed)
    v = show(db, joost, yilmaz)
    check("case show under break-the-glass", v.get("break_the_glass") is True and v.get("your_role") == "directly_involved", v.get("your_role"))
    lead = next(m["login"] for c in d["cases"] if c["id"] == yilmaz for m in c["team"] if m["role"] == "lead")
    sensitive = {e["id"] for e in views[(lead, yilmaz)]["entries"]
                 if e.get("category") != "ordinary" and e.get("secrecy_holder") != "lt-noord"}
    shown = {e.get("id") for e in v.get("entries") or []}
    check("break-the-glass does not lift another organisation's secrecy", sensitive and shown and not shown & sensitive,
          (sorted(shown), sorted(sensitive)))
    expect_error("break-glass again while it holds: exit 2", zv(db, joost, "break-glass", yilmaz, "--reason", "x"), 2)
    pending = expect_ok("break-glass pending (privacy officer)", zv(db, lotte, "break-glass", "pending"))
    mine = [g for g in pending if g.get("id") == grant] if isinstance(pending, list) else []
    check("the grant waits for review, with its reason", len(mine) == 1 and mine[0].get("case") == yilmaz and
          mine[0].get("login") == joost and "balie" in mine[0].get("reason", ""), pending)
    expect_error("break-glass pending by a non-privacy-officer: exit 3", zv(db, anna, "break-glass", "pending"), 3, "not_permitted")
    expect_error("break-glass review by a non-privacy-officer: exit 3", zv(
        db, joost, "break-glass", "review", grant, "--note", "prima"), 3, "not_permitted")
    expect_error("break-glass review without --note: exit 2", zv(db, lotte, "break-glass", "review", grant), 2, "invalid_input", "$.note")
    expect_ok("break-glass review", zv(db, lotte, "break-glass", "review", grant, "--note", "Terecht: acute situatie."))
    pending = expect_ok("break-glass pending after review", zv(db, lotte, "break-glass", "pending"))
    check("reviewed: no longer pending", all(g.get("id") != grant for g in pending), pending)
    rc, found, out, _ = zv(db, lotte, "audit", "search", "--case", yilmaz)
    check("audit: the break-the-glass and the view under it are logged with the reason", rc == 0 and any(
        ev.get("action") == "break_the_glass" and ev.get("who", {}).get("user") == joost for ev in found or []) and any(
        ev.get("action") == "view" and ev.get("who", {}).get("user") == joost and "balie" in ev.get("why", {}).get("reason", "")
        for ev in found or []), out[:500])

    # ---- case open ----
    req = {"household": "Gezin Smit", "team": "lt-noord", "title": "Zorgen over de zorg voor Bo",
           "framework": "voluntary", "phase": "risk_driven_care", "reason": "Aanmelding door de huisarts.",
           "family_informed": False,
           "persons": [{"name": "Ria Smit", "role": "parent", "birth_date": "1990-04-01", "bsn": bsn(123450000),
                        "capable": True, "address": "Laan 1"},
                       {"name": "Bo Smit", "role": "child", "birth_date": "2019-06-15", "authority": [0]}],
           "members": [{"login": "bram.jansen", "role": "directly_involved"}]}

    def open_case(r, login=anna):
        path = os.path.join(tmp, "request.json")
        with open(path, "w") as f:
            f.write(r if isinstance(r, str) else json.dumps(r))
        return zv(db, login, "case", "open", path)

    def edit(**changes):
        r = json.loads(json.dumps(req))
        for path, value in changes.items():
            node, keys = r, path.split("__")
            for k in keys[:-1]:
                node = node[int(k)] if isinstance(node, list) else node[k]
            last = int(keys[-1]) if isinstance(node, list) else keys[-1]
            node[last] = value
        return r

    expect_error("case open: an unknown member: exit 2 naming it", open_case(edit(pets=2)), 2, "invalid_input", "$.pets")
    expect_error("case open: a bad BSN: exit 2", open_case(edit(persons__0__bsn="123456789")), 2, "invalid_input", "$.persons[0].bsn")
    expect_error("case open: an unknown key in a person: exit 2", open_case(edit(persons__1__hair="blond")),
                 2, "invalid_input", "$.persons[1].hair")
    expect_error("case open: a team member not of the pilot: exit 2", open_case(edit(members=[{"login": "x.y", "role": "advisor"}])),
                 2, "invalid_input", "$.members[0]")
    expect_error("case open: a bad team role: exit 2", open_case(edit(members=[{"login": "bram.jansen", "role": "boss"}])),
                 2, "invalid_input", "$.members[0]")
    expect_error("case open: authority by no person of the request: exit 2", open_case(edit(persons__1__authority=[5])),
                 2, "invalid_input", "$.persons[1].authority")
    expect_error("case open: a bad birth date: exit 2", open_case(edit(persons__1__birth_date="2019-02-30")),
                 2, "invalid_input", "$.persons[1].birth_date")
    expect_error("case open: capable must be true or false: exit 2", open_case(edit(persons__0__capable="yes")),
                 2, "invalid_input", "$.persons[0].capable")
    expect_error("case open: a bad framework: exit 2", open_case(edit(framework="strict")), 2, "invalid_input", "$.framework")
    expect_error("case open: no team of the pilot: exit 2", open_case(edit(team="lt-oost")), 2, "invalid_input", "$.team")
    expect_error("case open: no persons: exit 2", open_case(edit(persons=[])), 2, "invalid_input", "$.persons")
    expect_error("case open: not JSON: exit 2", open_case("{\"household\": "), 2, "invalid_input")
    expect_error("case open: a team I am not in: exit 3", open_case(edit(team="lt-zuid")), 3, "not_permitted")
    open_case(edit(team="lt-oost"))
    rc, _, out, err = zv(db, anna, "case", "open", os.path.join(tmp, "request.json"), json_out=False)
    check("case open: bad input in text: exit 2 naming the path", rc == 2 and out == "" and "$.team" in err, err)
    doc = expect_ok("case open", open_case(req))
    opened = doc.get("id")
    check("case open answers the ids", isinstance(opened, str) and isinstance(doc.get("household"), str)
          and isinstance(doc.get("persons"), list) and len(doc["persons"]) == 2, doc)
    if not isinstance(opened, str):
        return
    listed = [x.get("id") for x in expect_ok("case list", zv(db, anna, "case", "list"))]
    check("the new case is in the lead's list and the member's", opened in listed and opened in
          [x.get("id") for x in expect_ok("case list", zv(db, "bram.jansen", "case", "list"))])
    v = show(db, anna, opened)
    check("the new case: the leaflet obligation (R6.2), the BSN masked",
          any(o.get("code") == "provide_leaflet" for o in v.get("obligations") or [])
          and v["persons"][0].get("bsn") == "*****" + req["persons"][0]["bsn"][5:], v.get("persons"))
    expect_error("case open with the same BSN again: exit 4", open_case(edit(household="Gezin Smit 2")), 4, "conflict",
                 "$.persons[0].bsn")
    expect_error("case member by a non-lead: exit 3", zv(
        db, "bram.jansen", "case", "member", opened, "--login", joost, "--role", "advisor"), 3, "not_permitted")
    expect_error("case member: a bad role: exit 2", zv(
        db, anna, "case", "member", opened, "--login", joost, "--role", "boss"), 2, "usage", "--role")
    expect_ok("case member", zv(db, anna, "case", "member", opened, "--login", joost, "--role", "advisor"))
    listed = expect_ok("case list", zv(db, joost, "case", "list"))
    check("the new member's list has the case, as advisor",
          any(x.get("id") == opened and x.get("role") == "advisor" for x in listed), listed)

    # ---- who acts ----
    for args in (["case", "list"], ["case", "show", jansen], ["obligations"], ["break-glass", "pending"]):
        expect_error(f"{' '.join(args[:2])} without --as: exit 2", zv(db, None, *args), 2, "usage", "--as")
        expect_error(f"{' '.join(args[:2])} as a user not in the configuration: exit 3",
                     zv(db, "mallory", *args), 3, "not_permitted")
    rc, _, out, err = zv(db, None, "case", "list", json_out=False)
    check("no --as, in text: exit 2 saying so on stderr", rc == 2 and out == "" and "--as" in err, err)
    rc, out, _ = run(["case", "list", "--db", db, "--json", "--as", anna])
    check("global options after the command words", rc == 0 and isinstance(parse(out), list) and len(parse(out)) >= 2,
          out[:200])
    expect_error("case show of a case that does not exist: exit 3, as for one without a role",
                 zv(db, anna, "case", "show", "ZV-2026-99999"), 3, "not_found")
    expect_error("case show of an id that is no id: exit 3", zv(db, anna, "case", "show", "../../etc/passwd"), 3, "not_found")
    expect_error("case show without an id: exit 2", zv(db, anna, "case", "show"), 2, "usage")
    expect_error("case: unknown subcommand: exit 2", zv(db, anna, "case", "delete", jansen), 2, "usage")

    rc, out, err = run(["--db", db, "audit", "verify", "--json"])
    check("audit verify after the write commands", rc == 0 and (parse(out) or {}).get("ok") is True, out + err)


def compare_with_decide(db, doc):
    """The decision share printed is `zorgvuldig decide`'s answer to the
    situation the dossier stored with it."""
    decision = doc.get("decision") or {}
    with open(os.path.join(ROOT, "examples", "01-jeugdhulp-deelt-met-betrokken-veiligheidsteam.json")) as f:
        example = f.read()
    rc, out, _ = run(["decide"], stdin=example)
    ref = parse(out) or {}
    check("share's decision has the keys of decide's output", rc == 0 and set(decision) == set(ref)
          and all(set(s) == set(ref["steps"][0]) for s in decision.get("steps") or []), sorted(decision))
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT situation, answer FROM decision WHERE id = ?", (doc.get("decision_id"),)).fetchone()
    finally:
        con.close()
    check("the decision is stored under its id", row is not None, doc.get("decision_id"))
    if row:
        rc, out, err = run(["decide"], stdin=row[0])
        check("decide on the stored situation gives the same decision", rc == 0 and parse(out) == decision
              and parse(row[1]) == decision, out[:300] + err[:300])


# ---- the crash test -------------------------------------------------------------------

def store_and_log(db, acks, label):
    """Every acknowledged act is in the store; every act has its audit event
    and every event its act."""
    con = sqlite3.connect(db)
    try:
        entries = dict(con.execute("SELECT id, version FROM entry"))
        versions = set(con.execute("SELECT entry_id, version FROM entry_version"))
        reactions = dict(con.execute("SELECT id, entry_id FROM reaction"))
        consents = {r[0] for r in con.execute("SELECT id FROM consent")}
    finally:
        con.close()
    rc, out, err = run(["--db", db, "audit", "export"])
    check(f"{label}: export", rc == 0, err)
    events = [json.loads(line)["event"] for line in out.splitlines()]
    added, corrected, reacted, consented = {}, {}, {}, 0
    for ev in events:
        if ev.get("outcome") != "done":
            continue
        named = ev.get("what", {}).get("entries", [])
        if ev["action"] == "record" and ev.get("detail") == REACTION:
            for e in named:
                reacted[e] = reacted.get(e, 0) + 1
        elif ev["action"] == "record":
            for e in named:
                added[e] = added.get(e, 0) + 1
            if (ev.get("detail") or "").startswith("consent ("):
                consented += 1
        elif ev["action"] == "correct":
            for e in named:
                corrected[e] = corrected.get(e, 0) + 1
    no_event = sorted(set(entries) - set(added))
    no_act = sorted(set(added) - set(entries))
    check(f"{label}: every entry in the store has its record event", not no_event, no_event[:5])
    check(f"{label}: every record event that names an entry has it in the store", not no_act, no_act[:5])
    check(f"{label}: one record event per entry", all(n == 1 for n in added.values()),
          {e: n for e, n in added.items() if n != 1})
    bad = {e: (v, corrected.get(e, 0)) for e, v in entries.items() if corrected.get(e, 0) != v - 1
           or any((e, k) not in versions for k in range(1, v + 1))}
    check(f"{label}: every correction has its event and every correct event its version", not bad
          and set(corrected) <= set(entries), bad)
    per_entry = {}
    for e in reactions.values():
        per_entry[e] = per_entry.get(e, 0) + 1
    check(f"{label}: reactions and their events agree", per_entry == reacted, (per_entry, reacted))
    check(f"{label}: consents and their events agree", len(consents) == consented, (len(consents), consented))
    lost = [a for a in acks if not (
        (a[0] == "entry" and a[1] in entries) or
        (a[0] == "correct" and (a[1], int(a[2])) in versions) or
        (a[0] == "react" and reactions.get(a[1]) == a[2]) or
        (a[0] == "consent" and a[1] in consents))]
    check(f"{label}: every acknowledged act is in the store", not lost, lost[:5])
    return entries


def crash_test(tmp):
    db = os.path.join(tmp, "crash.db")
    rc, out, err = run(["--db", db, "demo"])
    check("crash store with the demo", rc == 0, err)
    rng = random.Random(SEED)
    acks = []
    for round_no in range(ROUNDS):
        procs = [subprocess.Popen([WRITER, db, str(rng.randint(1, 3)), "0", str(rng.randint(1, 1 << 30))],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2 if round_no % 3 == 2 else 1)]
        time.sleep(rng.uniform(0.05, 0.6))
        for p in procs:
            p.send_signal(signal.SIGKILL)
        for p in procs:
            out, err = p.communicate(timeout=60)
            check(f"crash round {round_no}: killed, not failed", p.returncode == -signal.SIGKILL, err[-500:])
            for line in out.splitlines():
                parts = line.split()
                if parts and parts[0] in ("entry", "correct", "react", "consent"):
                    acks.append(tuple(parts))
                else:   # a line cut off by the kill is never printed: lines are one write
                    check(f"crash round {round_no}: whole lines only", False, line)
        rc, out, err = run(["--db", db, "audit", "verify", "--json"])
        check(f"crash round {round_no}: the log verifies after kill -9", rc == 0 and (parse(out) or {}).get("ok"), out + err)
        store_and_log(db, acks, f"crash round {round_no}")
    kinds = {k: sum(1 for a in acks if a[0] == k) for k in ("entry", "correct", "react", "consent")}
    check("the crash test did real work of every kind", kinds["entry"] >= 4 * ROUNDS and all(kinds.values()), kinds)
    # Through the command line: the acknowledged entries, as their authors see them.
    entries = store_and_log(db, acks, "after the crash rounds")
    newest = {}
    for a in acks:
        if a[0] == "correct":
            newest[a[1]] = max(newest.get(a[1], 1), int(a[2]))
    by_author = {}
    for a in acks:
        if a[0] == "entry":
            by_author.setdefault((a[3], a[2]), []).append(a[1])
    for (login, cid), ids in sorted(by_author.items()):
        v = show(db, login, cid)
        shown = {e.get("id"): e for e in v.get("entries") or []}
        missing = [i for i in ids if i not in shown or shown[i].get("version") < newest.get(i, 1)
                   or shown[i].get("version") != entries.get(i)]
        check(f"case show {cid} as {login}: every acknowledged entry, at its newest version", not missing, missing[:5])
    print(f"crash test: {ROUNDS} rounds, {len(acks)} acknowledged acts {kinds}, none lost")


# ---- main -------------------------------------------------------------------------------

with tempfile.TemporaryDirectory() as tmp:
    # The two ways outside tests start.
    a = os.path.join(tmp, "a.db")
    rc, out, err = run(["--db", a, "demo", "--json"])
    check("demo --json on a new file: exit 0", rc == 0, err)
    demo = parse(out) or {}
    check("demo --json prints one JSON value", out.count("\n") == 1 and demo, out[:200])
    check_demo_shape("demo on a new file", demo)
    rc, out, err = run(["--db", a, "demo", "--json"])
    check("demo --json again describes the same demo", rc == 0 and parse(out) == demo, err)

    b = os.path.join(tmp, "b.db")
    rc, out, err = run(["--db", b, "init"])
    check("init: exit 0", rc == 0, err)
    rc, out, err = run(["--db", b, "demo", "--json"])
    check("init then demo --json: exit 0", rc == 0, err)
    demo_b = parse(out) or {}
    check_demo_shape("init then demo", demo_b)
    strip = lambda d: {"users": [{k: v for k, v in u.items() if k != "totp_secret"} for u in d.get("users", [])],
                       "cases": d.get("cases")}
    check("both ways make the same demo", strip(demo) == strip(demo_b))
    check("each store has secrets of its own", [u.get("totp_secret") for u in demo["users"] if "totp_secret" in u] !=
          [u.get("totp_secret") for u in demo_b["users"] if "totp_secret" in u])
    for u in demo_b.get("users", []):
        mine = sorted(c["id"] for c in demo_b["cases"] if any(m["login"] == u["login"] for m in c["team"]))
        rc, doc, out, _ = zv(b, u["login"], "case", "list")
        check(f"init then demo: case list of {u['login']}", rc == 0 and sorted(x.get("id") for x in doc or []) == mine, out[:300])
    rc, out, err = run(["--db", b, "audit", "verify"])
    check("init then demo: audit verify", rc == 0, out + err)
    c = os.path.join(tmp, "c.db")
    rc, out, err = run(["--db", c, "init", "--config", os.path.join(ROOT, "config", "demo-pilot.json")])
    rc2, out2, _ = run(["--db", c, "demo", "--json"])
    check("demo on a store of the demo pilot with no cases yet fills it", rc == 0 and rc2 == 0 and
          len((parse(out2) or {}).get("cases", [])) == len(demo["cases"]), out2[:200] + err)

    if demo.get("cases"):
        views, refused = visibility(a, demo)
        telling_cases("the demo", demo, views)
        logged_views(a, demo, views, refused)
        t = time.monotonic()
        writes(a, demo, views, tmp)
        print(f"write commands: {time.monotonic() - t:.1f} s")
    t = time.monotonic()
    crash_test(tmp)
    print(f"crash test: {time.monotonic() - t:.1f} s; all: {time.monotonic() - STARTED:.1f} s")

finish("dossier command line")
