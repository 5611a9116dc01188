#!/usr/bin/env python3
"""`make lint`: ruff, pylint-odoo (mandatory set blocking) and OCA's module/po checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON") or sys.executable


def run(label, cmd, blocking=True):
    print(f"--- {label}", flush=True)
    code = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    if code and not blocking:
        print(f"    ({label}: advisory only)", flush=True)
        return 0
    return code


def entry(module):
    """An oca-odoo-pre-commit-hooks command, run by PYTHON (its script may not be on PATH)."""
    code = f"import sys; from oca_pre_commit_hooks.{module} import main; sys.exit(main())"
    return [PYTHON, "-c", code]


def main():
    addons = sorted(str(p.parent.name) for p in ROOT.glob("wiseparts_*/__manifest__.py"))
    python_dirs = [*addons, "tests", "tools", "bench"]
    python_dirs = [d for d in python_dirs if (ROOT / d).exists()]
    manifests = [f"{a}/__manifest__.py" for a in addons]
    po_files = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("wiseparts_*/i18n/*.po*"))
    failures = [
        label
        for label, cmd, blocking in [
            ("ruff check", [PYTHON, "-m", "ruff", "check", *python_dirs], True),
            ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", *python_dirs], True),
            (
                "pylint-odoo (mandatory)",
                [PYTHON, "-m", "pylint", "--rcfile=.pylintrc-mandatory", *addons],
                True,
            ),
            (
                "pylint-odoo (optional)",
                [PYTHON, "-m", "pylint", "--rcfile=.pylintrc", "--exit-zero", *addons],
                False,
            ),
            ("oca-checks-odoo-module", [*entry("cli"), *manifests], True),
            ("oca-checks-po", [*entry("cli_po"), *po_files] if po_files else ["true"], True),
        ]
        if run(label, cmd, blocking)
    ]
    if failures:
        print("lint failed: " + ", ".join(failures), flush=True)
        return 1
    print("lint passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
