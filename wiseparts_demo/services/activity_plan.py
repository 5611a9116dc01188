"""The plan of the demo field activity: visits, calls and tasks, as plain data.

No Odoo import. ``make_activity_plan(plan, seed)`` draws, for the customers of a demo
``plan`` (see ``plan.py``), three months of past visits and calls with their reports (most
done, a few cancelled), the visits planned for the next two weeks and the open follow-up
tasks, from its own ``random.Random`` (the customer and order plan is not disturbed).
Times are local (Europe/Paris) wall-clock times; the writer converts them to UTC.
"""

import random
from datetime import datetime, timedelta

PAST_DAYS = 91
FUTURE_DAYS = 14
# activities are planned for the first customers only: benchmark sizes stay quick to load
MAX_CUSTOMERS = 1000

COMPETITORS = [
    ("bosch", "Bosch", 1),
    ("valeo", "Valeo", 2),
    ("brembo", "Brembo", 3),
    ("febi", "Febi Bilstein", 4),
    ("trw", "TRW", 5),
]

# key -> (name, kind, default duration (hours), color, report definition, required names)
ACTIVITY_TYPES = {
    "prospecting": (
        "Prospecting visit",
        "visit",
        1.5,
        7,
        [
            {
                "name": "competitors",
                "string": "Competitor brands seen",
                "type": "tags",
                "tags": [list(tag) for tag in COMPETITORS],
            },
            {"name": "stock_checked", "string": "Stock checked", "type": "boolean"},
            {"name": "next_step", "string": "Next step", "type": "char"},
        ],
        ["next_step"],
    ),
    "review": (
        "Account review visit",
        "visit",
        1.0,
        10,
        [
            {
                "name": "order_potential",
                "string": "Order potential",
                "type": "selection",
                "selection": [["low", "Low"], ["medium", "Medium"], ["high", "High"]],
            },
            {"name": "stock_checked", "string": "Stock checked", "type": "boolean"},
            {
                "name": "competitors",
                "string": "Competitor brands seen",
                "type": "tags",
                "tags": [list(tag) for tag in COMPETITORS],
            },
            {"name": "next_step", "string": "Next step", "type": "char"},
        ],
        ["order_potential", "next_step"],
    ),
    "call": (
        "Follow-up call",
        "call",
        0.25,
        4,
        [
            {
                "name": "topic",
                "string": "Topic",
                "type": "selection",
                "selection": [
                    ["order", "Order"],
                    ["prices", "Prices"],
                    ["delivery", "Delivery"],
                    ["complaint", "Complaint"],
                ],
            },
            {"name": "call_back", "string": "Call back", "type": "boolean"},
        ],
        ["topic"],
    ),
}

NEXT_STEPS = [
    "Send the brake parts offer",
    "Bring the new filters catalogue",
    "Call back about the clutch kit prices",
    "Propose a stock of fast movers",
    "Organise a training on the new batteries",
    "Check the delivery delays with logistics",
]
SUMMARIES = [
    "Met the workshop manager; stock of brake pads is low.",
    "Presented the monthly promotions; interested in lubricants.",
    "Reviewed the open orders and the returns of last month.",
    "Competitor visited last week with aggressive prices.",
    "New mechanic hired; more vehicles per day expected.",
    "Customer happy with deliveries, asks for a better discount.",
]
CANCEL_REASONS = ["Customer closed for the day", "Manager absent", "Rescheduled by phone"]
TASK_SUBJECTS = [
    "Send the offer to {customer}",
    "Prepare the price list for {customer}",
    "Check the open delivery of {customer}",
    "Follow up the return of {customer}",
]


def _working_day(day):
    """Monday for a Saturday or Sunday."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _at(day, rnd, first_hour, last_hour):
    return datetime.combine(day, datetime.min.time()) + timedelta(
        hours=rnd.randint(first_hour, last_hour), minutes=rnd.choice([0, 15, 30, 45])
    )


def _visit(rnd, customer_idx, customer, rep, when, type_key, today):
    branch = None
    if customer["branches"] and rnd.random() < 0.3:
        branch = rnd.randrange(len(customer["branches"]))
        rep = customer["branches"][branch]["rep"]
    activity = {
        "customer": customer_idx,
        "branch": branch,
        "rep": rep,
        "type": type_key,
        "start": when,
        "state": "planned",
    }
    if when.date() < today:
        if rnd.random() < 0.06:
            activity.update(state="cancelled", cancel_reason=rnd.choice(CANCEL_REASONS))
        else:
            report = {
                "stock_checked": rnd.random() < 0.6,
                "competitors": sorted(
                    rnd.sample([tag[0] for tag in COMPETITORS], rnd.randint(0, 2))
                ),
                "next_step": rnd.choice(NEXT_STEPS),
            }
            if type_key == "review":
                report["order_potential"] = rnd.choice(["low", "medium", "medium", "high"])
            activity.update(state="done", report=report, summary=rnd.choice(SUMMARIES))
    return activity


def _call(rnd, customer_idx, customer, when):
    outcome = rnd.choices(["answered", "no_answer", "voicemail", "busy"], [70, 12, 12, 6])[0]
    return {
        "customer": customer_idx,
        "branch": None,
        "rep": customer["rep"],
        "type": "call",
        "start": when,
        "state": "done",
        "report": {
            "topic": rnd.choice(["order", "order", "prices", "delivery", "complaint"]),
            "call_back": outcome != "answered" or rnd.random() < 0.2,
        },
        "summary": rnd.choice(SUMMARIES) if outcome == "answered" else False,
        "call_direction": "outbound" if rnd.random() < 0.75 else "inbound",
        "call_outcome": outcome,
        "call_duration": rnd.randint(60, 900) if outcome == "answered" else 0,
    }


def make_activity_plan(plan, seed=1):
    """Activities and tasks for ``plan``; identical for an identical plan and seed."""
    rnd = random.Random(f"wiseparts-demo-activities-{seed}")
    today = plan["today"]
    first_day = today - timedelta(days=PAST_DAYS)
    last_day = today + timedelta(days=FUTURE_DAYS)
    activities = []
    for idx, customer in enumerate(plan["customers"][:MAX_CUSTOMERS]):
        rep = customer["rep"]
        if not customer["size"]:
            # potential customers: a prospecting visit done or planned for some of them
            if rnd.random() < 0.35:
                day = _working_day(first_day + timedelta(days=rnd.randrange(PAST_DAYS)))
                if day < today:
                    activities.append(
                        _visit(rnd, idx, customer, rep, _at(day, rnd, 8, 16), "prospecting", today)
                    )
            elif rnd.random() < 0.2:
                day = _working_day(today + timedelta(days=rnd.randint(1, FUTURE_DAYS)))
                activities.append(
                    _visit(rnd, idx, customer, rep, _at(day, rnd, 8, 16), "prospecting", today)
                )
            continue
        # current customers: the bigger, the more often visited
        every = 14 if customer["size"] >= 3 else 28 if customer["size"] >= 1.5 else 45
        day = first_day + timedelta(days=rnd.randrange(every))
        while day <= last_day:
            visit_day = _working_day(day)
            if visit_day != today and visit_day <= last_day:
                activities.append(
                    _visit(rnd, idx, customer, rep, _at(visit_day, rnd, 8, 16), "review", today)
                )
            day += timedelta(days=every + rnd.randint(-3, 3))
        day = first_day + timedelta(days=rnd.randrange(21))
        while day < today:
            call_day = _working_day(day)
            if call_day < today:
                activities.append(_call(rnd, idx, customer, _at(call_day, rnd, 9, 17)))
            day += timedelta(days=rnd.randint(12, 30))
    activities.sort(key=lambda a: (a["start"], a["customer"], a["type"]))

    tasks = []
    for act_idx, activity in enumerate(activities):
        if activity["state"] != "done" or activity["type"] == "call":
            continue
        if (today - activity["start"].date()).days > 30 or rnd.random() > 0.3:
            continue
        customer = plan["customers"][activity["customer"]]
        tasks.append(
            {
                "activity": act_idx,
                "customer": activity["customer"],
                "rep": activity["rep"],
                "name": rnd.choice(TASK_SUBJECTS).format(customer=customer["name"]),
                "deadline": activity["start"].date() + timedelta(days=rnd.randint(3, 14)),
                "priority": rnd.choice(["0", "1", "1", "2", "3"]),
                "state": rnd.choice(["open", "open", "in_progress"]),
            }
        )
    return {"activities": activities, "tasks": tasks}
