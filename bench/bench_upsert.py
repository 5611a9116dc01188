#!/usr/bin/env python3
"""Benchmark of res.partner.wiseparts_upsert against a plain res.partner.create, in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_upsert.py                  # 10,000 rows in batches of 500
    python3 bench/bench_upsert.py --rows 2000      # quicker

It creates a throw-away database from the `make test` template, installs wiseparts_base, then
in one `odoo shell` session, as the admin user (access rights checked), one transaction per
batch as over XML-RPC:

- reference:  res.partner.create(vals_list) of the rows, with their countries, salespeople,
              teams and tags already turned into ids (what a hand-written import would do);
- upsert:     res.partner.wiseparts_upsert(rows) of the same rows (other Customer IDs);
- unchanged:  the same rows sent again to wiseparts_upsert (nothing to write);
- changed:    the same rows with one field changed on one row in ten (for information).

It prints the times side by side with their ratio to the reference. Targets: upsert <= 1.3x
create, unchanged <= 0.5x create. The database is dropped at the end (--keep to keep it).
"""

import argparse

from _common import database, say

MEASURE = r"""
import json
import time
from odoo import Command

N, BATCH = int(N_ROWS), int(BATCH_SIZE)
su_env = env
users = su_env["res.users"].create([
    {"name": f"Bench Rep {i}", "login": f"bench_rep_{i}",
     "groups_id": [Command.link(su_env.ref("sales_team.group_sale_salesman").id)]}
    for i in range(10)
])
teams = su_env["crm.team"].create([{"name": f"Bench Team {i}"} for i in range(5)])
su_env["res.partner.category"].create([{"name": f"Bench Tag {i}"} for i in range(20)])
su_env.cr.commit()
env = su_env(user=su_env.ref("base.user_admin"), su=False)
Partner = env["res.partner"]
COUNTRIES = ["FR", "ES", "DE", "BE", "IT", "US", "PT", "NL"]
STATUSES = ["current", "potential"]
TEMPERATURES = ["hot", "warm", "cold", "not_interested", False]


def make_rows(prefix):
    rows = []
    for i in range(N):
        row = {
            "ref": f"{prefix}{i:06d}",
            "name": f"Bench Garage {i}",
            "email": f"garage{i}@example.com",
            "phone": f"+33 6 {i % 100:02d} {i // 100 % 100:02d} {i % 97:02d} {i % 89:02d}",
            "street": f"{i % 200 + 1} rue du Moteur",
            "zip": f"{10000 + i % 80000}",
            "city": f"City {i % 500}",
            "country_code": COUNTRIES[i % len(COUNTRIES)],
            "salesperson_login": f"bench_rep_{i % 10}",
            "team": f"Bench Team {i % 5}",
            "categories": [f"Bench Tag {i % 20}"],
            "customer_status": STATUSES[i % 2],
            "temperature": TEMPERATURES[i % 5],
            "discount_percent": float(i % 15),
            "partner_latitude": 40 + (i % 1000) / 100,
            "partner_longitude": (i % 1000) / 200,
        }
        if i % 10 == 9:  # one row in ten is a branch of the row just before
            row["parent_ref"] = f"{prefix}{i - 1:06d}"
        rows.append(row)
    return rows


def timed(label, batches, job):
    env.invalidate_all()
    start = time.perf_counter()
    for batch in batches:
        job(batch)
        env.flush_all()
        env.cr.commit()  # one transaction per call, as over XML-RPC
        env.invalidate_all()
    return time.perf_counter() - start


def batches_of(rows):
    return [rows[i:i + BATCH] for i in range(0, len(rows), BATCH)]


# The reference: plain create, references already resolved to ids.
countries = {c.code: c.id for c in env["res.country"].search([("code", "in", COUNTRIES)])}
logins = {u.login: u.id for u in users}
team_ids = {t.name: t.id for t in teams}
REFERENCE_KEYS = ("country_code", "salesperson_login", "team", "categories", "parent_ref")
tags = {t.name: t.id for t in env["res.partner.category"].search([("name", "like", "Bench Tag")])}


def create_batch(batch):
    # parents first, then their branches: two creates per batch, like the upsert
    parents, branches = [], []
    for row in batch:
        vals = {k: v for k, v in row.items() if k not in REFERENCE_KEYS}
        vals.update({
            "country_id": countries[row["country_code"]],
            "user_id": logins[row["salesperson_login"]],
            "team_id": team_ids[row["team"]],
            "category_id": [Command.link(tags[name]) for name in row["categories"]],
        })
        if row.get("parent_ref"):
            vals.update({"is_branch": True, "type": "delivery"})
            branches.append((row["parent_ref"], vals))
        else:
            vals["is_company"] = True
            parents.append(vals)
    ids = dict(zip([vals["ref"] for vals in parents], Partner.create(parents).ids))
    Partner.create([dict(vals, parent_id=ids[parent_ref]) for parent_ref, vals in branches])


ref_rows = make_rows("REF")
up_rows = make_rows("UPS")
results = {}
results["create"] = timed("create", batches_of(ref_rows), create_batch)
results["upsert"] = timed("upsert", batches_of(up_rows), Partner.wiseparts_upsert)
results["unchanged"] = timed("unchanged", batches_of(up_rows), Partner.wiseparts_upsert)
changed_rows = [dict(row, city="Changed " + row["city"]) if i % 10 == 0 else row
                for i, row in enumerate(up_rows)]
results["changed"] = timed("changed", batches_of(changed_rows), Partner.wiseparts_upsert)
count = Partner.search_count([("ref", "=like", "UPS%")])
results["upserted_partners"] = count
print("BENCH-JSON " + json.dumps(results))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with database("wiseparts_base", "upsert", args.keep) as bench:
        say(f"measuring {args.rows} rows in batches of {args.batch}")
        script = MEASURE.replace("N_ROWS", str(args.rows)).replace("BATCH_SIZE", str(args.batch))
        res = bench.shell(script, "measure.log", "--log-level=warn")
    if res["upserted_partners"] != args.rows:
        raise SystemExit(f"expected {args.rows} upserted partners: {res['upserted_partners']}")
    reference = res["create"]
    print(f"\n{args.rows} rows, batches of {args.batch}")
    print(f"{'':<36}{'seconds':>10}{'ratio':>10}{'target':>10}")
    lines = [
        ("plain res.partner.create (reference)", "create", None),
        ("wiseparts_upsert, new rows", "upsert", 1.3),
        ("wiseparts_upsert, unchanged rows", "unchanged", 0.5),
        ("wiseparts_upsert, 1 row in 10 changed", "changed", None),
    ]
    for label, key, target in lines:
        ratio = res[key] / reference
        verdict = "" if target is None else f"<= {target}x {'OK' if ratio <= target else 'MISSED'}"
        print(f"{label:<36}{res[key]:>10.2f}{ratio:>9.3f}x  {verdict}")


if __name__ == "__main__":
    main()
