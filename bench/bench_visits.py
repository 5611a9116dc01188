#!/usr/bin/env python3
"""Benchmark of the visit planning of wiseparts_activities against references measured in
the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_visits.py                # issue size: 100,000 customers,
                                                 # 500,000 done visits
    python3 bench/bench_visits.py --scale 0.2    # 20 %: 20,000 customers, 100,000 visits
    python3 bench/bench_visits.py --keep         # keep the database, then
    python3 bench/bench_visits.py --db wp_bench_visits_NNN   # measure again on it

It copies the `make test` template database, installs wiseparts_activities and
wiseparts_demo, fills it with the bulk dataset of the demo generator
(`odoo.addons.wiseparts_demo.services.demo_data.generate(..., bulk=True)`: customers,
products, invoices), computes one ABC type made the company's visit segment type (A every
14 days, B 30, C 90), then inserts the done visits by plain SQL (dates spread over the last
year, on random customers). Then, in a fresh `odoo shell` process:

1. Visit dates of every customer after a segment run:
   - floor: ONE hand-written `UPDATE scratch SET ... FROM (SELECT ...)` computing the same
     last visit date, visit frequency and next visit date of every commercial customer into
     a scratch table without constraint nor index (the type id a constant, no company
     logic, no change detection);
   - odoo: `res.partner._wiseparts_update_visit_dates()` (what a segment run calls) with
     every customer's schedule row emptied (every row written), then again with nothing
     changed (the usual monthly case); once more, for information, as a first run ever (no
     schedule rows: rows inserted, customers linked to them);
   checks both wrote the same dates. Target: first compute <= 2x the floor.
2. Visits to plan, first page (80 rows): `web_search_read` with the fields of its list
   view, its default filter (due within 7 days) and order, as a sales manager; reference:
   Odoo's own customer list (`base.view_partner_tree` fields, customers, default order),
   same size, same user. Target <= 1.5x.

Each measure is repeated (--repeat) and the median printed with the ratio. The database is
dropped at the end (--keep keeps it; --db never drops).
"""

from _common import bulk_dataset, database, dataset_parser, print_runs, say, scaled

FULL = {"customers": 100_000, "visits": 500_000, "lines": 500_000, "products": 5_000}

# after the bulk dataset (_common.bulk_dataset)
GENERATE = r"""
visit_type = env.ref("wiseparts_activities.activity_type_visit")
# done visits on random customers (some never visited), over the last year, 9:00-17:00
cr.execute('''
    INSERT INTO wiseparts_activity (name, type_id, kind, company_id, partner_id,
                                    commercial_partner_id, user_id, start, stop, state,
                                    date_done, create_uid, write_uid, create_date, write_date)
    SELECT 'Visit', %(type)s, 'visit', c.company_id, c.id, c.id, c.user_id, s.start,
           s.start + interval '1 hour', 'done', s.start + interval '1 hour', %(uid)s, %(uid)s,
           now(), now()
      FROM (SELECT 1 + floor(random() * %(n)s * 0.9)::int AS n,
                   %(today)s::timestamp - make_interval(days => floor(random() * 365)::int)
                       + make_interval(hours => 9 + floor(random() * 8)::int) AS start
              FROM generate_series(1, %(visits)s)) s
      JOIN bench_customer c ON c.n = s.n''',
    {"type": visit_type.id, "uid": admin.id, "n": n_customers, "today": TODAY,
     "visits": SIZES["visits"]})
visits = cr.rowcount
# a second run: customers' visit dates as after any run
abc.compute_assignments(abc.ids, TODAY)
cr.execute("ANALYZE")
env.cr.commit()
counts["done_visits"] = visits
counts["commercial_customers"] = n_customers
print("BENCH-JSON " + json.dumps({"counts": counts, "type_id": abc.id,
                                  "seconds": round(time.perf_counter() - started, 1)}))
"""

MEASURE = r"""
import json, statistics, time
from odoo.addons.wiseparts_base.tests.common import view_specification
REPEAT = REPEAT_N
cr = env.cr
Partner = env["res.partner"]
company = env.company
type_id = company._wiseparts_visit_segment_type().id
COLS = "last_visit_date, visit_every_days, next_visit_date"

def vacuum():
    cr.commit()
    cr._cnx.autocommit = True
    cr.execute("VACUUM ANALYZE res_partner")
    cr.execute("VACUUM ANALYZE wiseparts_visit_schedule")  # the table written
    cr._cnx.autocommit = False
    env.invalidate_all()

def clear():
    # every customer's figures change: its schedule row emptied (rows and links kept)
    cr.execute("UPDATE wiseparts_visit_schedule SET last_visit_date = NULL, "
               "visit_every_days = NULL, next_visit_date = NULL, segment_id = NULL, "
               "segment_priority = NULL, sales_rank = NULL")
    vacuum()

def clear_all():
    # the first run ever: no schedule row, no link on the customers
    cr.execute("UPDATE res_partner SET visit_schedule_id = NULL "
               "WHERE visit_schedule_id IS NOT NULL")
    cr.execute("DELETE FROM wiseparts_visit_schedule")
    vacuum()

FLOOR = '''
UPDATE bench_floor f
   SET last_visit_date = w.last_visit_date, visit_every_days = w.every,
       next_visit_date = w.next_visit_date
  FROM (
    SELECT p.id, v.last_visit_date, NULLIF(s.visit_every_days, 0) AS every,
           CASE WHEN s.visit_every_days > 0 THEN
                COALESCE(v.last_visit_date + s.visit_every_days, g.got_date,
                         p.create_date::date) END AS next_visit_date
      FROM res_partner p
      LEFT JOIN wiseparts_segment_assignment a ON a.partner_id = p.id AND a.type_id = %(type)s
      LEFT JOIN wiseparts_segment s ON s.id = a.segment_id
      LEFT JOIN (SELECT commercial_partner_id AS id, MAX(start)::date AS last_visit_date
                   FROM wiseparts_activity WHERE kind = 'visit' AND state = 'done'
                  GROUP BY commercial_partner_id) v ON v.id = p.id
      LEFT JOIN (SELECT h.partner_id AS id, MAX(r.run_date) AS got_date
                   FROM wiseparts_segment_history h
                   JOIN wiseparts_segment_run r ON r.id = h.run_id AND r.type_id = %(type)s
                   JOIN wiseparts_segment_assignment a2 ON a2.partner_id = h.partner_id
                        AND a2.type_id = %(type)s AND a2.segment_id = h.segment_id
                  GROUP BY h.partner_id) g ON g.id = p.id
     WHERE p.id = p.commercial_partner_id
  ) w
 WHERE f.id = w.id
'''

def floor():
    cr.execute("CREATE TABLE bench_floor (id int4, last_visit_date date, visit_every_days int4,"
               " next_visit_date date)")
    cr.execute("INSERT INTO bench_floor (id) SELECT id FROM res_partner "
               "WHERE id = commercial_partner_id")
    cr.execute("ANALYZE bench_floor")
    start = time.perf_counter()
    cr.execute(FLOOR, {"type": type_id})
    elapsed = time.perf_counter() - start
    cr.execute(f"SELECT md5(string_agg(concat_ws(':', id, {COLS}), ',' ORDER BY id)) "
               "FROM bench_floor WHERE next_visit_date IS NOT NULL OR last_visit_date IS NOT NULL")
    return elapsed, cr.fetchone()[0]

def odoo():
    start = time.perf_counter()
    Partner._wiseparts_update_visit_dates()
    elapsed = time.perf_counter() - start
    # through the customers' links to their schedule rows
    cr.execute("SELECT md5(string_agg(concat_ws(':', p.id, s.last_visit_date, "
               "s.visit_every_days, s.next_visit_date), ',' ORDER BY p.id)) "
               "FROM res_partner p JOIN wiseparts_visit_schedule s ON s.id = p.visit_schedule_id "
               "WHERE p.id = p.commercial_partner_id "
               "AND (s.next_visit_date IS NOT NULL OR s.last_visit_date IS NOT NULL)")
    return elapsed, cr.fetchone()[0]

floor_t, cold_t, warm_t, same = [], [], [], True
for _i in range(REPEAT):
    clear()
    elapsed, floor_md5 = floor()
    floor_t.append(elapsed)
    cr.rollback()
    vacuum()
    elapsed, odoo_md5 = odoo()
    cold_t.append(elapsed)
    same = same and floor_md5 == odoo_md5
    cr.commit()
    elapsed, warm_md5 = odoo()
    warm_t.append(elapsed)
    same = same and warm_md5 == odoo_md5
    cr.commit()
cr.execute("SELECT COUNT(*) FROM wiseparts_visit_schedule WHERE next_visit_date IS NOT NULL")
with_next = cr.fetchone()[0]
clear_all()
first_t, first_md5 = odoo()
same = same and first_md5 == odoo_md5
cr.commit()
vacuum()

# Visits to plan, first page, vs Odoo's customer list, as a sales manager
manager = env["res.users"].search(
    [("groups_id", "in", env.ref("sales_team.group_sale_salesman_all_leads").id),
     ("groups_id", "not in", env.ref("sales_team.group_sale_manager").id),
     ("share", "=", False)], limit=1) or env.ref("base.user_admin")
uenv = env(user=manager, context={"lang": "en_US", "tz": "Europe/Paris"})
P = uenv["res.partner"]
plan_view = env.ref("wiseparts_activities.res_partner_view_list_visits_to_plan")
_arch, plan_spec = view_specification(uenv, "res.partner", plan_view.id, "list")
plan_order = _arch.get("default_order")
plan_domain = [("next_visit_date", "!=", False), ("visit_days_overdue", ">=", -7)]
ref_view = env.ref("base.view_partner_tree")
_arch, ref_spec = view_specification(uenv, "res.partner", ref_view.id, "list")
ref_domain = [("customer_rank", ">", 0)]

def page(domain, spec, order):
    uenv.invalidate_all()
    start = time.perf_counter()
    result = P.web_search_read(domain, spec, limit=80, order=order, count_limit=10001)
    elapsed = time.perf_counter() - start
    return elapsed, len(result["records"]), result["length"]

for _i in range(3):  # warm up both
    page(plan_domain, plan_spec, plan_order); page(ref_domain, ref_spec, None)
plan_t, ref_t = [], []
for _i in range(REPEAT * 5):
    elapsed, plan_rows, plan_len = page(plan_domain, plan_spec, plan_order)
    plan_t.append(elapsed)
    elapsed, ref_rows, ref_len = page(ref_domain, ref_spec, None)
    ref_t.append(elapsed)
cr.rollback()
print("BENCH-JSON " + json.dumps({
    "floor": statistics.median(floor_t), "cold": statistics.median(cold_t),
    "warm": statistics.median(warm_t), "floor_all": floor_t, "cold_all": cold_t,
    "warm_all": warm_t, "first": first_t, "same": same, "with_next": with_next,
    "plan": statistics.median(plan_t), "ref": statistics.median(ref_t),
    "plan_rows": plan_rows, "plan_len": plan_len, "ref_rows": ref_rows, "ref_len": ref_len,
    "user": manager.login,
}))
"""


def main():
    parser = dataset_parser(__doc__.splitlines()[1], repeat=3)
    args = parser.parse_args()
    sizes = scaled(FULL, args.scale)
    measure = MEASURE.replace("REPEAT_N", str(args.repeat))
    with database("wiseparts_activities,wiseparts_demo", "visits", args.keep, args.db) as bench:
        if args.db:
            data = {"counts": f"database {args.db}", "seconds": 0}
        else:
            say(f"generating {sizes} into {bench.name}")
            script = bulk_dataset(sizes, "date(2026, 6, 30)", "Bench visits ABC", GENERATE)
            data = bench.shell(script, "generate.log")
            say(f"data: {data['counts']} in {data['seconds']} s")
        result = bench.shell(measure, "measure.log")
    print()
    print(f"dataset: scale {args.scale}: {data['counts']}")
    print(f"customers with a next visit date: {result['with_next']}")
    rows = [
        ("SQL floor (UPDATE scratch FROM (SELECT ...))", "floor"),
        ("_wiseparts_update_visit_dates (every row)", "cold"),
        ("_wiseparts_update_visit_dates (no change)", "warm"),
    ]
    print_runs(result, rows, 52)
    ratio = result["cold"] / result["floor"]
    print(
        f"ratio visit dates / floor: {ratio:.2f}x (target <= 2x) {'OK' if ratio <= 2 else 'MISSED'}"
    )
    print(f"ratio visit dates, no change / floor: {result['warm'] / result['floor']:.2f}x")
    print(
        f"first run ever (no schedule row yet, customers linked once): {result['first']:.3f} s"
        f" = {result['first'] / result['floor']:.2f}x the floor (once per customer, no target)"
    )
    print(f"same dates as the floor: {result['same']}")
    page_ratio = result["plan"] / result["ref"]
    print(
        f"Visits to plan first page ({result['plan_rows']} rows of {result['plan_len']}): "
        f"{result['plan'] * 1000:.1f} ms; Odoo's customer list ({result['ref_rows']} rows of "
        f"{result['ref_len']}): {result['ref'] * 1000:.1f} ms (user {result['user']})"
    )
    print(
        f"ratio Visits to plan / customer list: {page_ratio:.2f}x (target <= 1.5x) "
        f"{'OK' if page_ratio <= 1.5 else 'MISSED'}"
    )
    if not result["same"]:
        raise SystemExit("the floor and _wiseparts_update_visit_dates wrote different dates")


if __name__ == "__main__":
    main()
