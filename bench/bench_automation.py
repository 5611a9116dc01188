#!/usr/bin/env python3
"""Benchmark of the automation rules on segment runs (wiseparts_activities, issue 10).

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_automation.py                  # 10,000 customers
    python3 bench/bench_automation.py --customers 2000  # quicker

It creates a throw-away database, installs wiseparts_activities, creates N customers of 10
salespeople (notified in the Odoo inbox) and a default ABC segment type without sales: every
customer gets the type's default segment. Moving the default from A to B and re-running moves
all N customers A -> B, a downgrade. In one `odoo shell` session, committing after each step
as a cron would:

- run (rule archived):   a segment run moving the N customers A -> B (the run itself);
- run (rule active):     the same move with `automation_segment_downgrade` active, plus the
                         pending-executions cron that creates the N tasks ("after the run");
- reference:             one `wiseparts.task.create(vals_list)` of the same N tasks, measured
                         before and after the automation (the machine may be shared): mean.

"Automation overhead" = (run with rule + cron) - run alone; target: <= 2x the reference.
The database is dropped at the end (--keep to keep it).

Duration: it creates the N tasks three times (reference before, cron, reference after); on the
shared 2-core machine 3,000 customers took 11 minutes (0.70x), 10,000 did not finish within
30 minutes under a load of 8-10.
"""

import argparse

from _common import database, say

MEASURE = r"""
import json
import time
from datetime import timedelta
from odoo import Command, fields

N = int(N_CUSTOMERS)
users = env["res.users"].create([
    {"name": f"Bench Rep {i}", "login": f"bench_rep_{i}", "notification_type": "inbox",
     "groups_id": [Command.link(env.ref("sales_team.group_sale_salesman").id)]}
    for i in range(10)
])
# setup only: no assignment notifications to the salespeople for 10,000 new customers
customers = env["res.partner"].with_context(tracking_disable=True).create([
    {"name": f"Bench Garage {i}", "is_company": True, "customer_rank": 1,
     "user_id": users[i % 10].id}
    for i in range(N)
])
env["wiseparts.segment.type"].search([("is_default", "=", True)]).write({"is_default": False})
abc = env["wiseparts.segment.type"].create({"name": "Bench ABC", "kind": "abc", "is_default": True})
seg_a, seg_b = abc.segment_ids.filtered(lambda s: s.name == "A"), abc.segment_ids.filtered(
    lambda s: s.name == "B")
env.cr.commit()


def set_default(segment):
    (abc.segment_ids - segment).write({"is_default": False})
    segment.is_default = True
    env.cr.commit()


def run():
    env.invalidate_all()
    start = time.perf_counter()
    abc.compute_assignments(abc.ids)
    env.cr.commit()
    return time.perf_counter() - start


def create_tasks(vals_list):
    env.invalidate_all()
    start = time.perf_counter()
    env["wiseparts.task"].create(vals_list)
    env.cr.commit()
    return time.perf_counter() - start


set_default(seg_a)
run()  # every customer in A
set_default(seg_b)
results = {"run": run()}  # A -> B, rule archived
set_default(seg_a)
run()  # back to A
# reference (before): one create() of the tasks the rule will create (same fields)
before = env["wiseparts.segment.assignment"].search(
    [("type_id", "=", abc.id), ("partner_id.user_id", "!=", False)])
today = fields.Date.context_today(env["wiseparts.task"])
ref_vals = [
    {"name": f"Segment down: {a.partner_id.display_name} A → B",
     "user_ids": [Command.set(a.partner_id.user_id.ids)],
     "date_deadline": today + timedelta(days=7), "priority": "1",
     "partner_id": a.partner_id.id, "company_id": env.company.id}
    for a in before
]
reference_before = create_tasks(ref_vals)
env["wiseparts.task"].search([]).unlink()
env.cr.commit()
rule = env.ref("wiseparts_activities.automation_segment_downgrade")
rule.active = True
set_default(seg_b)
results["run_rule"] = run()  # A -> B with the rule: stores N pending executions
start = time.perf_counter()
env["wiseparts.automation.log"]._cron_process_pending()
env.cr.commit()
results["cron"] = time.perf_counter() - start
tasks = env["wiseparts.task"].search([("name", "=like", "Segment down:%")])
results["tasks"] = len(tasks)
results["logs_done"] = env["wiseparts.automation.log"].search_count([("state", "=", "done")])
vals_list = [
    {"name": task.name, "user_ids": [Command.set(task.user_ids.ids)],
     "date_deadline": task.date_deadline, "priority": task.priority,
     "partner_id": task.partner_id.id, "company_id": task.company_id.id}
    for task in tasks
]
reference_after = create_tasks(vals_list)
# the machine is shared: the reference is the mean of one create() before and one after
results["reference"] = (reference_before + reference_after) / 2
results["reference_before"], results["reference_after"] = reference_before, reference_after
print("BENCH-JSON " + json.dumps(results))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with database("wiseparts_activities", "automation", args.keep) as bench:
        say(f"measuring {args.customers} customers moved down")
        script = MEASURE.replace("N_CUSTOMERS", str(args.customers))
        res = bench.shell(script, "measure.log", "--log-level=warn")
    # the install's own customers with a salesperson move down too (a few more tasks)
    if res["tasks"] < args.customers:
        raise SystemExit(f"expected at least {args.customers} tasks: {res['tasks']}")
    overhead = res["run_rule"] + res["cron"] - res["run"]
    ratio = overhead / res["reference"]
    print(f"\n{args.customers} customers ({res['tasks']} tasks) moved A -> B by one segment run")
    print(f"{'':<52}{'seconds':>10}")
    print(f"{'segment run, rule archived':<52}{res['run']:>10.2f}")
    print(f"{'segment run, rule active (stores the executions)':<52}{res['run_rule']:>10.2f}")
    print(f"{'pending cron (creates the tasks, logs them)':<52}{res['cron']:>10.2f}")
    print(f"{'automation overhead (run + cron - run alone)':<52}{overhead:>10.2f}")
    print(f"{'one task create() of the same tasks (reference)':<52}{res['reference']:>10.2f}")
    before, after = res["reference_before"], res["reference_after"]
    print(f"{'  (before / after)':<52}{before:>10.2f}{after:>8.2f}")
    verdict = "OK" if ratio <= 2 else "MISSED"
    print(f"ratio overhead / reference: {ratio:.2f}x (target <= 2x) {verdict}")


if __name__ == "__main__":
    main()
