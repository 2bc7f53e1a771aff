#!/usr/bin/env python3
"""test_audit.py BINARY WRITER — the audit log through the command line.

`zorgvuldig init` and every `audit` subcommand as docs/cli.md and
docs/audit.md describe them; proofs checked here with an independent
implementation of RFC 9162's verification; tampering with the live store
and with an export (exit 1, naming the event); and the crash test: a writer
process (WRITER, tests/audit/audit_writer.c) killed with SIGKILL at random
moments, many rounds, after which every acknowledged event must be in the
store with its content and the log must verify.
"""
import hashlib
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

from checks import check, finish
import checks

BIN, WRITER = sys.argv[1], sys.argv[2]
ROUNDS = int(os.environ.get("ZV_CRASH_ROUNDS", "30"))


def run(args, timeout=120):
    return checks.run(BIN, args, timeout=timeout, text=True)


def write_events(db, threads, per_thread):
    p = subprocess.run([WRITER, db, str(threads), str(per_thread)], capture_output=True,
                       text=True, timeout=120)
    check("writer runs", p.returncode == 0, p.stderr)
    return [line.split() for line in p.stdout.splitlines()]


# ---- RFC 9162 verification, written independently of the C code -------------

def h(b):
    return hashlib.sha256(b).digest()


def node(left, right):
    return h(b"\x01" + left + right)


def verify_inclusion(index, size, leaf_hash, path, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, path):
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def mth(leaves):
    if not leaves:
        return h(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def unhex(s):
    return bytes.fromhex(s)


def raw_db(db):
    """The store as someone with the files sees it: the append-only triggers
    dropped, the search index (DB-search) attached."""
    con = sqlite3.connect(db)
    for t in ("audit_event", "audit_head"):
        con.execute(f"DROP TRIGGER IF EXISTS {t}_no_update")
        con.execute(f"DROP TRIGGER IF EXISTS {t}_no_delete")
    con.commit()
    con.execute("ATTACH DATABASE ? AS ix", (db + "-search",))
    return con


def export(db, *extra):
    rc, out, err = run(["--db", db, "audit", "export", *extra])
    check("export runs", rc == 0, err)
    return out.splitlines()


def head(db, size=None):
    rc, out, err = run(["--db", db, "audit", "head"] + (["--size", str(size)] if size is not None else []))
    check("head runs", rc == 0, err)
    return json.loads(out)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "z.db")

    # ---- init ---------------------------------------------------------------
    rc, out, err = run(["--db", db, "init", "--json"])
    check("init exit 0", rc == 0, err)
    made = json.loads(out)
    check("init reports the store", made["database"] == db and made["schema_version"] >= 1, out)
    keys = db + ".keys"
    check("key folder owner only", stat.S_IMODE(os.stat(keys).st_mode) == 0o700)
    check("secret key owner only",
          stat.S_IMODE(os.stat(os.path.join(keys, "audit-signing.key")).st_mode) == 0o600)
    rc, out, _ = run(["init", "--db", db, "--json"])
    check("init never overwrites (exit 4)", rc == 4 and json.loads(out)["error"]["code"] == "conflict", out)
    rc, out, err = run(["--db", os.path.join(tmp, "other.db"), "init"])
    check("second store", rc == 0, err)
    os.rename(os.path.join(tmp, "other.db"), os.path.join(tmp, "moved.db"))
    rc, _, err = run(["--db", os.path.join(tmp, "other.db"), "init"])
    check("init refuses a key folder without its store (exit 4)", rc == 4 and "signing key" in err, err)
    rc, _, err = run(["--db", os.path.join(tmp, "none.db"), "audit", "verify"])
    check("no store: exit 3 saying how to make one", rc == 3 and "init" in err, err)
    junk = os.path.join(tmp, "junk.db")
    sqlite3.connect(junk).execute("CREATE TABLE t(x)").connection.commit()
    rc, _, err = run(["--db", junk, "audit", "verify"])
    check("a foreign database: exit 2", rc == 2 and "not a Zorgvuldig store" in err, err)
    rc, out, _ = run(["--db", db, "audit", "key"])
    check("audit key prints the public key", json.loads(out)["public_key"] == made["public_key"], out)

    # ---- usage --------------------------------------------------------------
    for args, why in ([["audit"], "no subcommand"], [["audit", "frobnicate"], "unknown"],
                      [["audit", "prove"], "no --event"], [["audit", "prove", "--event", "x"], "not a number"],
                      [["audit", "head", "--event", "1"], "option of another subcommand"],
                      [["audit", "search"], "no key"],
                      [["audit", "search", "--person", "a", "--case", "b"], "two keys"],
                      [["audit", "search", "--person", "a", "--from", "2026-13-01"], "bad date"],
                      [["audit", "search", "--person", "a", "--from", "2026-02-01", "--to", "2026-01-01"], "from after to"],
                      [["audit", "export", "--from", "5", "--to", "2"], "from after to"],
                      [["audit", "verify", "--file", "x"], "--file without --head"]):
        rc, out, err = run(["--db", db] + args + ["--json"])
        ok = rc == 2
        try:
            ok = ok and json.loads(out)["error"]["code"] == "usage"
        except (ValueError, KeyError):
            ok = False
        check(f"usage error exits 2 ({why})", ok, f"{rc} {out} {err}")

    # ---- heads, appends, verify ---------------------------------------------
    first = head(db)
    # init logs the store's creation and the configuration it puts in force
    check("the new log holds the creation events", first["tree_size"] == 2, first)
    check("a head of the empty tree", head(db, 0)["root_hash"] == hashlib.sha256(b"").hexdigest())
    rc, _, _ = run(["--db", db, "audit", "head", "--size", "99"])
    check("no head of that size: exit 3", rc == 3)
    acks = write_events(db, 4, 10)
    check("40 acknowledged", len(acks) == 40, len(acks))
    rc, out, err = run(["--db", db, "audit", "verify", "--json"])
    report = json.loads(out)
    check("verify ok", rc == 0 and report["ok"] and report["events"] == 42, out + err)
    rc, out, _ = run(["--db", db, "audit", "verify"])
    check("verify speaks plainly", rc == 0 and "verifies" in out, out)

    # ---- search (logged) ----------------------------------------------------
    rc, out, err = run(["--db", db, "--as", "privacy-officer", "audit", "search", "--person",
                        "person-crash", "--json"])
    found = json.loads(out)
    check("search by person", rc == 0 and len(found) == 41, f"{len(found)} {err}")
    check("the search itself is among them (it is logged first)",
          found[-1]["action"] == "audit_search" and found[-1]["who"]["user"] == "privacy-officer", found[-1])
    rc, out, _ = run(["--db", db, "audit", "search", "--user", "writer-2", "--json"])
    check("search by user", rc == 0 and len(json.loads(out)) == 10, out[:300])
    rc, out, _ = run(["--db", db, "audit", "search", "--case", "nothing", "--json"])
    found = json.loads(out)
    check("search with no hits shows only itself", rc == 0 and len(found) == 1 and
          found[0]["action"] == "audit_search" and found[0]["whose"]["cases"] == ["nothing"], out)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    rc, out, _ = run(["--db", db, "audit", "search", "--user", "writer-2", "--from", "2001-01-01",
                      "--to", "2001-12-31", "--json"])
    check("search by date: none then", rc == 0 and json.loads(out) == [], out)
    rc, out, _ = run(["--db", db, "audit", "search", "--user", "writer-2", "--from", today, "--json"])
    check("search by date: all today", rc == 0 and len(json.loads(out)) == 10, out[:200])
    rc, out, _ = run(["--db", db, "audit", "search", "--user", "privacy-officer"])
    check("searches are visible to the next search", rc == 0 and "audit_search" in out, out)

    # ---- the search index file ----------------------------------------------
    ixdb = os.path.join(tmp, "ix.db")

    def drop_index():
        for suffix in ("-search", "-search-wal", "-search-shm"):
            if os.path.exists(ixdb + suffix):
                os.remove(ixdb + suffix)

    rc, _, err = run(["--db", ixdb, "init"])
    check("a store for the index checks", rc == 0, err)
    write_events(ixdb, 2, 5)
    rc, out, _ = run(["--db", ixdb, "--as", "po", "audit", "search", "--user", "writer-1", "--json"])
    check("a search brings the index file up to date and reads it",
          rc == 0 and len(json.loads(out)) == 5 and os.path.exists(ixdb + "-search"), out[:200])
    rc, out, _ = run(["--db", ixdb, "audit", "verify", "--json"])
    rep = json.loads(out)
    check("verify says how far the index reaches", rc == 0 and rep["indexed"] == rep["events"], out)
    drop_index()
    sqlite3.connect(ixdb + "-search").execute("CREATE TABLE notes(x)").connection.commit()
    rc, out, _ = run(["--db", ixdb, "audit", "verify", "--json"])
    rep = json.loads(out)
    check("a foreign file in the index's place: the log is checked, the file reported (exit 1)",
          rc == 1 and "the log verifies" in rep["problem"] and "event" not in rep, out)
    rc, out, err = run(["--db", ixdb, "--as", "po", "audit", "search", "--user", "writer-1"])
    check("a search says why it cannot run", rc != 0 and "not the search index" in err, err)
    drop_index()
    rc, out, _ = run(["--db", ixdb, "--as", "po", "audit", "search", "--user", "writer-1", "--json"])
    check("moved away, the index is rebuilt from the log", rc == 0 and len(json.loads(out)) == 5,
          out[:200])
    rc, out, _ = run(["--db", ixdb, "audit", "verify", "--json"])
    check("and the store verifies again", rc == 0 and json.loads(out)["ok"], out)

    # ---- proofs -------------------------------------------------------------
    top = head(db)
    size = top["tree_size"]
    lines = export(db)
    leaves = {json.loads(line)["seq"]: unhex(json.loads(line)["leaf_hash"]) for line in lines}
    for event in (0, 1, 7, size - 1):
        rc, out, err = run(["--db", db, "audit", "prove", "--event", str(event), "--size", str(size)])
        p = json.loads(out)
        check(f"inclusion proof of {event}", rc == 0 and verify_inclusion(
            event, size, leaves[event], [unhex(x) for x in p["audit_path"]], unhex(top["root_hash"])), out)
        check(f"an altered proof of {event} fails", not verify_inclusion(
            event, size, leaves[event], [unhex(x) for x in p["audit_path"]][:-1], unhex(top["root_hash"])))
    for m in (1, 2, 5, 16, size - 1):
        rc, out, err = run(["--db", db, "audit", "consistency", "--from", str(m), "--to", str(size)])
        p = json.loads(out)
        path = [unhex(x) for x in p["consistency_path"]]
        first_root = mth([leaves[i] for i in range(m)])
        if "first_head" in p:
            check(f"the stored head of size {m}", unhex(p["first_head"]["root_hash"]) == first_root)
        ok = verify_consistency(m, size, first_root, unhex(top["root_hash"]), path)
        check(f"consistency {m}..{size}", rc == 0 and ok, out)
        check(f"the root of {size} from the export", mth([leaves[i] for i in range(size)]) ==
              unhex(top["root_hash"]))
        if path:
            path[0] = bytes([path[0][0] ^ 1]) + path[0][1:]
            check(f"an altered consistency proof {m}..{size} fails", not verify_consistency(
                m, size, first_root, unhex(top["root_hash"]), path))
    rc, _, _ = run(["--db", db, "audit", "prove", "--event", str(size + 5)])
    check("proof of an event not in the log: exit 3", rc == 3)

    # ---- export and offline verification ------------------------------------
    lines = export(db)
    n = json.loads(lines[0])["tree_size"]
    headfile = os.path.join(tmp, "head.json")
    with open(headfile, "w") as f:
        f.write(json.dumps(head(db, n)))
    exp = os.path.join(tmp, "export.jsonl")

    def verify_export(content, *extra):
        with open(exp, "w") as f:
            f.write("".join(x + "\n" for x in content))
        rc, out, err = run(["--db", db, "audit", "verify", "--file", exp, "--head", headfile,
                            "--json", *extra])
        return rc, json.loads(out) if out else {}, err

    rc, rep, err = verify_export(lines)
    check("an export verifies offline", rc == 0 and rep["ok"] and rep["events"] == n, f"{rep} {err}")
    rc, rep, _ = verify_export(lines, "--public-key", os.path.join(keys, "audit-signing.pub"))
    check("with the public key file given", rc == 0 and rep["ok"], rep)
    rc, rep, _ = verify_export(lines, "--public-key", os.path.join(tmp, "other.db.keys", "audit-signing.pub")
                               if os.path.exists(os.path.join(tmp, "other.db.keys")) else
                               os.path.join(tmp, "moved.db.keys", "audit-signing.pub"))
    check("another log's key: exit 1", rc == 1 and not rep["ok"], rep)
    tampered = list(lines)
    tampered[7] = tampered[7].replace('"writer-', '"wrjter-', 1)
    rc, rep, _ = verify_export(tampered)
    check("a changed event in an export: exit 1 naming it", rc == 1 and rep.get("event") == 7, rep)
    rc, rep, _ = verify_export(lines[:12] + lines[13:])
    check("a deleted line: exit 1 naming it", rc == 1 and rep.get("event") == 12, rep)
    rc, rep, _ = verify_export(lines[:4] + [lines[9]] + lines[5:9] + [lines[4]] + lines[10:])
    check("swapped lines: exit 1 naming the first", rc == 1 and rep.get("event") == 4, rep)
    rc, rep, _ = verify_export(lines[:20] + [lines[19]] + lines[20:])
    check("an inserted line: exit 1", rc == 1 and rep.get("event") == 20, rep)
    rc, rep, _ = verify_export(lines[:-2])
    check("a truncated export: exit 1 naming the first missing", rc == 1 and rep.get("event") == n - 2, rep)
    part = export(db, "--from", "3", "--to", "11")
    with open(headfile, "w") as f:
        f.write(json.dumps(head(db, json.loads(part[0])["tree_size"])))
    rc, rep, err = verify_export(part)
    check("a partial export verifies, and says it is partial",
          rc == 0 and rep["ok"] and rep["events"] == 9 and rep["partial"] and rep["first"] == 3
          and rep["last"] == 11, f"{rep} {err}")
    with open(exp, "w") as f:
        f.write("".join(x + "\n" for x in part))
    rc, out, _ = run(["--db", db, "audit", "verify", "--file", exp, "--head", headfile])
    check("the plain report says PARTIAL", rc == 0 and "PARTIAL" in out, out)
    size_before = head(db)["tree_size"]
    rc, out, err = run(["--db", db, "audit", "export", "--from", "5", "--to", str(size_before + 50)])
    check("an export outside the log: exit 2, and nothing logged",
          rc == 2 and head(db)["tree_size"] == size_before and out == "", err)
    rc, _, err = run(["--db", db, "audit", "search", "--person", "a\x01b"])
    check("a search id with a control character: exit 2 naming the option",
          rc == 2 and "--person" in err and head(db)["tree_size"] == size_before, err)
    other_key = os.path.join(tmp, "moved.db.keys", "audit-signing.pub")
    if not os.path.exists(other_key):
        other_key = os.path.join(tmp, "other.db.keys", "audit-signing.pub")
    rc, out, _ = run(["--db", db, "audit", "verify", "--public-key", other_key, "--json"])
    check("live verify with another log's public key: exit 1", rc == 1 and not json.loads(out)["ok"], out)
    rc, out, _ = run(["--db", db, "audit", "verify", "--json"])
    check("verify names the key it used", json.loads(out)["log_id"] == head(db)["log_id"], out)

    # ---- tampering with the live store --------------------------------------
    con = raw_db(db)
    (entry,) = con.execute("SELECT entry FROM audit_event WHERE seq = 12").fetchone()
    con.execute("UPDATE audit_event SET entry = ? WHERE seq = 12", (entry.replace("record", "view"),))
    con.commit()
    rc, out, _ = run(["--db", db, "audit", "verify", "--json"])
    rep = json.loads(out)
    check("a changed event in the store: exit 1 naming it", rc == 1 and rep["event"] == 12, out)
    rc, out, _ = run(["--db", db, "audit", "verify"])
    check("the plain report names it too", rc == 1 and "12" in out and "DOES NOT VERIFY" in out, out)
    rc, _, err = run(["--db", db, "--as", "x", "audit", "search", "--user", "x"])
    rc2, out, _ = run(["--db", db, "audit", "verify", "--json"])
    check("appending later does not hide it", rc == 0 and rc2 == 1 and json.loads(out)["event"] == 12,
          err + out)
    con.execute("UPDATE audit_event SET entry = ? WHERE seq = 12", (entry,))
    con.commit()
    rc, _, err = run(["--db", db, "audit", "verify"])
    check("restored, it verifies again", rc == 0, err)
    before = head(db)
    with open(headfile, "w") as f:
        f.write(json.dumps(before))
    last = before["tree_size"]
    con.execute("DELETE FROM audit_subject WHERE seq >= ?", (last - 3,))
    con.execute("DELETE FROM audit_event WHERE seq >= ?", (last - 3,))
    con.execute("DELETE FROM audit_head WHERE tree_size > ?", (last - 3,))
    con.commit()
    rc, out, _ = run(["--db", db, "audit", "verify", "--json"])
    check("truncated with its heads, the search index still remembers the events",
          rc == 1 and json.loads(out)["event"] == last - 3 and "search index" in out, out)
    con.execute("UPDATE index_state SET indexed = ?, last_leaf = "
                "(SELECT leaf FROM audit_event WHERE seq = ?)", (last - 3, last - 4))
    con.commit()
    con.close()
    rc, _, _ = run(["--db", db, "audit", "verify"])
    check("truncated with its heads and index, the store alone cannot tell", rc == 0)
    rc, out, _ = run(["--db", db, "audit", "verify", "--head", headfile, "--json"])
    rep = json.loads(out)
    check("an auditor's earlier head catches the truncation", rc == 1 and rep["event"] == last - 3, out)

    # ---- the crash test -----------------------------------------------------
    crash = os.path.join(tmp, "crash.db")
    rc, _, err = run(["--db", crash, "init"])
    check("crash store", rc == 0, err)
    rng = random.Random(int(os.environ.get("ZV_CRASH_SEED", "7513")))
    acknowledged = {}
    for round_no in range(ROUNDS):
        procs = [subprocess.Popen([WRITER, crash, str(rng.randint(1, 8))], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for _ in range(2 if round_no % 3 == 2 else 1)]
        time.sleep(rng.uniform(0.03, 0.4))
        for p in procs:
            p.send_signal(signal.SIGKILL)
        for p in procs:
            out, err = p.communicate(timeout=30)
            check(f"round {round_no}: killed, not failed", p.returncode == -signal.SIGKILL, err)
            for line in out.splitlines():
                seq, tag = line.split()
                acknowledged[int(seq)] = tag
        rc, out, err = run(["--db", crash, "audit", "verify", "--json"])
        check(f"round {round_no}: the log verifies after kill -9", rc == 0 and json.loads(out)["ok"], out + err)
    stored = {}
    for line in export(crash):
        ev = json.loads(line)["event"]
        stored[ev["seq"]] = ev.get("detail")
    lost = [s for s, tag in acknowledged.items() if stored.get(s) != tag]
    check("every acknowledged event survived with its content", not lost, f"lost: {lost[:10]}")
    check("the crash test did real work", len(acknowledged) >= 5 * ROUNDS, len(acknowledged))
    print(f"crash test: {ROUNDS} rounds, {len(acknowledged)} acknowledged events, "
          f"{len(stored)} in the log, none lost" if not lost else "")

finish("audit command line")
