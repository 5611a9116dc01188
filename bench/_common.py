"""What the benchmark scripts share: their database, `odoo shell` scripts answering one
`BENCH-JSON` line, an Odoo server to load, and concurrent HTTP clients.

The scripts import it from their own folder (`python3 bench/bench_x.py` puts bench/ first on
sys.path); Odoo's command line and PostgreSQL are reached through tools/wp.py.
"""

import argparse
import contextlib
import dataclasses
import importlib.util
import json
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("wp_tools", ROOT / "tools" / "wp.py")
wp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wp)
say = wp.say


@dataclasses.dataclass
class Database:
    """A benchmark database and what Odoo's command line needs to reach it."""

    name: str
    paths: list
    params: dict
    logdir: Path

    def shell(self, script, log_name, *extra):
        """Run `script` in `odoo shell` (its output in logdir/log_name); return the JSON it
        printed after 'BENCH-JSON '."""
        log_path = self.logdir / log_name
        out = subprocess.run(
            wp.odoo_cmd(self.name, self.paths, self.params, "--no-http", *extra, command="shell"),
            input=script,
            capture_output=True,
            text=True,
            check=False,
        )
        log_path.write_text(out.stdout + out.stderr, encoding="utf-8")
        for line in out.stdout.splitlines():
            if line.startswith("[wiseparts"):  # progress lines of our scripts
                print(line, flush=True)
        match = re.search(r"BENCH-JSON (.*)", out.stdout)
        if not match:
            print(out.stdout[-3000:], out.stderr[-3000:])
            raise SystemExit(f"the benchmark script failed: see {log_path}")
        return json.loads(match.group(1))

    def stored_json(self, key):
        """The JSON a setup script stored in the system parameter `key` (for --reuse-db)."""
        rows = wp.sql(
            self.params, f"SELECT value FROM ir_config_parameter WHERE key = '{key}'", self.name
        )
        return json.loads(rows[0][0])

    @contextlib.contextmanager
    def server(self, workers=2):
        """An Odoo server on the database, HTTP on a free port, no cron, warnings only (its
        log in logdir/server.log): yields its base URL once it answers, stops it after.

        With workers, Odoo's own odoo-bin when found: in --workers mode Odoo re-runs
        sys.argv[0] for its long-polling process, which tools/odoo_main.py (argv[0] = "odoo")
        does not allow."""
        port = wp.free_port()
        options = [f"--http-port={port}", "--max-cron-threads=0", "--log-level=warn"]
        if workers:
            options += [f"--workers={workers}", "--limit-time-real=300"]
            options += ["--gevent-port", str(wp.free_port())]
        cmd = wp.odoo_cmd(self.name, self.paths, self.params, *options)
        if workers:
            import odoo  # noqa: PLC0415 - only to locate odoo-bin

            odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
            if odoo_bin.exists():
                cmd[1] = str(odoo_bin)
        log_path = self.logdir / "server.log"
        with open(log_path, "w", encoding="utf-8") as log:
            server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            try:
                base = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 120
                while not _answers(base + "/web/login"):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"server did not start: {log_path}")
                    time.sleep(0.5)
                yield base
            finally:
                server.terminate()
                server.wait(timeout=30)


def _answers(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False


@contextlib.contextmanager
def database(addons, name, keep=False, reuse=None):
    """Yield the benchmark's Database: `reuse` as it is (a database kept by an earlier
    --keep), or a new wp_bench_<name>_<time> copied from the template of Odoo's modules with
    `addons` (comma-separated) installed, dropped at the end unless `keep`."""
    paths, params = wp.prerequisites()
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-bench-"))
    db = reuse or f"wp_bench_{name}_{int(time.time())}"
    try:
        if reuse:
            yield Database(db, paths, params, logdir)
            return
        with wp.scratch_database(paths, params, db, logdir, keep):
            say(f"installing {addons} into {db}")
            if wp.install(db, paths, params, addons.split(","), logdir / "install.log"):
                raise SystemExit(f"install failed: {logdir / 'install.log'}")
            yield Database(db, paths, params, logdir)
    finally:
        if keep or reuse:
            print(f"kept database {db}")


BULK_DATASET = r"""
import json, time
from datetime import date
from odoo.addons.wiseparts_demo.services.demo_data import generate, progress_printer
SIZES = json.loads('SIZES_JSON')
TODAY = TODAY_EXPR
started = time.perf_counter()
counts = generate(env, seed=1, customers=SIZES["customers"], products=SIZES["products"],
                  months=12, lines=SIZES["lines"], brands=20, bulk=True,
                  progress=progress_printer(), today=TODAY)
env.cr.commit()
env.cr._cnx.autocommit = True
env.cr.execute("VACUUM ANALYZE")  # fresh statistics for the segment run after COPY
env.cr._cnx.autocommit = False
admin = env.ref("base.user_admin")
abc = env["wiseparts.segment.type"].with_user(admin).create(
    {"name": "ABC_NAME", "kind": "abc", "period_months": 12, "interval": "rolling"})
env.company.wiseparts_visit_segment_type_id = abc
abc.compute_assignments(abc.ids, TODAY)
env.flush_all()
cr = env.cr
cr.execute('''
    CREATE TEMP TABLE bench_customer AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, COALESCE(user_id, %s) AS user_id,
           COALESCE(company_id, %s) AS company_id
      FROM res_partner WHERE id = commercial_partner_id AND customer_rank > 0''',
    (admin.id, env.company.id))
cr.execute("SELECT COUNT(*) FROM bench_customer")
n_customers = cr.fetchone()[0]
"""


def bulk_dataset(sizes, today, abc_name, script):
    """An `odoo shell` script: the demo generator's bulk dataset of `sizes` (12 months up to
    `today`, a Python expression), vacuumed; an ABC type named `abc_name` made the company's
    visit segment type and computed; the temporary table bench_customer (n from 1, id,
    user_id, company_id) of the commercial customers; then `script`, which finds TODAY,
    SIZES, started, counts, admin, abc, cr and n_customers."""
    start = BULK_DATASET.replace("SIZES_JSON", json.dumps(sizes)).replace("TODAY_EXPR", today)
    return start.replace("ABC_NAME", abc_name) + script


def dataset_parser(description, repeat):
    """The options of a benchmark measuring on a generated dataset: --scale, --repeat, --keep
    and --db (the script adds its own, then parses)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue size")
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--db", help="measure on this database kept by an earlier --keep")
    return parser


def scaled(sizes, scale):
    """Each of `sizes` times `scale`, at least 1."""
    return {key: max(int(size * scale), 1) for key, size in sizes.items()}


def print_runs(result, rows, width):
    """The median and every run of each measure: rows of (label, key) where result[key] is
    the median and result[key + "_all"] the runs (seconds)."""
    print(f"{'':<{width}}{'median s':>10}   all runs")
    for label, key in rows:
        runs = ", ".join(f"{t:.3f}" for t in result[f"{key}_all"])
        print(f"{label:<{width}}{result[key]:>10.3f}   {runs}")


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run_clients(clients, jobs):
    """Run the callables of `jobs` from `clients` threads, each with its own requests session
    and state dict, each taking the next job as soon as it is free: job(session, state).
    Return (what the jobs returned, None left out, in the order they finished; seconds).
    A job that raises is counted and the first error printed."""
    lock = threading.Lock()
    pending = iter(jobs)
    returned, errors = [], []

    def worker():
        session = requests.Session()
        state = {}
        while True:
            with lock:
                job = next(pending, None)
            if job is None:
                return
            try:
                value = job(session, state)
            except Exception as exc:  # reported below
                with lock:
                    errors.append(repr(exc))
                continue
            if value is not None:
                with lock:
                    returned.append(value)

    threads = [threading.Thread(target=worker) for _c in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    return returned, seconds


def print_latencies(results, reference, title, width, ratio_title):
    """A table of p50/p95 (ms) per kind of request, results: {name: [seconds]}, with each p95
    over the p95 of results[reference]; return that reference p95 (seconds)."""
    reference_p95 = percentile(results[reference], 95)
    ratio_width = len(ratio_title) + 2
    print(f"{title:<{width}}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{ratio_title:>{ratio_width}}")
    for name, timings in results.items():
        if not timings:
            print(f"{name:<{width}}{0:>6}")
            continue
        p50 = statistics.median(timings) * 1000
        p95 = percentile(timings, 95)
        print(
            f"{name:<{width}}{len(timings):>6}{p50:>10.0f}{p95 * 1000:>10.0f}"
            f"{p95 / reference_p95:>{ratio_width - 1}.2f}x"
        )
    return reference_p95
