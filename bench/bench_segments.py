#!/usr/bin/env python3
"""Benchmark of `wiseparts.segment.type.compute_assignments` against ONE hand-written SQL
statement computing the same ABC classification and writing the same rows, in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_segments.py               # issue 4 size: 100,000 customers,
                                                  # 200 brands, 2,000,000 lines, 36 months
    python3 bench/bench_segments.py --scale 0.05  # 5 %: 5,000 customers, 100,000 lines
    python3 bench/bench_segments.py --own-data    # SQL-generated data instead of the
                                                  # demo generator (faster to build)

It copies the `make test` template database, installs wiseparts_segments (and
wiseparts_demo), fills it with the
bulk dataset of the demo generator
(`odoo.addons.wiseparts_demo.services.demo_data.generate(..., bulk=True)`; with --own-data,
or when the generator has no bulk mode yet, posted invoices written by plain SQL INSERTs),
then, in a fresh `odoo shell` process:

- reference: one hand-written INSERT ... SELECT (CTEs + window functions) that classifies
  every commercial customer of one ABC type (A 80 / B 15 / C 5, 12 rolling months) and
  upserts the assignments and inserts the history rows;
- odoo:      `compute_assignments([type], run_date)` (run record, lock, flush, the statement
  built with odoo.tools.SQL, cache invalidation);

each --repeat times, alternately, every time rolled back to the same empty start, then
checks that both wrote the same (customer, segment, amount) rows. It prints both median
times, the ratio (target <= 2x) and the peak memory of that Odoo process (ru_maxrss,
target < 1 GB). The database is dropped at the end (--keep to keep it).
"""

import argparse
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("wp_tools", ROOT / "tools" / "wp.py")
wp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wp)

FULL = {"customers": 100_000, "brands": 200, "lines": 2_000_000, "months": 36, "products": 20_000}

GENERATE = r"""
import json, time
from datetime import date
SIZES = json.loads('SIZES_JSON')
OWN = OWN_DATA
started = time.perf_counter()
source = "demo generator (bulk)"
if not OWN:
    try:
        from odoo.addons.wiseparts_demo.services import demo_data
        from odoo.addons.wiseparts_demo.services.demo_data import generate, progress_printer
        counts = generate(env, seed=1, customers=SIZES["customers"], products=SIZES["products"],
                          months=SIZES["months"], lines=SIZES["lines"], brands=SIZES["brands"],
                          bulk=True, progress=progress_printer(), today=date(2026, 6, 30))
    except (ImportError, NotImplementedError, TypeError) as e:
        env.cr.rollback()
        print("demo generator bulk mode unavailable (%r): using --own-data" % (e,))
        OWN = True
if OWN:
    source = "own SQL data"
    cr = env.cr
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    account = journal.default_account_id
    brands = env["wiseparts.brand"].create(
        [{"name": "Bench brand %d" % i} for i in range(SIZES["brands"])])
    products = env["product.product"].create([
        {"name": "Bench part %d" % i, "brand_id": brands[i % len(brands)].id, "type": "consu"}
        for i in range(SIZES["products"])])
    env.flush_all()
    n_customers, n_lines, months = SIZES["customers"], SIZES["lines"], SIZES["months"]
    n_moves = max(n_lines // 5, 1)
    cr.execute('''
        INSERT INTO res_partner (name, complete_name, active, is_company, customer_rank,
                                 supplier_rank, type, autopost_bills, lang, customer_status,
                                 create_date, write_date)
        SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, TRUE, 1, 0, 'contact',
               'ask', 'en_US', 'current', now(), now()
          FROM generate_series(1, %s) g''', (n_customers,))
    cr.execute("UPDATE res_partner SET commercial_partner_id = id "
               "WHERE commercial_partner_id IS NULL")
    cr.execute("SELECT min(id) FROM res_partner WHERE name LIKE 'Bench customer %%'")
    first_partner = cr.fetchone()[0]
    # moves: a skewed customer distribution (power law), 1 in 10 a credit note
    cr.execute('''
        INSERT INTO account_move (name, journal_id, company_id, currency_id, date, invoice_date,
                                  state, move_type, auto_post, partner_id,
                                  commercial_partner_id, create_date, write_date)
        SELECT 'BENCH/' || g, %(journal)s, %(company)s, %(currency)s, d, d, 'posted',
               CASE WHEN g %% 10 = 0 THEN 'out_refund' ELSE 'out_invoice' END, 'no', p, p,
               now(), now()
          FROM (SELECT g,
                       %(end)s::date - (floor(random() * %(days)s))::int AS d,
                       %(first)s + floor(%(n)s * power(random(), 3))::int AS p
                  FROM generate_series(1, %(moves)s) g) s''',
        {"journal": journal.id, "company": company.id, "currency": company.currency_id.id,
         "end": date(2026, 6, 30), "days": months * 30, "first": first_partner,
         "n": n_customers, "moves": n_moves})
    cr.execute('''
        INSERT INTO account_move_line (move_id, journal_id, company_id, currency_id,
                                       company_currency_id, account_id, partner_id, product_id,
                                       display_type, parent_state, date, invoice_date, quantity,
                                       price_unit, balance, debit, credit, amount_currency,
                                       create_date, write_date)
        SELECT m.id, m.journal_id, m.company_id, m.currency_id, m.currency_id, %(account)s,
               m.partner_id, %(first_product)s + (l.k * 7919 + m.id) %% %(products)s,
               'product', 'posted', m.date, m.invoice_date, 1, amt,
               CASE WHEN m.move_type = 'out_refund' THEN amt ELSE -amt END,
               CASE WHEN m.move_type = 'out_refund' THEN amt ELSE 0 END,
               CASE WHEN m.move_type = 'out_refund' THEN 0 ELSE amt END,
               CASE WHEN m.move_type = 'out_refund' THEN amt ELSE -amt END, now(), now()
          FROM account_move m
          CROSS JOIN LATERAL (SELECT k, round((5 + random() * 300)::numeric, 2) AS amt
                                FROM generate_series(1, 5) k) l
         WHERE m.name LIKE 'BENCH/%%' ''',
        {"account": account.id, "first_product": products[0].id, "products": len(products)})
    env.registry.clear_cache()
    counts = {"customers": n_customers, "invoice_lines": n_moves * 5}
cr = env.cr
cr.execute("ANALYZE")
env.cr.commit()
print("BENCH-JSON " + json.dumps({"source": source, "counts": counts,
                                  "seconds": round(time.perf_counter() - started, 1)}))
"""

MEASURE = r"""
import json, resource, statistics, time
from datetime import date
from odoo.tools import SQL
REPEAT = REPEAT_N
RUN_DATE = date(2026, 6, 30)
cr = env.cr
Type = env["wiseparts.segment.type"]
segment_type = Type.create({"name": "Bench ABC", "kind": "abc", "period_months": 12,
                            "interval": "rolling"})
segments = {s.name: s.id for s in segment_type.segment_ids}
env.cr.commit()
REFERENCE = '''
WITH sales AS (
    SELECT am.commercial_partner_id AS partner_id, SUM(-aml.balance) AS amount,
           MAX(am.invoice_date) FILTER (WHERE am.move_type = 'out_invoice') AS last_date
      FROM account_move_line aml JOIN account_move am ON am.id = aml.move_id
     WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
       AND am.move_type IN ('out_invoice', 'out_refund')
       AND am.invoice_date > %(run)s::date - interval '12 months' AND am.invoice_date <= %(run)s
     GROUP BY am.commercial_partner_id
), unit AS (
    SELECT p.id, COALESCE(s.amount, 0) AS amount, s.last_date
      FROM res_partner p LEFT JOIN sales s ON s.partner_id = p.id
     WHERE p.id = p.commercial_partner_id
       AND (p.id IN (SELECT commercial_partner_id FROM res_partner
                      WHERE customer_rank > 0 AND active)
            OR s.partner_id IS NOT NULL)
), ranked AS (
    SELECT id, COALESCE(SUM(amount) OVER (ORDER BY amount DESC, id
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) * 100
               / SUM(amount) OVER () AS share
      FROM unit WHERE amount > 0
), upsert AS (
    INSERT INTO wiseparts_segment_assignment AS a
           (partner_id, type_id, auto_segment_id, segment_id, is_override, eligible_amount,
            last_purchase_date, computed_at, create_uid, create_date, write_uid, write_date)
    SELECT u.id, %(type)s, seg, seg, FALSE, u.amount, u.last_date, now(), 1, now(), 1, now()
      FROM (SELECT u.*, CASE WHEN r.share < 80 THEN %(a)s WHEN r.share < 95 THEN %(b)s
                             WHEN r.share IS NOT NULL THEN %(c)s END AS seg
              FROM unit u LEFT JOIN ranked r ON r.id = u.id) u
    ON CONFLICT (partner_id, type_id) DO UPDATE SET
           auto_segment_id = EXCLUDED.auto_segment_id,
           segment_id = COALESCE(a.manual_segment_id, EXCLUDED.auto_segment_id),
           eligible_amount = EXCLUDED.eligible_amount,
           last_purchase_date = EXCLUDED.last_purchase_date,
           computed_at = EXCLUDED.computed_at
    RETURNING a.partner_id, a.auto_segment_id, a.segment_id, a.eligible_amount
), history AS (
    INSERT INTO wiseparts_segment_history (type_id, partner_id, run_date, auto_segment_id,
           segment_id, eligible_amount, create_uid, create_date, write_uid, write_date)
    SELECT %(type)s, partner_id, %(run)s, auto_segment_id, segment_id, eligible_amount,
           1, now(), 1, now()
      FROM upsert
)
SELECT segment_id, COUNT(*) FROM upsert GROUP BY segment_id
'''
PARAMS = {"run": RUN_DATE, "type": segment_type.id, "a": segments["A"], "b": segments["B"],
          "c": segments["C"]}
SNAPSHOT = '''SELECT md5(string_agg(partner_id || ':' || COALESCE(auto_segment_id, 0) || ':'
                              || eligible_amount, ',' ORDER BY partner_id)), COUNT(*)
                FROM wiseparts_segment_assignment WHERE type_id = %s'''

def reference():
    start = time.perf_counter()
    cr.execute(REFERENCE, PARAMS)
    rows = cr.fetchall()
    elapsed = time.perf_counter() - start
    cr.execute(SNAPSHOT, (segment_type.id,))
    return elapsed, cr.fetchone(), rows

def odoo():
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    counts = Type.compute_assignments(segment_type.ids, RUN_DATE)
    elapsed = time.perf_counter() - start
    env.flush_all()
    cr.execute(SNAPSHOT, (segment_type.id,))
    return elapsed, cr.fetchone(), counts

ref_times, odoo_times = [], []
for _i in range(REPEAT):
    elapsed, ref_snapshot, ref_rows = reference()
    ref_times.append(elapsed)
    env.cr.rollback(); env.invalidate_all()
    elapsed, odoo_snapshot, counts = odoo()
    odoo_times.append(elapsed)
    env.cr.rollback(); env.invalidate_all()
print("BENCH-JSON " + json.dumps({
    "reference": statistics.median(ref_times), "odoo": statistics.median(odoo_times),
    "reference_all": ref_times, "odoo_all": odoo_times,
    "same_rows": ref_snapshot == odoo_snapshot, "assignments": odoo_snapshot[1],
    "counts": counts,
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue size")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--own-data", action="store_true", help="SQL data, not the generator")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    sizes = {k: max(int(v * args.scale), 1) for k, v in FULL.items()}
    sizes["brands"] = max(sizes["brands"], 5)
    sizes["months"] = FULL["months"]

    addons = "wiseparts_segments,wiseparts_demo"  # wiseparts_demo: the bulk data generator
    with wp.bench_database(addons, "seg", args.keep) as (db, paths, params, logdir):
        wp.say(f"generating {sizes}")
        script = GENERATE.replace("SIZES_JSON", json.dumps(sizes)).replace(
            "OWN_DATA", str(args.own_data)
        )
        data = wp.shell_json(db, paths, params, script, logdir / "generate.log")
        wp.say(f"data: {data['source']} {data['counts']} in {data['seconds']} s")
        measure = MEASURE.replace("REPEAT_N", str(args.repeat))
        result = wp.shell_json(db, paths, params, measure, logdir / "measure.log")
    ratio = result["odoo"] / result["reference"]
    print()
    print(f"dataset: {data['source']}, scale {args.scale}: {data['counts']}")
    print(f"assignments written per run: {result['assignments']}, counts {result['counts']}")
    print(f"{'':<34}{'median s':>10}   all runs")
    print(
        f"{'hand-written SQL (1 statement)':<34}{result['reference']:>10.3f}   "
        + ", ".join(f"{t:.3f}" for t in result["reference_all"])
    )
    print(
        f"{'compute_assignments':<34}{result['odoo']:>10.3f}   "
        + ", ".join(f"{t:.3f}" for t in result["odoo_all"])
    )
    print(f"ratio: {ratio:.2f}x (target <= 2x) {'OK' if ratio <= 2 else 'MISSED'}")
    print(f"same rows: {result['same_rows']}")
    mem = result["maxrss_mb"]
    print(
        f"Odoo process peak memory: {mem:.0f} MB (target < 1024 MB) "
        f"{'OK' if mem < 1024 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
