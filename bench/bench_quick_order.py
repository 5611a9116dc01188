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
import functools
import re
import sys
import threading
import time

from _common import database, percentile, print_latencies, run_clients, say

TARGET = 1.2

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

    def portal(i, session, state):
        return timed_get(session, base + data["portal"])[0]

    def catalogue(i, session, state):
        return timed_get(session, page)[0]

    def search(i, session, state):
        return timed_get(session, f"{page}?search={searches[i % len(searches)]}")[0]

    def order(i, session, state):
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

    def jobs(job, per_client):
        """job(i, session, state) per_client times per client, i = 0, 1, ..."""
        return [functools.partial(job, i) for i in range(args.clients * per_client)]

    # Warm up every worker's caches (templates, assets, registry) before measuring.
    run_clients(args.clients, jobs(portal, 3))
    run_clients(args.clients, jobs(catalogue, 3))
    # The three pages are measured interleaved, in the same seconds, so that a load change
    # of the machine weighs on the reference and on the quick-order pages alike.
    kinds = [
        ("portal /my/orders/<id>", portal),
        ("quick-order catalogue", catalogue),
        ("quick-order search", search),
    ]
    results = {name: [] for name, _job in kinds}
    lock = threading.Lock()

    def mixed(i, session, state):
        name, job = kinds[i % len(kinds)]
        elapsed = job(i // len(kinds), session, state)
        with lock:
            results[name].append(elapsed)
        return elapsed

    say("measuring the portal page, the catalogue and a search, interleaved")
    run_clients(args.clients, jobs(mixed, per_client * len(kinds)))
    say("measuring 30-line orders")
    results["quick-order 30-line order"] = run_clients(
        args.clients, jobs(order, max(1, args.orders // args.clients))
    )[0]
    print()
    print(f"{args.products} products, {args.clients} concurrent clients, Odoo --workers=2")
    reference = print_latencies(results, "portal /my/orders/<id>", "page", 28, "p95 / portal")
    ratio = percentile(results["quick-order catalogue"], 95) / reference
    print(
        f"\ntarget: catalogue p95 <= {TARGET}x portal p95 (goal 1.0x) -> {ratio:.2f}x "
        f"{'OK' if ratio <= TARGET else 'MISSED'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    parser.add_argument("--orders", type=int, default=30, help="30-line orders in all")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse-db", help="measure again on a database kept with --keep")
    args = parser.parse_args()

    with database("wiseparts_quick_order", "qo", args.keep, args.reuse_db) as bench:
        if args.reuse_db:
            data = bench.stored_json("bench_quick_order.data")
        else:
            say(f"creating {args.products} products, a customer, a link and a 30-line order")
            start = time.perf_counter()
            data = bench.shell(SETUP.replace("N_PRODUCTS", str(args.products)), "setup.log")
            say(f"data created in {time.perf_counter() - start:.0f} s")
        with bench.server() as base:
            _measure(base, data, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
