#!/usr/bin/env python3
"""WiseParts developer commands: check prerequisites, serve a demo database, run tests.

Used by the Makefile (``make run``, ``make test``) and by CI. It never installs Odoo:
it checks that Odoo 18.0 is importable and that PostgreSQL answers, and says how to get
whichever is missing.
"""

import argparse
import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON") or sys.executable
RUN_DB = os.environ.get("WP_DB", "wiseparts")
DATA_DIR = Path(os.environ.get("WP_DATA_DIR", Path.home() / ".local" / "share" / "wiseparts"))
DEDICATED_ROLE = "wiseparts"
# Demo data only: the published secret of the quick-order link `make run` prints
# (wiseparts_demo/services/distributor.py gives it to a generated customer).
DEMO_LINK = "/quick-order/wiseparts-demo-quick-order-link-do-not-use-in-production"
# `make test-odoo`: Odoo's own test suites of the apps WiseParts extends, and the file listing
# the tests of those suites that fail in plain Odoo without demo data too.
ODOO_SUITES = [
    "sale",
    "sale_management",
    "portal",
    "product",
    "contacts",
    "calendar",
    "base_automation",
]
KNOWN_FAILURES = ROOT / "tools" / "odoo_known_failures.txt"

ODOO_HELP = """\
Odoo 18.0 is not importable by {python}.
WiseParts are addons for Odoo 18.0 Community and do not ship Odoo. Get it one of two ways:
  * from source (what CI uses):
      git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo18
      echo 'setuptools<81' > /tmp/c.txt  # cbor2 builds only with it
      PIP_CONSTRAINT=/tmp/c.txt {python} -m pip install -r /opt/odoo18/requirements.txt
      {python} -m pip install -e /opt/odoo18 --config-settings editable_mode=compat
  * or Odoo's official 18.0 nightly packages (nightly.odoo.com), then point PYTHON at the
    Python that imports it:  make test PYTHON=/usr/bin/python3
Detail: {detail}"""

PG_HELP = """\
PostgreSQL does not answer at {host}:{port} as user {user!r}.
Install and start it (Debian: sudo apt-get install postgresql && sudo service postgresql start),
or point the project at a running server with PGHOST, PGPORT, PGUSER and PGPASSWORD.
Detail: {detail}"""


class Fail(Exception):
    """A prerequisite or a step failed: the message says what to do."""


def say(msg):
    print(f"[wiseparts] {msg}", flush=True)


# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------
def odoo_info():
    """Return (version, addons_paths) of the Odoo that PYTHON imports."""
    code = (
        "import json, os, sys, odoo, odoo.release as r\n"
        "pkg = os.path.dirname(odoo.__file__)\n"
        "paths = [os.path.join(pkg, 'addons')]\n"
        "src = os.path.join(os.path.dirname(pkg), 'addons')\n"
        "if os.path.isdir(os.path.join(src, 'sale_management')): paths.append(src)\n"
        "for p in sys.path:\n"
        "    q = os.path.join(p, 'odoo', 'addons')\n"
        "    if os.path.isdir(q) and os.path.realpath(q) not in map(os.path.realpath, paths):\n"
        "        paths.append(q)\n"
        "print(json.dumps([r.version, paths]))\n"
    )
    try:
        out = subprocess.run(
            [PYTHON, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as exc:
        raise Fail(ODOO_HELP.format(python=PYTHON, detail=exc)) from exc
    if out.returncode:
        detail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise Fail(ODOO_HELP.format(python=PYTHON, detail=detail))
    version, paths = json.loads(out.stdout.strip().splitlines()[-1])
    if not version.startswith("18.0"):
        raise Fail(ODOO_HELP.format(python=PYTHON, detail=f"found Odoo {version}"))
    return version, paths


def pg_params():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER") or getpass.getuser(),
        "password": os.environ.get("PGPASSWORD", ""),
    }


def _pg_connect(params, dbname="postgres"):
    import psycopg2  # noqa: PLC0415  (only once Odoo's requirements are known to be there)

    return psycopg2.connect(dbname=dbname, connect_timeout=5, **params)


def _start_local_postgres():
    """Start a stopped local Debian cluster; return True if one was started."""
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return False
    started = False
    for version in sorted(os.listdir("/etc/postgresql")):
        for cluster in sorted(os.listdir(f"/etc/postgresql/{version}")):
            cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"]
            say("PostgreSQL is stopped: " + " ".join(cmd))
            started |= subprocess.run(cmd, check=False).returncode == 0
    time.sleep(2)
    return started


def check_postgres():
    """Return connection parameters Odoo may use (never the 'postgres' role)."""
    params = pg_params()
    try:
        conn = _pg_connect(params)
    except Exception as exc:  # psycopg2.OperationalError, or psycopg2 missing
        local = params["host"] in ("127.0.0.1", "localhost", "::1", "")
        if not (local and _start_local_postgres()):
            raise Fail(PG_HELP.format(detail=str(exc).strip(), **params)) from exc
        try:
            conn = _pg_connect(params)
        except Exception as exc2:
            raise Fail(PG_HELP.format(detail=str(exc2).strip(), **params)) from exc2
    with conn, conn.cursor() as cr:
        cr.execute("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user")
        can_create = cr.fetchone()[0]
        if params["user"] == "postgres":
            # Odoo refuses to run as 'postgres': use (and create) a dedicated role instead.
            cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [DEDICATED_ROLE])
            if not cr.fetchone():
                say(f"creating PostgreSQL role {DEDICATED_ROLE!r} (Odoo refuses 'postgres')")
                cr.execute(
                    f"CREATE ROLE {DEDICATED_ROLE} LOGIN CREATEDB PASSWORD %s", [DEDICATED_ROLE]
                )
            params = dict(params, user=DEDICATED_ROLE, password=DEDICATED_ROLE)
            can_create = True
    conn.close()
    if not can_create:
        raise Fail(
            f"PostgreSQL role {params['user']!r} may not create databases: "
            f"ALTER ROLE {params['user']} CREATEDB (as a superuser), or set PGUSER."
        )
    return params


def prerequisites():
    version, paths = odoo_info()
    params = check_postgres()
    say(f"Odoo {version} with PostgreSQL at {params['host']}:{params['port']} as {params['user']}")
    return paths, params


def pip_install(*req_files):
    args = [PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for req in req_files:
        args += ["-r", str(ROOT / req)]
    if subprocess.run(args, check=False).returncode:
        raise Fail("pip could not install " + ", ".join(req_files))


def ensure_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium for the browser tours")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
        if shutil.which("chromium"):
            return
    raise Fail(
        "Headless Chromium is needed for the browser tours and is not installed: "
        "sudo apt-get install chromium"
    )


# ---------------------------------------------------------------------------
# Odoo helpers
# ---------------------------------------------------------------------------
def wiseparts_addons():
    """Our addons in dependency order (parents first)."""
    manifests = {}
    for path in sorted(ROOT.glob("wiseparts_*/__manifest__.py")):
        manifests[path.parent.name] = eval(path.read_text(), {})
    ordered = []

    def visit(name):
        if name in ordered:
            return
        for dep in manifests[name].get("depends", []):
            if dep in manifests:
                visit(dep)
        ordered.append(name)

    for name in manifests:
        visit(name)
    return ordered, manifests


def core_dependencies(manifests):
    return sorted(
        {dep for m in manifests.values() for dep in m.get("depends", []) if dep not in manifests}
    )


def source_hash():
    """Fingerprint of our addons' files: `make run` updates the addons when it changes."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("wiseparts_*/**/*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_cmd(db, paths, params, *extra, command=None):
    addons_path = ",".join([str(ROOT), *paths])
    cmd = [
        PYTHON,
        str(ROOT / "tools" / "odoo_main.py"),
        f"--addons-path={addons_path}",
        *([command] if command else []),
        f"--db_host={params['host']}",
        f"--db_port={params['port']}",
        f"--db_user={params['user']}",
        f"--db_password={params['password']}",
        f"--data-dir={DATA_DIR}",
        "-d",
        db,
        f"--db-filter=^{re.escape(db)}$",
    ]
    return cmd + list(extra)


def run_logged(cmd, log_path, env=None):
    """Run cmd, copying its output to the terminal and to log_path; return exit code."""
    say("$ " + " ".join(c for c in cmd if not c.startswith("--db_password")))
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        for line in proc.stdout:
            log.write(line)
            if os.environ.get("WP_VERBOSE") or re.search(r" (WARNING|ERROR|CRITICAL) ", line):
                sys.stdout.write(line)
            elif re.search(r"(Starting|post-tests|tests when|Modules loaded|Loading)", line):
                sys.stdout.write(line)
        return proc.wait()


def install(db, paths, params, modules, log_path, *extra, env=None):
    """`-i modules` (plus extra options) in db, then stop; return Odoo's exit code."""
    args = [*(["-i", ",".join(modules)] if modules else []), *extra]
    args += ["--stop-after-init", "--http-port", str(free_port())]
    return run_logged(odoo_cmd(db, paths, params, *args), log_path, env=env)


def sql(params, query, dbname="postgres"):
    conn = _pg_connect(params, dbname)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(query)
        rows = cr.fetchall() if cr.description else []
    conn.close()
    return rows


def db_exists(params, name):
    return bool(sql(params, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def filestore(name):
    return DATA_DIR / "filestore" / name


def drop_db(params, name):
    sql(params, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(filestore(name), ignore_errors=True)


def template_db(paths, params, manifests, version, logdir, demo=True):
    """A database with Odoo's modules that ours depend on (with Odoo's demo data or
    without), reused between runs."""
    modules = core_dependencies(manifests)
    if not demo:
        modules = sorted(set(modules) | set(ODOO_SUITES))
    key = json.dumps([version, paths, modules] + ([] if demo else ["without-demo"]))
    name = "wp_tmpl_" + hashlib.sha256(key.encode()).hexdigest()[:10]
    if db_exists(params, name):
        return name
    building = f"{name}_building_{os.getpid()}"
    drop_db(params, building)
    say(f"building template database {name} ({', '.join(modules)}{'' if demo else ', no demo'})")
    extra = [] if demo else ["--without-demo=all"]
    code = install(building, paths, params, modules, logdir / "template.log", *extra)
    if code:
        drop_db(params, building)
        raise Fail(f"installing Odoo's modules failed: see {logdir / 'template.log'}")
    if not db_exists(params, name):
        sql(params, f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        # Odoo's filestore follows the database name: move it with the database.
        if filestore(building).exists():
            filestore(building).rename(filestore(name))
    else:
        drop_db(params, building)
    return name


def copy_db(params, template, name):
    drop_db(params, name)
    sql(params, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    if filestore(template).exists():
        shutil.copytree(filestore(template), filestore(name))


@contextlib.contextmanager
def scratch_database(paths, params, db, logdir, keep=False, demo=True):
    """db, fresh from the template of Odoo's modules; dropped afterwards unless keep."""
    version, _ = odoo_info()
    _ordered, manifests = wiseparts_addons()
    copy_db(params, template_db(paths, params, manifests, version, logdir, demo), db)
    try:
        yield db
    finally:
        if not keep:
            drop_db(params, db)


def install_problems(log_path):
    """WARNING/ERROR/CRITICAL lines of an install log."""
    bad = []
    for line in Path(log_path).read_text(encoding="utf-8").splitlines():
        if re.match(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", line):
            bad.append(line)
    return bad


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
def pytest_counts(junit):
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    if not junit.exists():
        return counts
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    for suite in suites:
        total = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        counts["failed"] += failed
        counts["skipped"] += skipped
        counts["passed"] += total - failed - skipped
    return counts


def cmd_check(_args):
    prerequisites()
    return 0


def cmd_test(args):
    paths, params = prerequisites()
    if not args.no_install_requirements:
        pip_install("requirements.txt")
    ensure_chromium()
    ordered, _manifests = wiseparts_addons()
    addons = args.addons.split(",") if args.addons else ordered
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-test-"))
    totals = {"passed": 0, "failed": 0, "skipped": 0}

    if not args.addons:
        say("pure-Python tests (pytest tests/)")
        junit = logdir / "pytest.xml"
        code = subprocess.run(
            [PYTHON, "-m", "pytest", "-p", "no:odoo", "-q", f"--junitxml={junit}", "tests"],
            cwd=ROOT,
            check=False,
        ).returncode
        counts = pytest_counts(junit)
        if code not in (0, 5) and not counts["failed"]:
            counts["failed"] = 1  # collection error: count it, never hide it
        for key, value in counts.items():
            totals[key] += value

    db = os.environ.get("WP_TEST_DB") or f"wp_test_{os.getpid()}"
    with scratch_database(paths, params, db, logdir, keep=args.keep_db):
        say(f"installing {', '.join(addons)} into {db}")
        install_log = logdir / "install.log"
        code = install(db, paths, params, addons, install_log)
        problems = install_problems(install_log)
        if code or problems:
            print("\n".join(problems[:50]))
            say(f"install failed or logged warnings/errors: {install_log}")
            totals["failed"] += 1
        else:
            result = logdir / "result.json"
            tags = args.test_tags or ",".join(f"/{a}" for a in addons)
            code = install(
                db,
                paths,
                params,
                [],
                logdir / "tests.log",
                "-u",
                ",".join(addons),
                "--test-enable",
                f"--test-tags={tags}",
                env=dict(os.environ, WP_TEST_RESULT=str(result)),
            )
            if result.exists():
                report = json.loads(result.read_text())
                totals["failed"] += report["failed"]
                totals["skipped"] += report["skipped"]
                totals["passed"] += report["run"] - report["failed"] - report["skipped"]
                if report["run"] == 0:
                    say("no Odoo test ran")
                    totals["failed"] += 1
            else:
                totals["failed"] += 1
            if code and not totals["failed"]:
                totals["failed"] += 1
            say(f"Odoo test log: {logdir / 'tests.log'}")
    line = f"{totals['passed']} passed, {totals['failed']} failed"
    if totals["skipped"]:
        line += f", {totals['skipped']} skipped"
    print(line, flush=True)
    return 1 if totals["failed"] else 0


def known_failures(path=KNOWN_FAILURES):
    """Test ids (addon:Class.method) listed in path; '#' starts a comment."""
    ids = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        test = line.split("#", 1)[0].strip()
        if test:
            ids.add(test)
    return ids


def cmd_test_odoo(args):
    """Odoo's own tests of the apps we extend, with every WiseParts addon installed."""
    paths, params = prerequisites()
    if not args.no_install_requirements:
        pip_install("requirements.txt")
    ensure_chromium()
    ordered, _manifests = wiseparts_addons()
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-test-odoo-"))
    started = time.monotonic()
    db = f"wp_test_odoo_{os.getpid()}"
    with scratch_database(paths, params, db, logdir, keep=args.keep_db, demo=False):
        if not args.without_wiseparts:
            say(f"installing {', '.join(ordered)} into {db} (no demo data)")
            install_log = logdir / "install.log"
            code = install(db, paths, params, ordered, install_log, "--without-demo=all")
            problems = install_problems(install_log)
            if code or problems:
                print("\n".join(problems[:50]))
                raise Fail(f"install failed or logged warnings/errors: {install_log}")
        say(f"running Odoo's tests of {', '.join(ODOO_SUITES)} (at_install and post_install)")
        result = logdir / "result.json"
        install(
            db,
            paths,
            params,
            [],
            logdir / "tests.log",
            "--test-enable",
            "--test-tags=" + (args.test_tags or ",".join(f"/{suite}" for suite in ODOO_SUITES)),
            env=dict(os.environ, WP_TEST_RESULT=str(result)),
        )
    say(f"Odoo test log: {logdir / 'tests.log'}")
    if not result.exists():
        raise Fail(f"the tests did not report: see {logdir / 'tests.log'}")
    report = json.loads(result.read_text())
    failed = set(report["failed_tests"])
    known = known_failures()
    unexpected = sorted(failed - known)
    for test in sorted(failed & known):
        say(f"known failure (fails in plain Odoo too): {test}")
    for test in sorted(known - failed) if not args.test_tags else []:
        say(f"listed in {KNOWN_FAILURES.name} but passed: {test}")
    for test in unexpected:
        say(f"FAILED: {test}")
    minutes = (time.monotonic() - started) / 60
    print(
        f"{report['run']} Odoo tests run, {report['failed']} failed "
        f"({len(failed & known)} known), {len(unexpected)} unexpected failures, "
        f"{report['skipped']} skipped, {minutes:.0f} min",
        flush=True,
    )
    # the closing line CI reads: known failures (they fail in plain Odoo too) count as skipped
    broken = report["run"] == 0 or (report["failed"] and not failed)  # never green
    failures = len(unexpected) + (1 if broken else 0)
    passed = report["run"] - report["failed"] - report["skipped"]
    skipped = report["skipped"] + len(failed & known)
    print(f"odoo: {passed} passed, {failures} failed, {skipped} skipped", flush=True)
    return 1 if failures else 0


def cmd_run(args):
    paths, params = prerequisites()
    pip_install("requirements.txt")
    ordered, manifests = wiseparts_addons()
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-run-"))
    port = args.port
    if not db_exists(params, RUN_DB):
        # Without Odoo's demo data: the database shows only the generated distributor, and
        # its company can still switch to EUR (no journal item exists yet).
        version, _ = odoo_info()
        template = template_db(paths, params, manifests, version, logdir, demo=False)
        copy_db(params, template, RUN_DB)
        say(f"installing WiseParts into database {RUN_DB!r}")
        if install(RUN_DB, paths, params, ordered, logdir / "install.log", "--without-demo=all"):
            drop_db(params, RUN_DB)
            raise Fail(f"install failed: {logdir / 'install.log'}")
        say("generating demo data (a believable parts distributor)")
        demo = subprocess.run(
            odoo_cmd(
                RUN_DB,
                paths,
                params,
                "--seed",
                "1",
                "--company",
                "--quick-order-link",
                command="wiseparts-demo",
            ),
            check=False,
        )
        if demo.returncode:
            drop_db(params, RUN_DB)
            raise Fail("demo data generation failed (see above)")
    extra = []
    installed = {
        r[0]
        for r in sql(params, "SELECT name FROM ir_module_module WHERE state = 'installed'", RUN_DB)
    }
    missing = [a for a in ordered if a not in installed]
    stored = sql(
        params,
        "SELECT value FROM ir_config_parameter WHERE key = 'wiseparts.source_hash'",
        RUN_DB,
    )
    if missing:
        say(f"installing new addons {', '.join(missing)} into {RUN_DB!r}")
        extra += ["-i", ",".join(missing)]
    if stored and stored[0][0] != source_hash():
        say("WiseParts' code changed since the last run: updating the addons")
        extra += ["-u", ",".join(a for a in ordered if a in installed)]
    if extra:
        code = install(RUN_DB, paths, params, [], logdir / "update.log", *extra)
        if code:
            raise Fail(f"updating the addons failed: {logdir / 'update.log'}")
    sql(
        params,
        "INSERT INTO ir_config_parameter (key, value) VALUES ('wiseparts.source_hash', "
        f"'{source_hash()}') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        RUN_DB,
    )
    print(
        f"\nWiseParts is served at http://localhost:{port}  (login: admin, password: admin)",
        flush=True,
    )
    customer = demo_link_customer(params, RUN_DB)
    if customer:
        print(f"The quick-order page of {customer} (no login): http://localhost:{port}{DEMO_LINK}")
    print(flush=True)
    os.execvp(PYTHON, odoo_cmd(RUN_DB, paths, params, "--http-port", str(port)))


def demo_link_customer(params, db):
    """Name of the customer whose active quick-order link has the published demo secret."""
    token_hash = hashlib.sha256(DEMO_LINK.rsplit("/", 1)[1].encode()).hexdigest()
    if not sql(params, "SELECT 1 FROM pg_class WHERE relname = 'wiseparts_quick_order_link'", db):
        return None
    rows = sql(
        params,
        "SELECT p.name FROM wiseparts_quick_order_link l JOIN res_partner p ON p.id = l.partner_id"
        f" WHERE l.active AND l.token_hash = '{token_hash}'",
        db,
    )
    return rows[0][0] if rows else None


def cmd_pot(args):
    """Export wiseparts_x/i18n/wiseparts_x.pot from a throw-away database."""
    paths, params = prerequisites()
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-pot-"))
    with scratch_database(paths, params, f"wp_pot_{os.getpid()}", logdir) as db:
        for addon in args.addons.split(","):
            pot = ROOT / addon / "i18n" / f"{addon}.pot"
            pot.parent.mkdir(exist_ok=True)
            export = [f"--i18n-export={pot}", f"--modules={addon}", "--language=en_US"]
            log = logdir / f"{addon}.log"
            if install(db, paths, params, [addon], log) or run_logged(
                odoo_cmd(db, paths, params, *export), log
            ):
                raise Fail(f"exporting {pot} failed: {log}")
            say(f"wrote {pot.relative_to(ROOT)}; update the .po files with msgmerge")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="wp", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check Odoo 18.0 and PostgreSQL").set_defaults(func=cmd_check)
    test = sub.add_parser("test", help="run every test on a throw-away database")
    test.add_argument("--addons", help="comma-separated addons to install and test")
    test.add_argument("--test-tags", help="Odoo --test-tags (default: the addons)")
    test.add_argument("--keep-db", action="store_true", help="do not drop the test database")
    test.add_argument("--no-install-requirements", action="store_true")
    test.set_defaults(func=cmd_test)
    test_odoo = sub.add_parser(
        "test-odoo",
        help="run Odoo's own tests of the apps WiseParts extends, with WiseParts installed",
    )
    test_odoo.add_argument("--test-tags", help="Odoo --test-tags (default: the suites)")
    test_odoo.add_argument("--keep-db", action="store_true", help="do not drop the database")
    test_odoo.add_argument(
        "--without-wiseparts",
        action="store_true",
        help="plain Odoo (to check the list of known failures)",
    )
    test_odoo.add_argument("--no-install-requirements", action="store_true")
    test_odoo.set_defaults(func=cmd_test_odoo)
    run = sub.add_parser("run", help="serve a demo database on http://localhost:8069")
    run.add_argument("--port", type=int, default=int(os.environ.get("WP_PORT", "8069")))
    run.set_defaults(func=cmd_run)
    pot = sub.add_parser("pot", help="export the .pot template of addons")
    pot.add_argument("addons", help="comma-separated addons")
    pot.set_defaults(func=cmd_pot)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Fail as exc:
        print(f"\n[wiseparts] ERROR: {exc}\n", file=sys.stderr, flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
