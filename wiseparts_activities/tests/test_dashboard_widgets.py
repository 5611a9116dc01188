from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ActivitiesCommon

PERIOD = ("2025-05-01", "2025-05-31")


@tagged("post_install", "-at_install")
class TestDashboardWidgets(ActivitiesCommon):
    """The activities' dashboard widgets count what the user may see: a rep their own
    activities (and their customers'), a manager everyone's; each figure opens its records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.wiseparts_attribution_days = 14
        cls.env.company.wiseparts_visit_segment_type_id = False
        cls.Dashboard = cls.env["wiseparts.dashboard"]
        cls.type_event = cls.env.ref("wiseparts_activities.activity_type_event")
        cls.cc_manager = new_test_user(
            cls.env,
            login="wp_dash_cc_manager",
            groups="wiseparts_activities.group_callcenter_manager",
            name="Carla Centre",
        )
        cls.operator = new_test_user(
            cls.env,
            login="wp_dash_operator",
            groups="wiseparts_activities.group_callcenter_operator",
            name="Olga Operator",
        )
        # Rita (c1, c2): visit done, visit planned, call cancelled, event planned;
        # Oscar (c3): visit done, call done; one visit outside the period
        specs = [
            ("rita_visit_done", cls.c1, cls.user_rep, cls.type_visit, "2025-05-05 09:00:00"),
            ("rita_visit_planned", cls.c2, cls.user_rep, cls.type_visit, "2025-05-20 09:00:00"),
            ("rita_call_cancelled", cls.c1, cls.user_rep, cls.type_call, "2025-05-06 10:00:00"),
            ("rita_event", cls.c1, cls.user_rep, cls.type_event, "2025-05-31 21:00:00"),
            ("oscar_visit_done", cls.c3, cls.user_rep2, cls.type_visit, "2025-05-07 09:00:00"),
            ("oscar_call_done", cls.c3, cls.user_rep2, cls.type_call, "2025-05-08 09:00:00"),
            ("rita_outside", cls.c1, cls.user_rep, cls.type_visit, "2025-06-01 00:00:00"),
        ]
        cls.acts = {}
        for name, partner, user, activity_type, start in specs:
            cls.acts[name] = cls._activity(partner, user, start=start, type_id=activity_type.id)
        for name in ("rita_visit_done", "oscar_visit_done", "oscar_call_done"):
            with freeze_time(cls.acts[name].start):
                cls.acts[name].action_done()
        cls.acts["rita_call_cancelled"].cancel_reason = "Customer closed"
        cls.acts["rita_call_cancelled"].action_cancel()
        # orders: c1 after Rita's visit (100), c3 after Oscar's visit (300)
        for partner, user, amount, when in [
            (cls.c1, cls.user_rep, 100.0, "2025-05-06 10:00:00"),
            (cls.c3, cls.user_rep2, 300.0, "2025-05-07 15:00:00"),
        ]:
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "price_unit": amount, "tax_id": False}
                        )
                    ],
                }
            )
            with freeze_time(when):
                order.with_user(user).action_confirm()
        # tasks: Rita's open overdue, Rita's closed, Oscar's open
        Task = cls.env["wiseparts.task"]
        cls.task_rita_overdue = Task.create(
            {
                "name": "Send offer",
                "user_ids": [Command.set(cls.user_rep.ids)],
                "partner_id": cls.c1.id,
                "date_deadline": date(2025, 1, 10),
            }
        )
        cls.task_rita_closed = Task.create(
            {"name": "Old", "user_ids": [Command.set(cls.user_rep.ids)], "partner_id": cls.c1.id}
        )
        cls.task_rita_closed.write({"state": "closed"})
        cls.task_oscar = Task.create(
            {
                "name": "Oscar's",
                "user_ids": [Command.set(cls.user_rep2.ids)],
                "partner_id": cls.c3.id,
            }
        )
        cls.env.flush_all()

    def _data(self, user, key, period=PERIOD):
        return self.Dashboard.with_user(user).widget_data(key, *period)

    def _records(self, user, action):
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def _kpis(self, data):
        return {kpi["label"]: kpi for kpi in data["kpis"]}

    # -- catalogue -------------------------------------------------------
    def test_widgets_listed(self):
        def keys(user):
            return {w["key"] for w in self.Dashboard.with_user(user).widgets()}

        for user in (self.user_rep, self.user_manager, self.operator):
            self.assertTrue({"activity_metrics", "revenue_after_visits"} <= keys(user))
            self.assertNotIn("call_center", keys(user), user.name)
        self.assertIn("call_center", keys(self.cc_manager))
        self.assertFalse(keys(self.user_internal))
        with self.assertRaises(AccessError):
            self._data(self.user_rep, "call_center")
        with self.assertRaises(AccessError):
            self._data(self.user_internal, "activity_metrics")

    # -- activity_metrics ------------------------------------------------
    def _activity_table(self, data):
        return {row["values"][0]: row["values"][1:] for row in data["table"]["rows"]}

    def test_activity_metrics_rep(self):
        data = self._data(self.user_rep, "activity_metrics")
        # planned, done, cancelled, total
        self.assertEqual(
            self._activity_table(data),
            {"Visit": [1, 1, 0, 2], "Call": [0, 0, 1, 1], "Event": [1, 0, 0, 1]},
        )
        kpis = self._kpis(data)
        self.assertEqual(kpis["Done"]["value"], 1)
        self.assertEqual(
            self._records(self.user_rep, kpis["Done"]["action"]), self.acts["rita_visit_done"]
        )
        self.assertEqual(
            self._records(self.user_rep, kpis["Planned"]["action"]),
            self.acts["rita_visit_planned"] | self.acts["rita_event"],
        )
        cell = data["table"]["rows"][1]["actions"][3]  # calls cancelled
        self.assertEqual(self._records(self.user_rep, cell), self.acts["rita_call_cancelled"])
        self.assertNotIn(self.acts["rita_outside"], self._records(self.user_rep, data["action"]))
        # tasks: open now (any deadline), overdue; only what the rep may see
        open_tasks = self._records(self.user_rep, kpis["Open tasks"]["action"])
        self.assertEqual(kpis["Open tasks"]["value"], len(open_tasks))
        self.assertIn(self.task_rita_overdue, open_tasks)
        self.assertNotIn(self.task_rita_closed, open_tasks)
        self.assertNotIn(self.task_oscar, open_tasks)
        overdue = self._records(self.user_rep, kpis["Overdue tasks"]["action"])
        self.assertEqual(kpis["Overdue tasks"]["value"], len(overdue))
        self.assertIn(self.task_rita_overdue, overdue)
        self.assertTrue(all(task.is_overdue for task in overdue))

    def test_activity_metrics_manager(self):
        data = self._data(self.user_manager, "activity_metrics")
        self.assertEqual(
            self._activity_table(data),
            {"Visit": [1, 2, 0, 3], "Call": [0, 1, 1, 2], "Event": [1, 0, 0, 1]},
        )
        kpis = self._kpis(data)
        self.assertEqual(
            (kpis["Planned"]["value"], kpis["Done"]["value"], kpis["Cancelled"]["value"]),
            (2, 3, 1),
        )
        done = self._records(self.user_manager, kpis["Done"]["action"])
        self.assertEqual(len(done), 3)
        open_tasks = self._records(self.user_manager, kpis["Open tasks"]["action"])
        self.assertEqual(kpis["Open tasks"]["value"], len(open_tasks))
        self.assertIn(self.task_oscar, open_tasks)

    # -- revenue_after_visits --------------------------------------------
    def test_revenue_after_visits(self):
        rep = self._kpis(self._data(self.user_rep, "revenue_after_visits"))
        self.assertEqual(rep["Attributed revenue"]["value"], 100.0)
        self.assertEqual(rep["Done visits and calls"]["value"], 1)
        self.assertEqual(rep["Conversion"]["value"], 100.0)
        records = self._records(self.user_rep, rep["Done visits and calls"]["action"])
        self.assertEqual(records.activity_id, self.acts["rita_visit_done"])
        data = self._data(self.user_manager, "revenue_after_visits")
        manager = self._kpis(data)
        self.assertEqual(manager["Attributed revenue"]["value"], 400.0)
        self.assertEqual(manager["Done visits and calls"]["value"], 3)
        self.assertEqual(manager["Followed by an order"]["value"], 2)
        self.assertAlmostEqual(manager["Conversion"]["value"], 66.7)
        followed = self._records(self.user_manager, manager["Followed by an order"]["action"])
        self.assertEqual(
            followed.activity_id, self.acts["rita_visit_done"] | self.acts["oscar_visit_done"]
        )
        self.assertEqual(sum(followed.mapped("attributed_amount")), 400.0)
        self.assertEqual(data["table"]["rows"][0]["values"], ["05/2025", 3, 2, 66.7, 400.0])
        # nothing before the visits
        empty = self._data(self.user_manager, "revenue_after_visits", ("2025-04-01", "2025-04-30"))
        self.assertEqual(self._kpis(empty)["Attributed revenue"]["value"], 0.0)

    # -- call_center -----------------------------------------------------
    def test_call_center(self):
        calls = self.Activity.create(
            [
                {
                    "type_id": self.type_call.id,
                    "partner_id": self.c4.id,
                    "user_id": self.operator.id,
                    "start": start,
                    "call_direction": direction,
                    "call_outcome": outcome,
                    "call_duration": duration,
                }
                for start, direction, outcome, duration in [
                    ("2025-05-12 08:00:00", "inbound", "answered", 120),
                    ("2025-05-12 09:00:00", "inbound", "missed", 0),
                    ("2025-05-13 10:00:00", "outbound", "answered", 60),
                    ("2025-06-13 10:00:00", "outbound", "answered", 60),
                ]
            ]
        )
        self.env.flush_all()
        data = self._data(self.cc_manager, "call_center")
        kpis = self._kpis(data)
        self.assertEqual(kpis["Calls"]["value"], 3)
        self.assertEqual((kpis["Inbound"]["value"], kpis["Outbound"]["value"]), (2, 1))
        self.assertAlmostEqual(kpis["Answered"]["value"], 66.7)
        self.assertEqual(kpis["Total duration (s)"]["value"], 180)
        self.assertEqual(kpis["Average duration (s)"]["value"], 90.0)
        records = self._records(self.cc_manager, kpis["Calls"]["action"])
        self.assertEqual(records.activity_id, calls[:3])
        inbound = self._records(self.cc_manager, kpis["Inbound"]["action"])
        self.assertEqual(inbound.activity_id, calls[:2])
        agents = {row["values"][0]: row["values"][1:] for row in data["table"]["rows"]}
        self.assertEqual(agents["Olga Operator"][:3], [3, 2, 1])
        self.assertEqual(data["chart"]["datasets"][0]["data"], [2, 1])
