#!/usr/bin/env python3
"""test_user.py BINARY ROOT — `zorgvuldig user …` as outside tests drive it.

On a demo store (users with passwords and second factors) and on a store of
the demo pilot whose users have no credentials yet: each subcommand with its
output (text and --json) and exit codes (docs/cli.md): 0 done, 2 bad usage or
input (a short password, a second factor that may not be removed), 3 not
permitted (anyone but an administrator) or not found (a login outside the
configuration, a user without credentials), 4 conflict (credentials given
twice). Every change and refusal is in the audit log, which verifies, and no
password or secret is. That a password set here signs in is checked by
tests/unit/test_signin.c, which runs this command and then zv_sign_in.
"""
import base64
import os
import re
import sqlite3
import sys
import tempfile

from checks import check, expect_error, expect_ok, finish, parse
import checks

BIN, ROOT = sys.argv[1], sys.argv[2]
ADMIN = "mark.hendriks"
PASSWORD = re.compile(r"[abcdefghjkmnpqrstuvwxyz23456789]{24}")


def zv(db, login, *args, json_out=True, stdin=None):
    return checks.run_as(BIN, db, login, *args, json_out=json_out, stdin=stdin)


def text_error(name, db, login, args, rc, mention, stdin=None):
    """Without --json: exit `rc`, nothing on stdout, `mention` on stderr."""
    got, _, out, err = zv(db, login, *args, json_out=False, stdin=stdin)
    check(name + " (text)", got == rc and out == "" and mention in err, f"exit {got} {out[:200]} {err[:300]}")


def audit_entries(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [row[0] for row in con.execute("SELECT entry FROM audit_event ORDER BY seq")]
    finally:
        con.close()


def logged(entries, outcome, user, detail):
    return any(f'"outcome":"{outcome}"' in e and f'"user":"{user}"' in e and detail in e
               and '"action":"config_change"' in e for e in entries)


def not_permitted(db):
    """Only an administrator of the configuration manages credentials."""
    for login in ("anna.devries", "lotte.peters", "nobody.here"):
        expect_error(f"{login} may not set a password", zv(db, login, "user", "passwd", "bram.jansen",
                                                           "--generate"), 3, "not_permitted")
        expect_error(f"{login} may not give a second factor", zv(db, login, "user", "totp", login), 3,
                     "not_permitted")
        text_error(f"{login} may not add a user", db, login, ["user", "add", "ilse.meijer", "--generate"], 3,
                   "administrator" if login != "nobody.here" else "nobody.here")
    expect_error("without --as", zv(db, None, "user", "totp", "anna.devries"), 2, "usage", "--as")


def passwords(db):
    ok = expect_ok("user passwd from stdin", zv(db, ADMIN, "user", "passwd", "anna.devries",
                                                 stdin="een nieuw wachtwoord\n"))
    check("user passwd --json: the login only", ok == {"login": "anna.devries"}, ok)
    rc, _, out, err = zv(db, ADMIN, "user", "passwd", "anna.devries", json_out=False,
                         stdin="nog een nieuw wachtwoord\r\n")
    check("user passwd (text), a CRLF line", rc == 0 and out == "Nieuw wachtwoord vastgelegd voor anna.devries.\n",
          out + err)
    gen = expect_ok("user passwd --generate", zv(db, ADMIN, "user", "passwd", "bram.jansen", "--generate"))
    check("--generate --json: login and the password", set(gen) == {"login", "password"}
          and gen["login"] == "bram.jansen" and PASSWORD.fullmatch(gen.get("password", "")), gen)
    rc, _, out, err = zv(db, ADMIN, "user", "passwd", "bram.jansen", "--generate", json_out=False)
    shown = PASSWORD.findall(out)
    check("--generate (text) shows the password once", rc == 0 and len(shown) == 1
          and shown[0] != gen.get("password"), out + err)

    expect_error("a password of 11 characters", zv(db, ADMIN, "user", "passwd", "anna.devries",
                                                    stdin="elf tekens!\n"), 2, "invalid_input", "$.password")
    text_error("a short password", db, ADMIN, ["user", "passwd", "anna.devries"], 2, "at least 12",
               stdin="kort\n")
    expect_error("no password on stdin", zv(db, ADMIN, "user", "passwd", "anna.devries", stdin=""), 2,
                 "invalid_input", "$.password")
    expect_error("a line too long", zv(db, ADMIN, "user", "passwd", "anna.devries", stdin="x" * 1100 + "\n"),
                 2, "invalid_input", "at most 1024")
    expect_error("a tab in a password", zv(db, ADMIN, "user", "passwd", "anna.devries",
                                           stdin="twaalf\ttekens\n"), 2, "invalid_input", "control")

    expect_error("user add of a user with credentials", zv(db, ADMIN, "user", "add", "anna.devries",
                                                            "--generate"), 4, "conflict", "user passwd")
    expect_error("user add of a login outside the configuration", zv(db, ADMIN, "user", "add", "nobody.here",
                                                                      "--generate"), 3, "not_found",
                 "nobody.here")
    expect_error("user passwd of a login outside the configuration",
                 zv(db, ADMIN, "user", "passwd", "nobody.here", stdin="een lang wachtwoord\n"), 3, "not_found")
    return [gen.get("password", "-"), shown[0] if shown else "-", "een nieuw wachtwoord",
            "nog een nieuw wachtwoord"]


def second_factors(db):
    doc = expect_ok("user totp --json", zv(db, ADMIN, "user", "totp", "lotte.peters"))
    secret = doc.get("secret", "")
    check("user totp --json: login, secret, uri", set(doc) == {"login", "secret", "uri"}
          and doc["login"] == "lotte.peters", doc)
    try:
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (ValueError, TypeError):
        raw = b""
    check("the secret is base32 of 20 bytes", len(raw) == 20 and re.fullmatch(r"[A-Z2-7]{32}", secret), secret)
    check("the otpauth URI", doc.get("uri") == f"otpauth://totp/Zorgvuldig:lotte.peters?secret={secret}"
          "&issuer=Zorgvuldig&algorithm=SHA1&digits=6&period=30", doc)
    rc, _, out, err = zv(db, ADMIN, "user", "totp", "anna.devries", json_out=False)
    m = re.search(r"geheim: ([A-Z2-7]{32})\n\s*URI:\s+(otpauth://totp/Zorgvuldig:anna\.devries\?secret=\1&\S+)\n",
                  out)
    check("user totp (text): the secret and the URI", rc == 0 and m, out + err)
    for login, why in (("lotte.peters", "privacy officers"), ("mark.hendriks", "privacy officers"),
                       ("karin.dekker", "configuration")):
        expect_error(f"{login}'s second factor may not be removed",
                     zv(db, ADMIN, "user", "totp", login, "--remove"), 2, "invalid_input", why)
    gone = expect_ok("user totp --remove", zv(db, ADMIN, "user", "totp", "anna.devries", "--remove"))
    check("--remove --json", gone == {"login": "anna.devries", "removed": True}, gone)
    expect_error("--remove without a second factor", zv(db, ADMIN, "user", "totp", "anna.devries", "--remove"),
                 3, "not_found", "no second factor")
    rc, _, out, err = zv(db, ADMIN, "user", "totp", "anna.devries", json_out=False)
    rc2, _, out2, err2 = zv(db, ADMIN, "user", "totp", "anna.devries", "--remove", json_out=False)
    check("--remove (text)", rc == 0 and rc2 == 0 and "verwijderd" in out2, out2 + err2)
    return [secret, m.group(1) if m else "-"]


def usage(db):
    for args, mention in ((["user"], "add|passwd|totp"), (["user", "delete", "x"], "add, passwd, totp"),
                          (["user", "passwd"], "LOGIN"), (["user", "totp", "a", "b"], "LOGIN"),
                          (["user", "totp", "anna.devries", "--rotate"], "--rotate"),
                          (["user", "add", "anna.devries", "--generate=yes"], "--generate")):
        rc, doc, out, err = zv(db, ADMIN, *args)
        check(f"usage: {' '.join(args)}", rc == 2 and (mention is None or mention in out + err), out + err)
    rc, out, err = checks.run(BIN, ["help", "--json"], text=True)
    names = [c.get("name") for c in (parse(out) or {}).get("commands", [])]
    check("help lists user", rc == 0 and "user" in names, out)


with tempfile.TemporaryDirectory() as tmp:
    a = os.path.join(tmp, "a.db")
    rc, out, err = checks.run(BIN, ["--db", a, "demo"], text=True)
    check("demo", rc == 0, err)
    not_permitted(a)
    secrets = passwords(a) + second_factors(a)
    usage(a)
    entries = audit_entries(a)
    for user, detail in (("anna.devries", "a new password for anna.devries"),
                         ("bram.jansen", "a new password for bram.jansen"),
                         ("lotte.peters", "a new second factor (TOTP) for lotte.peters"),
                         ("anna.devries", "the second factor (TOTP) of anna.devries removed")):
        check(f"logged: {detail}", logged(entries, "done", ADMIN, detail))
    check("logged: anna.devries refused", logged(entries, "refused", "anna.devries", "only an administrator"))
    check("logged: a short password refused", logged(entries, "refused", ADMIN, "at least 12 characters"))
    check("logged: lotte's second factor kept", logged(entries, "refused", ADMIN, "not removed"))
    leaked = [s for s in secrets for e in entries if s in e]
    check("no password or secret in the audit log", not leaked, leaked)
    rc, out, err = checks.run(BIN, ["--db", a, "audit", "verify"], text=True)
    check("audit verify", rc == 0, out + err)

    # A store of the demo pilot without credentials: the first ones.
    b = os.path.join(tmp, "b.db")
    rc, out, err = checks.run(BIN, ["--db", b, "init", "--config", os.path.join(ROOT, "config", "demo-pilot.json")],
                              text=True)
    check("init --config demo-pilot.json", rc == 0, err)
    ok = expect_ok("user add from stdin", zv(b, ADMIN, "user", "add", "bram.jansen", stdin="eerste wachtwoord\n"))
    check("user add --json: the login only", ok == {"login": "bram.jansen"}, ok)
    expect_error("user add twice", zv(b, ADMIN, "user", "add", "bram.jansen", stdin="eerste wachtwoord\n"), 4,
                 "conflict")
    rc, _, out, err = zv(b, ADMIN, "user", "add", "lotte.peters", "--generate", json_out=False)
    check("user add --generate (text)", rc == 0 and len(PASSWORD.findall(out)) == 1, out + err)
    expect_error("user passwd without credentials", zv(b, ADMIN, "user", "passwd", "ilse.meijer", "--generate"), 3,
                 "not_found", "user add ilse.meijer")
    expect_error("user totp without credentials", zv(b, ADMIN, "user", "totp", "ilse.meijer"), 3, "not_found")
    entries = audit_entries(b)
    check("logged: credentials given", logged(entries, "done", ADMIN, "credentials given to bram.jansen"))
    check("logged: given twice refused", logged(entries, "refused", ADMIN, "has credentials already"))
    check("the password is not in the log", not any("eerste wachtwoord" in e for e in entries))

finish("user command line")
