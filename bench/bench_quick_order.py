#!/usr/bin/env python3
"""Benchmark of the quick-order pages against Odoo's own portal page, in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_quick_order.py                 # 20,000 products, 10 clients
    python3 bench/bench_quick_order.py --products 2000 --requests 100   # quicker

It creates a throw-away database from the `make test` template, installs
wiseparts_quick_order, adds the products, a customer (pricelist + 10% discount), a quick-order
link and a 30-line sale order, starts an Odoo server with --workers=2 on a free port, then
measures with --clients concurrent clients (threads with `requests`):

- portal:     GET /my/orders/<id>?access_token=...   (Odoo's own page: the reference)
- catalogue:  GET /quick-order/<secret>              (first page)
- search:     GET /quick-order/<secret>?search=...   (a different search each time)
- order:      POST /quick-order/<secret>/order       (a 30-line cart, one new order each)

and prints p50/p95 (ms) side by side with the ratio to the portal page's p95. Target:
catalogue p95 <= 1.2x portal p95 (goal 1.0x). The rate limits stay on, set high enough never
to answer 429: every page view still counts its address and its link in the database, the
worst case for the quick-order page. The database is dropped at the end (--keep to keep it).
"""

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.2
spec = importlib.util.spec_from_file_location("wp_tools", ROOT / "tools" / "wp.py")
wp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wp)

SETUP = r"""
import json
from odoo import Command
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                       mail_notrack=True))
n = int(N_PRODUCTS)
tax = env["account.tax"].create({"name": "Bench VAT 20%", "amount": 20, "type_tax_use": "sale"})
brands = env["wiseparts.brand"].create([{"name": f"Bench brand {i}"} for i in range(20)])
categs = env["product.category"].create([{"name": f"Bench category {i}"} for i in range(20)])
for start in range(0, n, 2000):
    env["product.template"].create([
        {
            "name": f"Bench part {i:05d} filter",
            "default_code": f"BP-{i:05d}",
            "barcode": f"99{i:011d}",
            "list_price": 10 + i % 500,
            "sale_ok": True,
            "type": "consu",
            "brand_id": brands[i % 20].id,
            "categ_id": categs[i % 20].id,
            "taxes_id": [Command.set(tax.ids)],
        }
        for i in range(start, min(n, start + 2000))
    ])
    env.cr.commit()
pricelist = env["product.pricelist"].create({"name": "Bench pricelist"})
customer = env["res.partner"].create({
    "name": "Bench Garage", "is_company": True, "email": "bench@example.com",
    "discount_percent": 10, "property_product_pricelist": pricelist.id,
})
products = env["product.product"].search([("default_code", "=like", "BP-%")], limit=30)
order = env["sale.order"].create({
    "partner_id": customer.id,
    "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 2}) for p in products],
})
order._portal_ensure_token()
link, url = env["wiseparts.quick.order.link"]._create_links(customer)[0]
# Limits on (their cost is measured) but high enough never to answer 429 here.
env["ir.config_parameter"].set_param("wiseparts_quick_order.rate_pages", 1000000)
env["ir.config_parameter"].set_param("wiseparts_quick_order.rate_orders", 1000000)
env.cr.commit()
data = {
    "secret": url.rsplit("/", 1)[1],
    "portal": f"/my/orders/{order.id}?access_token={order.access_token}",
    "product_ids": products.ids,
}
env["ir.config_parameter"].set_param("bench_quick_order.data", json.dumps(data))
env.cr.commit()
print("BENCH-JSON " + json.dumps(data))
"""


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run_clients(clients, per_client, job):
    """Run job(session, i) per_client times in each of `clients` threads; return seconds."""
    timings, errors = [], []
    lock = threading.Lock()

    def worker(index):
        session = requests.Session()
        state = {}
        for i in range(per_client):
            try:
                elapsed = job(session, state, index * per_client + i)
            except Exception as exc:  # reported below
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                timings.append(elapsed)

    threads = [threading.Thread(target=worker, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    return timings


def timed_get(session, url, expect=200):
    start = time.perf_counter()
    response = session.get(url, timeout=60)
    elapsed = time.perf_counter() - start
    if response.status_code != expect:
        raise RuntimeError(f"GET {url} -> {response.status_code}")
    return elapsed, response


def _measure(base, data, args):
    page = f"{base}/quick-order/{data['secret']}"
    per_client = max(1, args.requests // args.clients)
    searches = ["filter", "BP-01", "Bench part 12", "9900000012", "part 0042"]

    def portal(session, state, i):
        return timed_get(session, base + data["portal"])[0]

    def catalogue(session, state, i):
        return timed_get(session, page)[0]

    def search(session, state, i):
        return timed_get(session, f"{page}?search={searches[i % len(searches)]}")[0]

    def order(session, state, i):
        _elapsed, response = timed_get(session, page)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        for product_id in data["product_ids"]:
            session.post(
                page + "/cart",
                data={
                    "csrf_token": csrf,
                    "product_id": product_id,
                    "quantity": "2",
                    "mode": "add",
                },
                timeout=60,
                allow_redirects=False,
            )
        text = session.get(page, timeout=60).text
        key = re.search(r'name="idempotency_key" value="([^"]+)"', text).group(1)
        start = time.perf_counter()
        response = session.post(
            page + "/order", data={"csrf_token": csrf, "idempotency_key": key}, timeout=60
        )
        elapsed = time.perf_counter() - start
        if response.status_code != 200 or "o_wqo_done" not in response.text:
            raise RuntimeError(f"order -> {response.status_code}")
        return elapsed

    # Warm up every worker's caches (templates, assets, registry) before measuring.
    run_clients(args.clients, 3, portal)
    run_clients(args.clients, 3, catalogue)
    # The three pages are measured interleaved, in the same seconds, so that a load change
    # of the machine weighs on the reference and on the quick-order pages alike.
    kinds = [
        ("portal /my/orders/<id>", portal),
        ("quick-order catalogue", catalogue),
        ("quick-order search", search),
    ]
    results = {name: [] for name, _job in kinds}
    lock = threading.Lock()

    def mixed(session, state, i):
        name, job = kinds[i % len(kinds)]
        elapsed = job(session, state, i // len(kinds))
        with lock:
            results[name].append(elapsed)
        return elapsed

    wp.say("measuring the portal page, the catalogue and a search, interleaved")
    run_clients(args.clients, per_client * len(kinds), mixed)
    wp.say("measuring 30-line orders")
    results["quick-order 30-line order"] = run_clients(
        args.clients, max(1, args.orders // args.clients), order
    )
    reference = percentile(results["portal /my/orders/<id>"], 95)
    print()
    print(f"{args.products} products, {args.clients} concurrent clients, Odoo --workers=2")
    print(f"{'page':<28}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p95 / portal':>14}")
    for name, timings in results.items():
        if not timings:
            print(f"{name:<28}{0:>6}")
            continue
        p50 = statistics.median(timings) * 1000
        p95 = percentile(timings, 95) * 1000
        print(
            f"{name:<28}{len(timings):>6}{p50:>10.0f}{p95:>10.0f}"
            f"{percentile(timings, 95) / reference:>13.2f}x"
        )
    ratio = percentile(results["quick-order catalogue"], 95) / reference
    print(
        f"\ntarget: catalogue p95 <= {TARGET}x portal p95 (goal 1.0x) -> {ratio:.2f}x "
        f"{'OK' if ratio <= TARGET else 'MISSED'}"
    )


def _prepare(db, paths, params, manifests, version, logdir, args):
    """Throw-away database with the module, the products, a link and a portal order."""
    template = wp.template_db(paths, params, manifests, version, logdir)
    wp.copy_db(params, template, db)
    wp.say(f"installing wiseparts_quick_order into {db}")
    code = wp.run_logged(
        wp.odoo_cmd(
            db,
            paths,
            params,
            "-i",
            "wiseparts_quick_order",
            "--stop-after-init",
            "--http-port",
            str(wp.free_port()),
        ),
        logdir / "install.log",
    )
    if code:
        raise SystemExit(f"install failed: {logdir / 'install.log'}")
    wp.say(f"creating {args.products} products, a customer, a link and a 30-line order")
    start = time.perf_counter()
    setup = subprocess.run(
        wp.odoo_cmd(db, paths, params, "--no-http", command="shell"),
        input=SETUP.replace("N_PRODUCTS", str(args.products)),
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"BENCH-JSON (.*)", setup.stdout)
    if not match:
        print(setup.stdout[-3000:], setup.stderr[-3000:])
        raise SystemExit("setup failed")
    wp.say(f"data created in {time.perf_counter() - start:.0f} s")
    return json.loads(match.group(1))


def server_cmd(db, paths, params, *extra):
    """Odoo's own odoo-bin when found: in --workers mode Odoo re-runs sys.argv[0] for its
    long-polling process, which tools/odoo_main.py (argv[0] = "odoo") does not allow."""
    cmd = wp.odoo_cmd(db, paths, params, *extra)
    import odoo  # noqa: PLC0415 - only to locate odoo-bin

    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if odoo_bin.exists():
        cmd[1] = str(odoo_bin)
    return cmd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    parser.add_argument("--orders", type=int, default=30, help="30-line orders in all")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse-db", help="measure again on a database kept with --keep")
    args = parser.parse_args()

    paths, params = wp.prerequisites()
    version, _ = wp.odoo_info()
    _ordered, manifests = wp.wiseparts_addons()
    logdir = Path(tempfile.mkdtemp(prefix="wiseparts-bench-"))
    db = args.reuse_db or f"wp_bench_qo_{int(time.time())}"
    server = None
    try:
        if args.reuse_db:
            rows = wp.sql(
                params,
                "SELECT value FROM ir_config_parameter WHERE key = 'bench_quick_order.data'",
                db,
            )
            data = json.loads(rows[0][0])
        else:
            data = _prepare(db, paths, params, manifests, version, logdir, args)
        port = wp.free_port()
        server = subprocess.Popen(
            server_cmd(
                db,
                paths,
                params,
                "--workers=2",
                "--max-cron-threads=0",
                "--limit-time-real=300",
                "--http-port",
                str(port),
                "--gevent-port",
                str(wp.free_port()),
                "--log-level=warn",
            ),
            stdout=open(logdir / "server.log", "w"),
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        for _i in range(120):
            try:
                if requests.get(base + "/web/login", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        else:
            raise SystemExit(f"server did not start: {logdir / 'server.log'}")
        _measure(base, data, args)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep and not args.reuse_db:
            wp.drop_db(params, db)
        else:
            print(f"kept database {db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
