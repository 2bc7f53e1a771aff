#!/usr/bin/env python3
"""test_cli.py BINARY ROOT — the command line as outside tests drive it.

docs/cli.md and docs/decision-api.md are the contract: the public scenarios
through `zorgvuldig decide`, every kind of malformed input (exit 2, only the
error object on stdout, a located path, never a decision or a crash), the
batch mode (one output line per input line, going on after a bad line),
determinism, global options anywhere, exit codes.
"""
import json
import os
import pathlib
import sys

from checks import check, finish
import checks

BIN = sys.argv[1]
ROOT = pathlib.Path(sys.argv[2])


def run(args, stdin=b"", timeout=60):
    return checks.run(BIN, args, stdin, timeout)


def base_situation():
    return {
        "version": 1, "date": "2026-11-28", "action": "disclose",
        "purpose": {"description": "Veiligheidsplan opstellen", "within_task": True},
        "actor": {"org_kind": "youth_care"},
        "counterparty": {"org_kind": "regional_safety_team", "directly_involved": True,
                         "own_legal_basis": True},
        "persons": [{"id": "kind", "role": "child", "age": 9, "authority_holders": ["moeder"]},
                    {"id": "moeder", "role": "parent", "age": 36}],
        "data": {"about": ["kind"], "categories": ["ordinary"], "existence_suffices": False,
                 "necessity_substantiated": True, "beyond_necessary": False,
                 "obtainable_from_subjects": False, "anonymous_suffices": False,
                 "proportionate": True},
        "legal_basis": {"ground": "e", "provision": "Jeugdwet art. 2.3"},
        "secrecy_ground": "directly_involved",
        "transparency": {"informed_beforehand": True}, "framework": "voluntary",
    }


# ---- the public scenarios, through the binary --------------------------------

def expectation_problems(exp, d):
    bad = []
    oc = d.get("outcome")
    if "outcome" in exp and oc != exp["outcome"]:
        bad.append(f"outcome {oc} != {exp['outcome']}")
    if "outcome_in" in exp and oc not in exp["outcome_in"]:
        bad.append(f"outcome {oc} not in {exp['outcome_in']}")
    if "scope" in exp and (d.get("scope") or {}).get("kind") != exp["scope"]:
        bad.append(f"scope {(d.get('scope') or {}).get('kind')} != {exp['scope']}")
    fired = set(d.get("rules_fired") or [])
    for r in exp.get("rules_fired_include", []):
        if r not in fired:
            bad.append(f"rule {r} not fired")
    for key, field, name in (("obligations_include", "code", "obligations"),
                             ("alternatives_include", "code", "alternatives"),
                             ("questions_include", "field", "questions")):
        have = {x.get(field) for x in d.get(name) or []}
        for v in exp.get(key, []):
            if v not in have:
                bad.append(f"{name} lacks {v}")
    return bad


def test_scenarios():
    files = sorted((ROOT / "tests" / "scenarios").glob("*.json"))
    check("scenarios exist", len(files) >= 42, f"{len(files)} files")
    batch_in = []
    singles = []
    for f in files:
        case = json.loads(f.read_text())
        rc, out, err = run(["decide"], json.dumps(case["situation"]).encode())
        check(f"scenario {f.stem} exit", rc == 0, f"exit {rc}: {out[:300]} {err[:300]}")
        if rc != 0:
            continue
        d = json.loads(out)
        problems = expectation_problems(case["expect"], d)
        check(f"scenario {f.stem}", not problems, "; ".join(problems))
        batch_in.append(json.dumps(case["situation"]))
        singles.append(out.strip())
    # The same situations in one batch give the same lines, in order.
    rc, out, _ = run(["decide", "--batch"], ("\n".join(batch_in) + "\n").encode())
    lines = out.decode().splitlines()
    check("batch of scenarios exit 0", rc == 0, f"exit {rc}")
    check("batch equals single decisions", lines == [s.decode() for s in singles],
          f"{len(lines)} lines vs {len(singles)}")


# ---- malformed input ---------------------------------------------------------

def expect_input_error(name, data, path_prefix="$", args=("decide",)):
    rc, out, err = run(list(args), data)
    check(f"{name}: exit 2", rc == 2, f"exit {rc}, stdout {out[:200]!r}, stderr {err[:200]!r}")
    try:
        doc = json.loads(out)
    except ValueError:
        check(f"{name}: stdout is one JSON error", False, repr(out[:300]))
        return None
    check(f"{name}: only an error object", list(doc) == ["error"], repr(doc)[:300])
    e = doc.get("error", {})
    check(f"{name}: error has path and message",
          isinstance(e.get("path"), str) and e["path"].startswith(path_prefix)
          and isinstance(e.get("message"), str) and e["message"], repr(e)[:300])
    check(f"{name}: code", e.get("code") == "invalid_situation", repr(e)[:300])
    check(f"{name}: one line", out.count(b"\n") == 1, repr(out[:200]))
    return e


def with_changes(change):
    s = base_situation()
    change(s)
    return json.dumps(s).encode()


def test_malformed():
    cases = {
        "invalid JSON": (b'{"version": 1,', "$"),
        "not an object": (b"[]", "$"),
        "empty input": (b"", "$"),
        "duplicate keys": (b'{"version":1,"version":1}', "$"),
        "invalid UTF-8": (b'{"version":1,"action":"\xc3\x28"}', "$"),
        "NUL byte": (b'{"version":1,"action":"view\x00"}', "$"),
        "NUL escape": (b'{"version":1,"action":"view\\u0000"}', "$"),
        "100000-deep nesting": (b"[" * 100000 + b"]" * 100000, "$"),
        "100000-deep objects": (b'{"a":' * 100000 + b"1" + b"}" * 100000, "$"),
        "10 MB string": (b'{"version":1,"purpose":{"description":"' + b"x" * (10 << 20) + b'"}}', "$"),
        "unknown field": (with_changes(lambda s: s.update(colour="blue")), "$.colour"),
        "unknown nested field": (with_changes(lambda s: s["data"].update(categorie=["health"])),
                                 "$.data.categorie"),
        "wrong type: string for boolean": (with_changes(lambda s: s["purpose"].update(within_task="ja")),
                                           "$.purpose.within_task"),
        "wrong type: number for string": (with_changes(lambda s: s.update(action=3)), "$.action"),
        "wrong type: object for array": (with_changes(lambda s: s.update(persons={})), "$.persons"),
        "invalid date 2026-02-30": (with_changes(lambda s: s.update(date="2026-02-30")), "$.date"),
        "negative age": (with_changes(lambda s: s["persons"][0].update(age=-3)), "$.persons[0].age"),
        "absurd age": (with_changes(lambda s: s["persons"][1].update(age=500)), "$.persons[1].age"),
        "value outside its list": (with_changes(lambda s: s.update(framework="dwang")), "$.framework"),
        "id that refers to no person": (with_changes(lambda s: s["data"].update(about=["opa"])),
                                        "$.data.about[0]"),
        "id that occurs twice": (with_changes(lambda s: s["persons"].append({"id": "kind"})),
                                 "$.persons[2].id"),
        "missing required field": (with_changes(lambda s: s.pop("action")), "$.action"),
        "missing version": (with_changes(lambda s: s.pop("version")), "$.version"),
    }
    for name, (data, path) in cases.items():
        e = expect_input_error(name, data)
        if e is not None:
            check(f"{name}: path {path}", e.get("path") == path, repr(e)[:300])


def test_batch():
    good = json.dumps(base_situation())
    lines = [good, "{not json", "", good, json.dumps({"version": 1})]
    rc, out, _ = run(["decide", "--batch"], ("\n".join(lines) + "\n").encode())
    got = out.decode().splitlines()
    check("batch: exit 2 when a line is bad", rc == 2, f"exit {rc}")
    check("batch: one output line per input line", len(got) == len(lines), f"{len(got)} lines")
    if len(got) == len(lines):
        docs = [json.loads(x) for x in got]
        check("batch: line 1 decided", docs[0].get("outcome") == "allowed", got[0][:200])
        check("batch: line 2 error", "error" in docs[1], got[1][:200])
        check("batch: empty line error", "error" in docs[2], got[2][:200])
        check("batch: goes on after bad lines", docs[3].get("outcome") == "allowed", got[3][:200])
        check("batch: missing fields error", docs[4].get("error", {}).get("path") == "$.action",
              got[4][:200])
    rc, out, _ = run(["decide", "--batch"], (good + "\n" + good).encode())  # no final newline
    check("batch: last line without newline", rc == 0 and len(out.decode().splitlines()) == 2,
          f"exit {rc}")
    big = b'{"version":1,"x":"' + b"y" * (2 << 20) + b'"}'
    rc, out, _ = run(["decide", "--batch"], big + b"\n" + good.encode() + b"\n")
    got = out.decode().splitlines()
    check("batch: oversized line reported, run goes on",
          rc == 2 and len(got) == 2 and "error" in json.loads(got[0])
          and json.loads(got[1]).get("outcome") == "allowed", f"exit {rc}, {len(got)} lines")


def test_hostile_but_small():
    # A reference of 900 KB fits in a situation of 1 MiB, but not in a decision.
    s = base_situation()
    s["legal_basis"]["provision"] = "x" * 900000
    e = expect_input_error("huge provision", json.dumps(s).encode())
    if e:
        check("huge provision: path", e.get("path") == "$.legal_basis.provision", repr(e))
    s = base_situation()
    s["persons"][0]["id"] = "k" * 5000
    s["data"]["about"] = ["k" * 5000]
    e = expect_input_error("huge person id", json.dumps(s).encode())
    if e:
        check("huge person id: path", e.get("path") == "$.persons[0].id", repr(e))
    # Ids with many multi-byte characters: the error must still be valid UTF-8.
    s = base_situation()
    s["persons"] = [{"id": "a" + "é" * 60}, {"id": "a" + "é" * 60}]
    s["data"]["about"] = None
    rc, out, _ = run(["decide"], json.dumps(s, ensure_ascii=False).encode())
    try:
        out.decode("utf-8")
        ok = True
    except UnicodeDecodeError:
        ok = False
    check("error with cut multi-byte id is valid UTF-8", rc == 2 and ok, repr(out[:200]))
    s = base_situation()
    s["data"] = dict(s["data"], **{"é" * 80: 1})
    rc, out, _ = run(["decide"], json.dumps(s, ensure_ascii=False).encode())
    try:
        doc = json.loads(out.decode("utf-8"))
        ok = doc["error"]["path"].startswith("$.data[")
    except (UnicodeDecodeError, ValueError, KeyError):
        ok = False
    check("unknown multi-byte key: valid UTF-8 path", rc == 2 and ok, repr(out[:200]))
    # A blank exception is no exception.
    s = base_situation()
    s["data"]["categories"] = ["health"]
    s["data"]["special_category_exception"] = "   "
    rc, out, _ = run(["decide"], json.dumps(s).encode())
    check("blank exception denies health data",
          rc == 0 and json.loads(out)["outcome"] == "denied", out[:200])
    # Control characters in user text never reach the text view raw.
    s = base_situation()
    s["purpose"]["description"] = "doel\x1b[31m rood"
    rc, out, _ = run(["decide", "--text"], json.dumps(s).encode())
    check("--text strips control characters", rc == 0 and b"\x1b" not in out, repr(out[:200]))


def test_determinism_and_files(tmp):
    data = json.dumps(base_situation()).encode()
    outs = {run(["decide"], data)[1] for _ in range(3)}
    check("same input, byte-identical output", len(outs) == 1)
    f = tmp / "situation.json"
    f.write_bytes(data)
    rc, out, _ = run(["decide", str(f)])
    check("decide FILE", rc == 0 and out in outs, f"exit {rc}")
    rc, out, _ = run(["decide", "-"], data)
    check("decide - reads stdin", rc == 0 and out in outs, f"exit {rc}")
    rc, out, _ = run(["decide", str(tmp / "missing.json")])
    check("decide missing FILE: exit 2 with a JSON error",
          rc == 2 and "error" in json.loads(out), f"exit {rc} {out[:200]!r}")
    # The date defaults to today: the same decision, but obligations fall due today.
    s = base_situation()
    s.pop("date")
    s["transparency"] = {"informed_beforehand": False, "reason_not_informed": "safety"}
    rc, out, _ = run(["decide"], json.dumps(s).encode())
    d = json.loads(out)
    import datetime
    today = datetime.date.today().isoformat()
    due = [o.get("due") for o in d.get("obligations", []) if o["code"] == "inform_family"]
    check("date defaults to today", rc == 0 and due == [today], f"{due} vs {today}")


def test_text_and_options(tmp):
    data = json.dumps(base_situation()).encode()
    rc, out, _ = run(["decide", "--text"], data)
    text = out.decode()
    check("--text is readable Dutch", rc == 0 and "Antwoord: Ja" in text and "Waarom:" in text,
          text[:300])
    rc, out, err = run(["decide", "--text"], b"{")
    check("--text error goes to stderr", rc == 2 and out == b"" and b"invalid JSON" in err,
          f"exit {rc} {err[:200]!r}")
    # Global options before or after the command words.
    for args in (["--db", str(tmp / "z.db"), "decide"], ["decide", "--db", str(tmp / "z.db")],
                 ["decide", "--json"], ["--as", "someone", "decide"]):
        rc, out, _ = run(args, data)
        check(f"global options {args}", rc == 0 and json.loads(out)["outcome"] == "allowed",
              f"exit {rc}")
    rc, out, err = run(["frobnicate"])
    check("unknown command: exit 2", rc == 2 and b"unknown command" in err, f"exit {rc}")
    rc, out, _ = run(["frobnicate", "--json"])
    check("unknown command with --json: JSON error", rc == 2 and
          json.loads(out)["error"]["code"] == "usage", f"exit {rc} {out[:200]!r}")
    rc, out, _ = run(["decide", "--bogus"])
    check("unknown option: exit 2", rc == 2 and json.loads(out)["error"]["code"] == "usage",
          f"exit {rc}")
    rc, out, _ = run(["--db"])
    check("option without value: exit 2", rc == 2, f"exit {rc}")
    rc, out, _ = run(["decide", "--text", "--json"], data)
    check("--text and --json exclude each other",
          rc == 2 and json.loads(out)["error"]["code"] == "usage", f"exit {rc} {out[:200]!r}")
    rc, out, err = run(["decide", "--bogus", "--text"])
    check("usage error in text mode goes to stderr", rc == 2 and out == b"" and b"--bogus" in err,
          f"exit {rc} {out[:100]!r}")
    rc, out, _ = run(["--json"])
    check("no command with --json: JSON error", rc == 2 and "error" in json.loads(out),
          f"exit {rc} {out[:200]!r}")
    rc, out, _ = run(["help", "--json"])
    check("help --json", rc == 0 and any(c["name"] == "decide" for c in json.loads(out)["commands"]))
    rc, out, _ = run(["help"])
    check("help", rc == 0 and b"decide" in out)
    rc, out, _ = run(["version", "--json"])
    check("version --json", rc == 0 and json.loads(out)["decision_api"] == 1)


def test_examples():
    for f in sorted((ROOT / "examples").glob("*.json")):
        rc, out, _ = run(["decide", "--text", str(f)])
        check(f"example {f.stem} decides", rc == 0 and out.startswith(b"== "), f"exit {rc}")


def main():
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        test_scenarios()
        test_malformed()
        test_batch()
        test_hostile_but_small()
        test_determinism_and_files(tmp)
        test_text_and_options(tmp)
        test_examples()
    finish("cli")


main()
