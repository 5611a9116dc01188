#!/usr/bin/env python3
"""Benchmark of the demo generator: ``--bulk`` (COPY) against the ORM writer, same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_demo.py                    # 2,000 lines each way, then bulk 200,000
    python3 bench/bench_demo.py --bulk-lines 2000000 --customers 100000 --products 20000

It copies the `make test` template database, installs wiseparts_demo, then in one
`odoo shell` process generates the same small dataset (--lines) through the ORM (the
reference) and through COPY, each rolled back afterwards, and finally the large bulk
dataset (--bulk-lines, 36 months, 200 brands). It prints invoice lines per second side by
side and the speed-up of bulk over the ORM. The database is dropped at the end (--keep to
keep it).
"""

import argparse
import json

from _common import database

SCRIPT = r"""
import json, time
from datetime import date
from odoo.addons.wiseparts_demo.services.demo_data import generate, progress_printer
ARGS = json.loads('ARGS_JSON')
small = dict(customers=ARGS["small_customers"], products=ARGS["small_products"],
             lines=ARGS["lines"], months=24, today=date(2026, 6, 30))
result = {}
for mode in ("orm", "bulk"):
    env.cr.execute("SAVEPOINT bench")
    started = time.perf_counter()
    counts = generate(env, bulk=mode == "bulk", **small)
    env.flush_all()
    result[mode] = {"seconds": time.perf_counter() - started, "lines": counts["invoice_lines"]}
    env.cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
started = time.perf_counter()
counts = generate(env, bulk=True, customers=ARGS["customers"], products=ARGS["products"],
                  lines=ARGS["bulk_lines"], months=36, brands=200, today=date(2026, 6, 30),
                  progress=progress_printer())
env.flush_all()
result["large"] = {"seconds": time.perf_counter() - started, "counts": counts}
env.cr.rollback()
print("BENCH-JSON " + json.dumps(result))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000, help="small size, both writers")
    parser.add_argument("--bulk-lines", type=int, default=200_000, help="large size, bulk")
    parser.add_argument("--customers", type=int, default=10_000, help="large size")
    parser.add_argument("--products", type=int, default=5_000, help="large size")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with database("wiseparts_demo", "demo", args.keep) as bench:
        script = SCRIPT.replace(
            "ARGS_JSON",
            json.dumps(
                {
                    "lines": args.lines,
                    "small_customers": 300,
                    "small_products": 500,
                    "bulk_lines": args.bulk_lines,
                    "customers": args.customers,
                    "products": args.products,
                }
            ),
        )
        result = bench.shell(script, "shell.log")
    orm, bulk, large = result["orm"], result["bulk"], result["large"]
    lines_large = large["counts"]["invoice_lines"]
    print()
    print(f"{'writer':<28}{'lines':>10}{'seconds':>10}{'lines/s':>10}")
    for label, row in (("ORM (reference)", orm), ("bulk COPY, same data", bulk)):
        rate = row["lines"] / row["seconds"]
        print(f"{label:<28}{row['lines']:>10}{row['seconds']:>10.1f}{rate:>10.0f}")
    rate = lines_large / large["seconds"]
    print(f"{'bulk COPY, large':<28}{lines_large:>10}{large['seconds']:>10.1f}{rate:>10.0f}")
    print(f"bulk speed-up over the ORM on the same data: {orm['seconds'] / bulk['seconds']:.1f}x")
    print(f"large dataset: {large['counts']}")


if __name__ == "__main__":
    main()
