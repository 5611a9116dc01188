#!/usr/bin/env python3
"""Benchmark of `wiseparts.segment.type.compute_assignments` against the SQL floor: ONE
statement computing the same ABC classification and writing it into tables WITHOUT
constraints, in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_segments.py               # issue size: 100,000 customers,
                                                  # 200 brands, 2,000,000 lines, 36 months
    python3 bench/bench_segments.py --scale 0.2   # 20 %: 20,000 customers, 400,000 lines
    python3 bench/bench_segments.py --scale 0.2 --keep      # keep the database, then
    python3 bench/bench_segments.py --db wp_bench_seg_NNN   # measure again on it
    python3 bench/bench_segments.py --own-data    # SQL-generated data instead of the
                                                  # demo generator (faster to build)

It copies the `make test` template database, installs wiseparts_segments (and
wiseparts_demo), fills it with the
bulk dataset of the demo generator
(`odoo.addons.wiseparts_demo.services.demo_data.generate(..., bulk=True)`; with --own-data,
or when the generator has no bulk mode yet, posted invoices written by plain SQL INSERTs),
then, in a fresh `odoo shell` process:

- floor: one hand-written INSERT ... SELECT (CTEs + window functions) that classifies every
  commercial customer of one ABC type (A 80 / B 15 / C 5, 12 rolling months, thresholds as
  constants) and writes the assignment rows and the history rows of a first run into two
  plain scratch tables without any constraint, index or default: the cheapest way to get
  the same answer written down;
- odoo: `compute_assignments([type], run_date)` from no assignment, as a sales
  administrator (run record, lock, flush, the statement built with odoo.tools.SQL, cache
  invalidation);
- rerun: `compute_assignments` again over the committed assignments of the first run (the
  monthly case: rows are updated, foreign keys that did not change are not checked again,
  nothing changed so no history row);

each --repeat times, alternately, every time back to the same vacuumed empty start, then
checks that the floor and Odoo wrote the same (customer, automatic segment, amount, last
purchase) rows and as many history rows. It prints the median times side by side, the ratio
(target <= 2x, stretch 1.5x) and the peak memory of that Odoo process (ru_maxrss, target
< 1 GB). The database is dropped at the end (--keep keeps it; --db never drops).
"""

import json

from _common import database, dataset_parser, print_runs, say, scaled

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
REPEAT = REPEAT_N
RUN_DATE = date(2026, 6, 30)
cr = env.cr
admin = env.ref("base.user_admin")
Type = env["wiseparts.segment.type"].with_user(admin)
segment_type = Type.create({"name": "Bench ABC", "kind": "abc", "period_months": 12,
                            "interval": "rolling"})
segments = {s.name: s.id for s in segment_type.segment_ids}
env.cr.commit()
SCRATCH = '''
CREATE TABLE bench_floor_assignment (partner_id int4, type_id int4, auto_segment_id int4,
    segment_id int4, is_override bool, eligible_amount numeric, last_purchase_date date,
    computed_at timestamp);
CREATE TABLE bench_floor_history (run_id int4, partner_id int4, segment_id int4,
    eligible_amount numeric);
'''
FLOOR = '''
WITH sales AS (
    SELECT am.commercial_partner_id AS partner_id, SUM(-aml.balance) AS amount,
           MAX(am.invoice_date) FILTER (WHERE am.move_type = 'out_invoice') AS last_date
      FROM account_move_line aml JOIN account_move am ON am.id = aml.move_id
     WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
       AND aml.company_id = %(company)s
       AND am.move_type IN ('out_invoice', 'out_refund')
       AND am.invoice_date > %(run)s::date - interval '12 months' AND am.invoice_date <= %(run)s
     GROUP BY am.commercial_partner_id
), unit AS (
    SELECT p.id, COALESCE(s.amount, 0) AS amount, s.last_date
      FROM res_partner p LEFT JOIN sales s ON s.partner_id = p.id
     WHERE p.id = p.commercial_partner_id
       AND (p.company_id IS NULL OR p.company_id = %(company)s)
       AND (p.id IN (SELECT commercial_partner_id FROM res_partner
                      WHERE customer_rank > 0 AND active)
            OR s.partner_id IS NOT NULL)
), ranked AS (
    SELECT id, amount, last_date,
           CASE WHEN amount > 0 THEN
               (SUM(amount) OVER (ORDER BY amount DESC, id ROWS UNBOUNDED PRECEDING) - amount)
               * 100 / SUM(amount) FILTER (WHERE amount > 0) OVER () END AS share
      FROM unit
), classified AS (
    SELECT id, amount, last_date,
           CASE WHEN share < 80 THEN %(a)s WHEN share < 95 THEN %(b)s
                WHEN share IS NOT NULL THEN %(c)s END AS seg
      FROM ranked
), assignment AS (
    INSERT INTO bench_floor_assignment
    SELECT id, %(type)s, seg, seg, FALSE, amount, last_date, now() FROM classified
)
INSERT INTO bench_floor_history
SELECT %(run_id)s, id, seg, amount FROM classified WHERE seg IS NOT NULL
'''
PARAMS = {"run": RUN_DATE, "type": segment_type.id, "run_id": 0,
          "company": segment_type.company_id.id,
          "a": segments["A"], "b": segments["B"], "c": segments["C"]}
SNAPSHOT = '''SELECT md5(string_agg(concat_ws(':', partner_id, auto_segment_id,
                                             eligible_amount, last_purchase_date),
                                   ',' ORDER BY partner_id)), COUNT(*)
                FROM %s WHERE type_id = %s'''

def floor():
    cr.execute(SCRATCH)
    start = time.perf_counter()
    cr.execute(FLOOR, PARAMS)
    elapsed = time.perf_counter() - start
    cr.execute(SNAPSHOT % ("bench_floor_assignment", segment_type.id))
    snapshot = cr.fetchone()
    cr.execute("SELECT COUNT(*) FROM bench_floor_history")
    return elapsed, snapshot, cr.fetchone()[0]

def odoo():
    start = time.perf_counter()
    counts = Type.compute_assignments(segment_type.ids, RUN_DATE)
    elapsed = time.perf_counter() - start
    env.flush_all()
    cr.execute(SNAPSHOT % ("wiseparts_segment_assignment", segment_type.id))
    snapshot = cr.fetchone()
    cr.execute("SELECT COUNT(*) FROM wiseparts_segment_history h"
               " JOIN wiseparts_segment_run r ON r.id = h.run_id WHERE r.type_id = %s",
               (segment_type.id,))
    return elapsed, snapshot, cr.fetchone()[0], counts

def vacuum():
    # back to the empty start, vacuumed (rolled-back rows would bloat the next runs)
    cr.execute("DELETE FROM wiseparts_segment_run WHERE type_id = %s", (segment_type.id,))
    cr.execute("DELETE FROM wiseparts_segment_assignment WHERE type_id = %s",
               (segment_type.id,))
    cr.commit()
    cr._cnx.autocommit = True
    cr.execute("VACUUM ANALYZE wiseparts_segment_assignment, wiseparts_segment_history,"
               " wiseparts_segment_run")
    cr._cnx.autocommit = False
    env.invalidate_all()

floor_times, odoo_times, rerun_times, same = [], [], [], True
for _i in range(REPEAT):
    vacuum()
    elapsed, floor_snapshot, floor_history = floor()
    floor_times.append(elapsed)
    env.cr.rollback(); env.invalidate_all()
    elapsed, odoo_snapshot, odoo_history, counts = odoo()
    odoo_times.append(elapsed)
    same = same and (floor_snapshot, floor_history) == (odoo_snapshot, odoo_history)
    env.cr.commit()  # the next month's run finds these assignments already stored
    elapsed, rerun_snapshot, rerun_history, _counts = odoo()
    rerun_times.append(elapsed)
    same = same and (rerun_snapshot, rerun_history) == (odoo_snapshot, odoo_history)
    env.cr.rollback()
vacuum()
print("BENCH-JSON " + json.dumps({
    "floor": statistics.median(floor_times), "odoo": statistics.median(odoo_times),
    "rerun": statistics.median(rerun_times),
    "floor_all": floor_times, "odoo_all": odoo_times, "rerun_all": rerun_times,
    "odoo_paired": statistics.median(o / f for o, f in zip(odoo_times, floor_times)),
    "rerun_paired": statistics.median(r / f for r, f in zip(rerun_times, floor_times)),
    "same_rows": same, "assignments": odoo_snapshot[1], "history": odoo_history,
    "counts": counts,
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main():
    parser = dataset_parser(__doc__.splitlines()[1], repeat=3)
    parser.add_argument("--own-data", action="store_true", help="SQL data, not the generator")
    args = parser.parse_args()
    sizes = scaled(FULL, args.scale)
    sizes["brands"] = max(sizes["brands"], 5)
    sizes["months"] = FULL["months"]
    measure = MEASURE.replace("REPEAT_N", str(args.repeat))
    with database("wiseparts_segments,wiseparts_demo", "seg", args.keep, args.db) as bench:
        if args.db:
            data = {"source": f"database {args.db}", "counts": "as generated"}
        else:
            say(f"generating {sizes} into {bench.name}")
            script = GENERATE.replace("SIZES_JSON", json.dumps(sizes)).replace(
                "OWN_DATA", str(args.own_data)
            )
            data = bench.shell(script, "generate.log")
            say(f"data: {data['source']} {data['counts']} in {data['seconds']} s")
        result = bench.shell(measure, "measure.log")
    ratio = result["odoo"] / result["floor"]
    print()
    scale = "" if args.db else f", scale {args.scale}"
    print(f"dataset: {data['source']}{scale}: {data['counts']}")
    print(
        f"assignments written per run: {result['assignments']}, history rows "
        f"{result['history']}, counts {result['counts']}"
    )
    rows = [
        ("SQL floor (1 statement, no constraints)", "floor"),
        ("compute_assignments (first run)", "odoo"),
        ("compute_assignments (rerun, no change)", "rerun"),
    ]
    print_runs(result, rows, 44)
    verdict = "OK" if ratio <= 1.5 else "OK (stretch 1.5x missed)" if ratio <= 2 else "MISSED"
    print(f"ratio first run / floor: {ratio:.2f}x (target <= 2x, stretch 1.5x) {verdict}")
    print(f"ratio rerun / floor: {result['rerun'] / result['floor']:.2f}x")
    print(
        f"median of the ratios of each round (floor and Odoo back to back, steadier on a "
        f"shared machine): first run {result['odoo_paired']:.2f}x, "
        f"rerun {result['rerun_paired']:.2f}x"
    )
    print(f"same rows as the floor: {result['same_rows']}")
    mem = result["maxrss_mb"]
    print(
        f"Odoo process peak memory: {mem:.0f} MB (target < 1024 MB) "
        f"{'OK' if mem < 1024 else 'MISSED'}"
    )
    if not result["same_rows"]:
        raise SystemExit("the floor and compute_assignments wrote different rows")


if __name__ == "__main__":
    main()
