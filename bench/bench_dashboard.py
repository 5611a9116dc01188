#!/usr/bin/env python3
"""Benchmark of the default manager dashboard (WiseParts ▸ Dashboard) against Odoo's Sales
Analysis pivot measured in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_dashboard.py               # issue size: 100,000 customers,
                                                   # 2,000,000 invoice lines, 500,000 activities
    python3 bench/bench_dashboard.py --scale 0.1   # 10 %
    python3 bench/bench_dashboard.py --keep        # keep the database, then
    python3 bench/bench_dashboard.py --db wp_bench_dashboard_NNN   # measure again on it

It copies the `make test` template database, installs wiseparts_activities and
wiseparts_demo, fills it with the bulk dataset of the demo generator
(`odoo.addons.wiseparts_demo.services.demo_data.generate(..., bulk=True)`, 12 months up to
today: customers, products, sale orders, invoices, the generator's visits and calls and its
demo sales manager), computes one ABC type made the company's visit segment type (visit
compliance needs it), then inserts activities by plain SQL up to the wanted number (visits
and calls, done, planned or cancelled, over the last year, calls with direction, outcome and
duration). Then, in a fresh `odoo shell` process, as the demo sales manager
(`wp.demo.manager`: all documents, call-centre manager):

- dashboard: `wiseparts.dashboard.widget_data(key, date_from, date_to)` for every widget of
  the manager's dashboard (the default manager layout), each with its own period, one after
  the other (the sum is the time the page waits for on one worker);
- reference: Odoo's Sales Analysis pivot, `sale.report.read_group` of the confirmed sales
  (its "Sales" filter) grouped by order month and salesperson, untaxed total, whole period.

Each measure is repeated (--repeat, caches invalidated each time) and the median printed,
per widget and in total, with the ratio. Target: dashboard <= 2x the pivot.
The database is dropped at the end (--keep keeps it; --db never drops).
"""

from _common import bulk_dataset, database, dataset_parser, say, scaled

FULL = {"customers": 100_000, "lines": 2_000_000, "activities": 500_000, "products": 5_000}

# after the bulk dataset (_common.bulk_dataset)
GENERATE = r"""
from odoo.addons.wiseparts_demo.services.demo_data import MANAGER
cr.execute("SELECT COUNT(*) FROM wiseparts_activity")
existing = cr.fetchone()[0]
visit = env.ref("wiseparts_activities.activity_type_visit").id
call = env.ref("wiseparts_activities.activity_type_call").id
# activities on random customers over the last year, 9:00-17:00: 60 % visits, 40 % calls;
# past ones 85 % done, 10 % cancelled, the rest planned; calls with direction and outcome
cr.execute('''
    INSERT INTO wiseparts_activity (name, type_id, kind, company_id, partner_id,
                                    commercial_partner_id, user_id, start, stop, state,
                                    date_done, call_direction, call_outcome, call_duration,
                                    create_uid, write_uid, create_date, write_date)
    SELECT CASE WHEN s.is_visit THEN 'Visit' ELSE 'Call' END,
           CASE WHEN s.is_visit THEN %(visit)s ELSE %(call)s END,
           CASE WHEN s.is_visit THEN 'visit' ELSE 'call' END,
           c.company_id, c.id, c.id, c.user_id, s.start, s.start + interval '30 minutes',
           s.state, CASE WHEN s.state = 'done' THEN s.start + interval '30 minutes' END,
           CASE WHEN NOT s.is_visit THEN (ARRAY['inbound', 'outbound'])[1 + floor(s.r * 2)::int]
           END,
           CASE WHEN NOT s.is_visit AND s.state = 'done'
                THEN (ARRAY['answered', 'answered', 'answered', 'no_answer', 'missed',
                            'voicemail'])[1 + floor(s.r * 6)::int] END,
           CASE WHEN NOT s.is_visit AND s.state = 'done' THEN floor(s.r * 600)::int END,
           %(uid)s, %(uid)s, now(), now()
      FROM (SELECT 1 + floor(random() * %(n)s)::int AS n, random() < 0.6 AS is_visit,
                   random() AS r,
                   CASE WHEN random() < 0.85 THEN 'done'
                        WHEN random() < 0.67 THEN 'cancelled' ELSE 'planned' END AS state,
                   %(today)s::timestamp - make_interval(days => floor(random() * 365)::int)
                       + make_interval(hours => 9 + floor(random() * 8)::int) AS start
              FROM generate_series(1, greatest(%(wanted)s - %(existing)s, 0))) s
      JOIN bench_customer c ON c.n = s.n''',
    {"visit": visit, "call": call, "uid": admin.id, "n": n_customers, "today": TODAY,
     "wanted": SIZES["activities"], "existing": existing})
inserted = cr.rowcount
cr.execute("ANALYZE")
env.cr.commit()
counts["activities"] = existing + inserted
counts["commercial_customers"] = n_customers
print("BENCH-JSON " + json.dumps({"counts": counts, "manager": MANAGER["login"],
                                  "seconds": round(time.perf_counter() - started, 1)}))
"""

MEASURE = r"""
import json, statistics, time
REPEAT = REPEAT_N
manager = env["res.users"].search([("login", "=", "MANAGER_LOGIN")])
uenv = env(user=manager, context={"lang": "en_US", "tz": "Europe/Paris"})
page = uenv["wiseparts.dashboard.layout"].get_user_dashboard()
items = page["items"]
Dashboard = uenv["wiseparts.dashboard"]
SaleReport = uenv["sale.report"]
domain = [("state", "not in", ("draft", "cancel", "sent"))]

def widgets():
    times = {}
    for item in items:
        uenv.invalidate_all()
        start = time.perf_counter()
        Dashboard.widget_data(item["widget_key"], item["date_from"], item["date_to"])
        times[item["widget_key"]] = time.perf_counter() - start
    return times

def pivot():
    uenv.invalidate_all()
    start = time.perf_counter()
    groups = SaleReport.read_group(domain, ["price_subtotal:sum"], ["date:month", "user_id"],
                                   lazy=False)
    return time.perf_counter() - start, len(groups)

widgets(); pivot()  # warm up
widget_runs, pivot_runs = [], []
for _i in range(REPEAT):
    widget_runs.append(widgets())
    elapsed, n_groups = pivot()
    pivot_runs.append(elapsed)
env.cr.rollback()
per_widget = {key: statistics.median(run[key] for run in widget_runs) for key in widget_runs[0]}
print("BENCH-JSON " + json.dumps({
    "items": [[i["widget_key"], i["date_from"], i["date_to"]] for i in items],
    "per_widget": per_widget,
    "total": statistics.median(sum(run.values()) for run in widget_runs),
    "total_all": [sum(run.values()) for run in widget_runs],
    "pivot": statistics.median(pivot_runs), "pivot_all": pivot_runs, "pivot_groups": n_groups,
    "user": manager.login,
}))
"""


def main():
    parser = dataset_parser(__doc__.splitlines()[1], repeat=5)
    args = parser.parse_args()
    sizes = scaled(FULL, args.scale)
    measure = MEASURE.replace("REPEAT_N", str(args.repeat))
    addons = "wiseparts_activities,wiseparts_demo"
    with database(addons, "dashboard", args.keep, args.db) as bench:
        if args.db:
            data = {"counts": f"database {args.db}", "seconds": 0, "manager": "wp.demo.manager"}
            args.scale = "as generated"
        else:
            say(f"generating {sizes} into {bench.name}")
            script = bulk_dataset(sizes, "date.today()", "Bench dashboard ABC", GENERATE)
            data = bench.shell(script, "generate.log")
            say(f"data: {data['counts']} in {data['seconds']} s")
        result = bench.shell(measure.replace("MANAGER_LOGIN", data["manager"]), "measure.log")
    print()
    print(f"dataset: scale {args.scale}: {data['counts']}")
    print(f"user: {result['user']}; median of {args.repeat} runs")
    for key, date_from, date_to in result["items"]:
        print(f"  widget {key:<24} {date_from} .. {date_to} {result['per_widget'][key]:>9.3f} s")
    runs = ", ".join(f"{t:.3f}" for t in result["total_all"])
    print(f"{'dashboard, all widgets':<54}{result['total']:>9.3f} s   ({runs})")
    runs = ", ".join(f"{t:.3f}" for t in result["pivot_all"])
    print(
        f"{'Sales Analysis pivot (month x salesperson)':<54}{result['pivot']:>9.3f} s   ({runs})"
        f"  {result['pivot_groups']} cells"
    )
    ratio = result["total"] / result["pivot"]
    print(
        f"ratio dashboard / pivot: {ratio:.2f}x (target <= 2x) {'OK' if ratio <= 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
