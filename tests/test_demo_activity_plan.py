"""Pure-Python tests of the demo activity plan (wiseparts_demo/services/activity_plan.py,
loaded by path with plan.py: no Odoo needed)."""

import importlib.util
import sys
from datetime import date, timedelta
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[1] / "wiseparts_demo" / "services"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


plan_module = _load("wp_demo_plan", SERVICES / "plan.py")
activity_plan = _load("wp_demo_activity_plan", SERVICES / "activity_plan.py")
TODAY = date(2025, 6, 15)


def _plan(seed=1):
    plan = plan_module.make_plan(seed, 60, 30, 4, 600, 5, TODAY)
    return plan, activity_plan.make_activity_plan(plan, seed)


def test_same_seed_same_activities_other_seed_other_activities():
    assert _plan(1)[1] == _plan(1)[1]
    assert _plan(1)[1]["activities"] != _plan(2)[1]["activities"]


def test_three_months_back_two_weeks_ahead_on_working_days():
    result = _plan()[1]
    activities = result["activities"]
    past = [a for a in activities if a["start"].date() < TODAY]
    future = [a for a in activities if a["start"].date() > TODAY]
    assert past and future
    assert len(past) + len(future) == len(activities), "nothing today"
    assert min(a["start"].date() for a in activities) >= TODAY - timedelta(days=91)
    assert max(a["start"].date() for a in activities) <= TODAY + timedelta(days=16)
    assert all(a["start"].weekday() < 5 for a in activities)
    assert {a["state"] for a in past} == {"done", "cancelled"}
    assert {a["state"] for a in future} == {"planned"}
    assert {a["type"] for a in future} <= {"review", "prospecting"}
    assert all(a["cancel_reason"] for a in past if a["state"] == "cancelled")


def test_reports_fill_the_required_fields():
    result = _plan()[1]
    for activity in result["activities"]:
        if activity["state"] != "done":
            continue
        _name, _kind, _hours, _color, definition, required = activity_plan.ACTIVITY_TYPES[
            activity["type"]
        ]
        names = {prop["name"] for prop in definition}
        assert set(required) <= set(activity["report"]) <= names
        assert all(activity["report"][name] for name in required)


def test_bigger_customers_are_visited_more_often():
    plan, result = _plan()
    visits = {}
    for activity in result["activities"]:
        if activity["type"] == "review":
            visits[activity["customer"]] = visits.get(activity["customer"], 0) + 1
    big = [i for i, c in enumerate(plan["customers"]) if c["size"] >= 3]
    small = [i for i, c in enumerate(plan["customers"]) if 0 < c["size"] < 1.5]
    assert big and small
    assert min(visits.get(i, 0) for i in big) > max(visits.get(i, 0) for i in small) - 1


def test_open_tasks_follow_recent_done_visits():
    result = _plan()[1]
    activities = result["activities"]
    assert result["tasks"]
    for task in result["tasks"]:
        activity = activities[task["activity"]]
        assert activity["state"] == "done" and activity["type"] != "call"
        assert task["customer"] == activity["customer"]
        assert task["state"] in ("open", "in_progress")
        assert (TODAY - activity["start"].date()).days <= 30
