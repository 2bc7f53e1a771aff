"""checks.py — what the command-line tests (test_cli.py, test_audit.py,
test_config.py, test_dossier.py) share:
running the binary, and checks that are counted, printed when they fail and
summed up at the end (exit 1 if any failed).
"""
import subprocess
import sys

failures = []
count = 0


def run(binary, args, stdin=None, timeout=60, text=False):
    """(exit code, stdout, stderr) of `binary args`; bytes unless text."""
    p = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout,
                       text=text)
    return p.returncode, p.stdout, p.stderr


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
