"""Demo field activity: activity types with report forms, three months of visits and calls,
planned visits for the next two weeks, open follow-up tasks (``activity_plan.py`` draws
them), and the generated orders credited to the visits and calls that preceded them.

Through the ORM, one ``create(vals_list)`` per model. Done activities are created done
(as imported history: their report is complete) with the customer's segment of the visit
segment type; when the company has no segment type yet, a default ABC type "Sales
performance" is created, and the visit segment type is computed at the plan's date.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from odoo import Command

from .activity_plan import ACTIVITY_TYPES, make_activity_plan

TZ = ZoneInfo("Europe/Paris")


def _utc(local):
    """Naive UTC datetime (Odoo's storage) of a Europe/Paris wall-clock time."""
    return local.replace(tzinfo=TZ).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _activity_types(env):
    """{plan type key: activity type}, created when missing (matched by name and kind)."""
    Type = env["wiseparts.activity.type"].with_context(active_test=False)
    found = {}
    missing = []
    for key, (name, kind, duration, color, definition, required) in ACTIVITY_TYPES.items():
        existing = Type.search([("name", "=", name), ("kind", "=", kind)], limit=1)
        if existing:
            found[key] = existing
        else:
            missing.append(
                (
                    key,
                    {
                        "name": name,
                        "kind": kind,
                        "default_duration": duration,
                        "color": color,
                        "report_definition": definition,
                        "report_required": required,
                    },
                )
            )
    for (key, _vals), activity_type in zip(
        missing, Type.create([vals for _key, vals in missing]), strict=True
    ):
        found[key] = activity_type
    return found


def _visit_segment_type(env, today):
    """The company's visit segment type, computed at ``today`` (created when none)."""
    company = env.company
    segment_type = company._wiseparts_visit_segment_type()
    if not segment_type:
        segment_type = env["wiseparts.segment.type"].create(
            {"name": "Sales performance", "kind": "abc", "is_default": True}
        )
    segment_type.compute_assignments(segment_type.ids, today)
    return segment_type


def write_activities(env, plan, setup, seed=1, progress=None):
    """Create the demo activities and tasks of ``plan``; return their counts."""
    progress = progress or (lambda stage, done, total: None)
    env = env(context=dict(env.context, **setup["ctx"]))
    activity_plan = make_activity_plan(plan, seed)
    types = _activity_types(env)
    _visit_segment_type(env, plan["today"])

    refs = [c["ref"] for c in plan["customers"]]
    refs += [b["ref"] for c in plan["customers"] for b in c["branches"]]
    partner_of = {p.ref: p for p in env["res.partner"].search([("ref", "in", refs)], order="id")}
    users = [user_id for user_id, _team_id in setup["reps"]]
    vals_list = []
    for activity in activity_plan["activities"]:
        customer = plan["customers"][activity["customer"]]
        ref = (
            customer["branches"][activity["branch"]]["ref"]
            if activity["branch"] is not None
            else customer["ref"]
        )
        activity_type = types[activity["type"]]
        start = _utc(activity["start"])
        prop_names = {prop["name"] for prop in activity_type.report_definition or []}
        vals = {
            "type_id": activity_type.id,
            "partner_id": partner_of[ref].id,
            "user_id": users[activity["rep"]],
            "start": start,
            "stop": start + timedelta(hours=activity_type.default_duration or 1.0),
            "state": activity["state"],
        }
        if activity["state"] == "done":
            vals.update(
                {
                    "report": {
                        name: value
                        for name, value in activity["report"].items()
                        if name in prop_names
                    },
                    "report_summary": activity["summary"],
                    "date_done": vals["stop"],
                }
            )
        if activity["state"] == "cancelled":
            vals["cancel_reason"] = activity["cancel_reason"]
        if activity_type.kind == "call":
            vals.update(
                {
                    key: activity[key]
                    for key in ("call_direction", "call_outcome", "call_duration")
                    if key in activity
                }
            )
        vals_list.append(vals)
    activities = env["wiseparts.activity"].create(vals_list)
    progress("activities", len(activities), len(vals_list))
    activities.filtered(lambda a: a.state == "done")._set_done_segment()

    task_type = env.ref("wiseparts_activities.task_type_general", raise_if_not_found=False)
    today = plan["today"]
    tasks = env["wiseparts.task"].create(
        [
            {
                "name": task["name"],
                "user_ids": [Command.set([users[task["rep"]]])],
                "partner_id": partner_of[plan["customers"][task["customer"]]["ref"]].id,
                "activity_id": activities[task["activity"]].id,
                "type_id": task_type.id if task_type else False,
                "date_deadline": task["deadline"],
                "priority": task["priority"],
                "state": task["state"],
            }
            for task in activity_plan["tasks"]
        ]
    )
    progress("tasks", len(tasks), len(tasks))

    # the generated orders were confirmed without Odoo's confirmation step: credit them now
    first = datetime.combine(today - timedelta(days=100), datetime.min.time())
    orders = env["sale.order"].search(
        [
            ("partner_invoice_id", "in", [partner_of[c["ref"]].id for c in plan["customers"]]),
            ("state", "=", "sale"),
            ("date_order", ">=", first),
        ]
    )
    # the activities were written in this transaction: without fresh statistics PostgreSQL
    # joins them to the orders by nested loops (minutes at benchmark sizes)
    env.flush_all()
    env.cr.execute("ANALYZE wiseparts_activity")
    orders._wiseparts_attribute_activity()
    return {
        "activities": len(activities),
        "tasks": len(tasks),
        "attributed_orders": len(orders.filtered("wiseparts_activity_id")),
    }
