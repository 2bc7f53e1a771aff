"""checks.py — what the command-line tests (test_cli.py, test_audit.py,
test_config.py, test_dossier.py, test_user.py) share:
running the binary (as a user of a store, with --json read back), and checks
that are counted, printed when they fail and summed up at the end (exit 1 if
any failed).
"""
import json
import subprocess
import sys

failures = []
count = 0


def run(binary, args, stdin=None, timeout=60, text=False):
    """(exit code, stdout, stderr) of `binary args`; bytes unless text."""
    p = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout,
                       text=text)
    return p.returncode, p.stdout, p.stderr


def parse(out):
    """The JSON value printed, or None."""
    try:
        return json.loads(out)
    except ValueError:
        return None


def run_as(binary, db, login, *args, json_out=True, stdin=None, timeout=120):
    """(exit code, parsed JSON or None, stdout, stderr) of one command on
    store `db` as `login` (None: without --as), with --json unless told."""
    argv = ["--db", db] + (["--as", login] if login else []) + list(args)
    rc, out, err = run(binary, argv + (["--json"] if json_out else []), stdin=stdin,
                       timeout=timeout, text=True)
    return rc, parse(out) if json_out else None, out, err


def error_of(doc):
    return doc.get("error") if isinstance(doc, dict) and isinstance(doc.get("error"), dict) else None


def expect_error(name, res, rc, code=None, mention=None):
    """The command failed with exit `rc`, printing {"error": {code, …}} whose
    path or message names `mention` (an option or a JSON path)."""
    got_rc, doc, out, err = res
    e = error_of(doc)
    ok = got_rc == rc and e is not None and (code is None or e.get("code") == code)
    if ok and mention:
        ok = mention in (e.get("path") or "") + " " + (e.get("message") or "")
    check(name, ok, f"exit {got_rc} (want {rc}), {out[:600]} {err[:300]}")
    return e or {}


def expect_ok(name, res):
    """The command succeeded and printed JSON that is not an error; that JSON."""
    rc, doc, out, err = res
    check(name, rc == 0 and doc is not None and not error_of(doc), f"exit {rc}: {out[:600]} {err[:300]}")
    return doc if isinstance(doc, (dict, list)) else {}


def check(name, cond, detail=""):
    global count
    count += 1
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}"[:3000])


def finish(what):
    """Print how many checks of `what` passed and exit: 1 if any failed."""
    print(f"{what}: {count - len(failures)}/{count} checks passed")
    sys.exit(1 if failures else 0)
