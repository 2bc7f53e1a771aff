#!/usr/bin/env python3
"""test_config.py BINARY ROOT — `zorgvuldig config check FILE` as outside tests
drive it (docs/config.md, docs/cli.md).

The demo pilot's configuration passes (exit 0); a configuration with many
problems lists every one with its path, in the order of the file, as text
and as one JSON value (exit 1); text that is not JSON, a file that cannot be
read and a missing FILE are bad input or usage (exit 2), reported as
docs/cli.md asks.
"""
import copy
import json
import pathlib
import sys
import tempfile

from checks import check, finish
import checks

BIN = sys.argv[1]
ROOT = pathlib.Path(sys.argv[2])
DEMO = ROOT / "config" / "demo-pilot.json"


def run(args):
    return checks.run(BIN, args, text=True)


def demo():
    return json.loads(DEMO.read_text())


def broken():
    """The demo with one problem of each of several kinds, and the paths at
    which they must be reported, in the order of the file."""
    d = demo()
    d["organisations"][0]["retention_years"]["audit"] = 3
    d["organisations"][6]["tasks"][0].pop("provision")
    d["organisations"][7]["kind"] = "regional_safety_team"
    d["teams"][0]["collaboration"] = "mandate"
    d["professionals"][0]["teams"].append("lt-west")
    d["professionals"][11]["teams"] = ["lt-noord"]
    d["mandates"][0]["valid_until"] = "2025-06-30"
    d["joint_controllers"][1]["contact_point"] = "gem-zuidwest"
    d["joint_controllers"][1]["arrangements"].pop("rights")
    d["colour"] = "blue"
    paths = [
        "$.organisations[0].retention_years.audit",
        "$.organisations[6].tasks[0].provision",
        "$.organisations[7].kind",
        "$.teams[0].collaboration",
        "$.professionals[0].teams[1]",
        "$.professionals[11].teams",
        "$.mandates[0].valid_until",
        "$.joint_controllers[1].contact_point",
        "$.joint_controllers[1].arrangements.rights",
        "$.colour",
    ]
    return d, paths


def test_demo():
    rc, out, err = run(["config", "check", str(DEMO)])
    check("demo: exit 0", rc == 0, f"exit {rc}: {out[:300]} {err[:300]}")
    check("demo: says OK with the counts",
          out == f"{DEMO}: configuration OK (8 organisations, 3 teams, 13 professionals)\n",
          repr(out[:300]))
    rc, out, _ = run(["config", "check", str(DEMO), "--json"])
    check("demo --json: exit 0", rc == 0, f"exit {rc}")
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    check("demo --json: one value", doc == {"ok": True, "problems": [], "truncated": False,
                                             "organisations": 8, "teams": 3,
                                             "professionals": 13}, repr(out[:300]))
    check("demo --json: one line", out.count("\n") == 1, repr(out[:300]))
    rc, out, _ = run(["--json", "config", "check", str(DEMO)])
    check("--json before the command", rc == 0 and json.loads(out)["ok"] is True, f"exit {rc}")


def test_broken(tmp):
    d, paths = broken()
    f = tmp / "broken.json"
    f.write_text(json.dumps(d, indent=2, ensure_ascii=False))
    rc, out, err = run(["config", "check", str(f)])
    check("broken: exit 1", rc == 1, f"exit {rc}: {err[:300]}")
    lines = out.splitlines()
    listed = [line.split(": ", 1)[0] for line in lines[:-1]]
    check("broken: every path, in order", listed == paths, "\n".join(lines))
    check("broken: each line has a message",
          all(len(line.split(": ", 1)) == 2 and line.split(": ", 1)[1] for line in lines[:-1]))
    check("broken: summary line", lines and lines[-1] == f"{f}: 10 problems found; "
          "the configuration is not valid", repr(lines[-1:]))
    check("broken: nothing on stderr", err == "", repr(err[:300]))
    check("broken: audit retention explained",
          "at least 5 years" in out and "required for ground c" in out, out[:500])

    rc, out, _ = run(["config", "check", str(f), "--json"])
    check("broken --json: exit 1", rc == 1, f"exit {rc}")
    try:
        doc = json.loads(out)
    except ValueError:
        doc = {}
    check("broken --json: shape", sorted(doc) == ["ok", "problems", "truncated"]
          and doc["ok"] is False and doc["truncated"] is False, repr(out[:300]))
    problems = doc.get("problems", [])
    check("broken --json: every path, in order", [p.get("path") for p in problems] == paths,
          repr(problems)[:1000])
    check("broken --json: messages", all(isinstance(p.get("message"), str) and p["message"]
                                        and sorted(p) == ["message", "path"]
                                        for p in problems), repr(problems)[:500])
    check("broken --json: one line", out.count("\n") == 1)

    # The text form and the JSON form say the same.
    rc, text, _ = run(["config", "check", str(f)])
    check("text and JSON agree",
          text.splitlines()[:-1] == [f"{p['path']}: {p['message']}" for p in problems])


def test_many_problems(tmp):
    d = {"version": 1, "pilot": {"id": "p", "name": "P"},
         "professionals": [{} for _ in range(400)]}
    f = tmp / "many.json"
    f.write_text(json.dumps(d))
    rc, out, _ = run(["config", "check", str(f), "--json"])
    doc = json.loads(out) if rc == 1 else {}
    check("1600 problems: exit 1, 1000 listed, truncated",
          len(doc.get("problems", [])) == 1000 and doc.get("truncated") is True,
          f"exit {rc}")
    rc, out, _ = run(["config", "check", str(f)])
    check("1600 problems: the summary says more are found",
          rc == 1 and "1000 problems found" in out and "there are more" in out,
          out.splitlines()[-1:])


def test_duplicate_member(tmp):
    f = tmp / "duplicate.json"
    f.write_text('{"version": 1, "pilot": {"id": "a", "name": "A", "id": "b"}}')
    rc, out, _ = run(["config", "check", str(f), "--json"])
    doc = json.loads(out) if rc == 1 else {}
    check("duplicate member: exit 1 with its path",
          [p["path"] for p in doc.get("problems", [])] == ["$.pilot.id"]
          and "duplicate" in doc["problems"][0]["message"], f"exit {rc} {out[:300]}")


def test_not_json(tmp):
    f = tmp / "not.json"
    f.write_text('{"version": 1, "pilot": {"id": "a", "name": ')
    rc, out, err = run(["config", "check", str(f)])
    check("not JSON: exit 2", rc == 2, f"exit {rc}")
    check("not JSON: error on stderr, nothing on stdout",
          out == "" and "invalid JSON" in err and str(f) in err, repr(err[:300]))
    rc, out, _ = run(["config", "check", str(f), "--json"])
    try:
        e = json.loads(out)["error"]
    except (ValueError, KeyError):
        e = {}
    check("not JSON --json: exit 2 with the error object",
          rc == 2 and e.get("code") == "invalid_input" and "invalid JSON" in e.get("message", "")
          and e.get("path", "").startswith("$"), f"exit {rc} {out[:300]}")
    f.write_bytes(b'{"version": 1, "pilot": {"id": "a", "name": "\xff"}}')
    rc, out, err = run(["config", "check", str(f)])
    check("invalid UTF-8: exit 2", rc == 2 and out == "", f"exit {rc} {err[:300]}")
    f.write_bytes(b'{"version": 1, "pilot": {"id": "a", "name": "' + b"x" * (5 << 20) + b'"}}')
    rc, out, err = run(["config", "check", str(f)])
    check("over 4 MiB: exit 2", rc == 2 and "4 MiB" in err, f"exit {rc} {err[:300]}")


def test_usage(tmp):
    rc, out, err = run(["config", "check"])
    check("missing FILE: exit 2", rc == 2 and "FILE" in err, f"exit {rc} {err[:300]}")
    rc, out, _ = run(["config", "check", "--json"])
    check("missing FILE --json: usage error",
          rc == 2 and json.loads(out)["error"]["code"] == "usage", f"exit {rc} {out[:300]}")
    rc, out, err = run(["config", "check", str(tmp / "absent.json")])
    check("unreadable FILE: exit 2, naming it",
          rc == 2 and "cannot read" in err and "absent.json" in err, f"exit {rc} {err[:300]}")
    rc, out, _ = run(["config", "check", str(tmp), "--json"])
    check("a folder as FILE: exit 2 with an error object",
          rc == 2 and "error" in json.loads(out), f"exit {rc} {out[:300]}")
    rc, out, err = run(["config"])
    check("no subcommand: exit 2", rc == 2, f"exit {rc}")
    rc, out, err = run(["config", "lint", str(DEMO)])
    check("unknown subcommand: exit 2", rc == 2 and "lint" in err, f"exit {rc} {err[:300]}")
    rc, out, err = run(["config", "check", str(DEMO), str(DEMO)])
    check("two files: exit 2", rc == 2, f"exit {rc}")
    rc, out, err = run(["config", "check", "--strict", str(DEMO)])
    check("unknown option: exit 2", rc == 2 and "--strict" in err, f"exit {rc}")
    for args in (["config", "--help"], ["config", "check", "--help"]):
        rc, out, _ = run(args)
        check(f"{' '.join(args)}: exit 0 with usage", rc == 0 and "config check FILE" in out,
              f"exit {rc}")
    rc, out, _ = run(["help", "--json"])
    check("help lists config",
          rc == 0 and any(c["name"] == "config" for c in json.loads(out)["commands"]))


def main():
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        test_demo()
        test_broken(tmp)
        test_many_problems(tmp)
        test_duplicate_member(tmp)
        test_not_json(tmp)
        test_usage(tmp)
    finish("config")


main()
