"""Pure-Python tests of the developer tooling (tools/wp.py): no Odoo needed."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import wp  # noqa: E402


@pytest.mark.parametrize("command", [["make", "-s", "test"], ["bash", ".ci/run"]])
def test_without_odoo_the_commands_fail_fast_and_say_how_to_get_it(tmp_path, command):
    fake_python = tmp_path / "python-without-odoo"
    fake_python.write_text('#!/bin/sh\nexec python3 -S "$@"\n')  # no site-packages
    fake_python.chmod(0o755)
    started = time.monotonic()
    out = subprocess.run(
        [*command, f"PYTHON={fake_python}"] if command[0] == "make" else command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ, PYTHON=str(fake_python), CI="true"),
    )
    assert out.returncode != 0
    assert time.monotonic() - started < 30
    assert "Odoo 18.0 is not importable" in out.stderr
    assert "pip install -e" in out.stderr


def test_unreachable_postgres_is_reported(monkeypatch):
    monkeypatch.setenv("PGHOST", "127.0.0.1")
    monkeypatch.setenv("PGPORT", "1")  # nothing listens on port 1
    monkeypatch.setattr(wp, "_start_local_postgres", lambda: False)
    try:
        wp.check_postgres()
    except wp.Fail as exc:
        assert "PostgreSQL does not answer at 127.0.0.1:1" in str(exc)
    else:
        raise AssertionError("an unreachable PostgreSQL must stop the command")


def test_addons_are_ordered_parents_first():
    ordered, manifests = wp.wiseparts_addons()
    assert "wiseparts_base" in ordered
    for name in ordered:
        for dep in manifests[name]["depends"]:
            if dep in manifests:
                assert ordered.index(dep) < ordered.index(name)


def test_install_log_warnings_are_caught(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-01-01 10:00:00,000 42 INFO db odoo.modules.loading: loading wiseparts_base\n"
        "2026-01-01 10:00:01,000 42 WARNING db odoo.models: The model wiseparts.x has no"
        " access rules, consider adding one.\n"
        "2026-01-01 10:00:02,000 42 ERROR db odoo.sql_db: bad query\n"
        "  a traceback line mentioning WARNING is not a log line\n"
    )
    problems = wp.install_problems(log)
    assert len(problems) == 2
    assert "has no access rules" in problems[0]


def test_pytest_junit_counts(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite tests="5" failures="1" errors="1" skipped="1"/></testsuites>'
    )
    assert wp.pytest_counts(junit) == {"passed": 2, "failed": 2, "skipped": 1}


def test_known_odoo_failures_are_commented_ids_of_the_tested_suites(tmp_path):
    listed = tmp_path / "known.txt"
    listed.write_text(
        "# header\n"
        "sale:TestX.test_a  # fails in plain Odoo: needs demo data\n"
        "\n"
        "   # an indented comment\n"
        "portal:TestY.setUpClass # account's autopost_bills\n"
    )
    assert wp.known_failures(listed) == {"sale:TestX.test_a", "portal:TestY.setUpClass"}
    # the real list: every entry names a test of a suite we run and says why it is there
    for line in wp.KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        test, _hash, why = line.partition("#")
        if test.strip():
            addon, _colon, name = test.strip().partition(":")
            assert addon in wp.ODOO_SUITES and "." in name, line
            assert why.strip(), f"{line}: say why it fails in plain Odoo"


def test_demo_generator_lives_outside_the_product():
    ordered, manifests = wp.wiseparts_addons()
    assert "wiseparts_demo" in ordered
    assert not (ROOT / "wiseparts_base" / "services" / "demo_data.py").exists()
    for name, manifest in manifests.items():
        assert "wiseparts_demo" not in manifest.get("depends", []), name
