from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.wiseparts_base.tests.common import assert_views_readable, create_role_users

from .common import ActivitiesCommon

RUN1 = date(2026, 1, 1)
RUN2 = date(2026, 3, 1)


class VisitPlanningCommon(ActivitiesCommon):
    """An ABC type (A every 14 days, B 30, C 90) drives the visits of the company.

    Run 1 (2026-01-01): c1 A, c2 B, c3 C. Run 2 (2026-03-01), after a big invoice of c3:
    c3 A, c1 B, c2 C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoices(
            [(cls.c1, "2025-12-15", 1000), (cls.c2, "2025-12-15", 150), (cls.c3, "2025-12-15", 50)]
        )
        cls.abc = cls._abc_type(name="Visits ABC")
        cls.env.company.wiseparts_visit_segment_type_id = cls.abc
        cls.seg_a, cls.seg_b, cls.seg_c = (
            cls.abc.segment_ids.filtered(lambda s, n=n: s.name == n) for n in "ABC"
        )

    @classmethod
    def _run(cls, when):
        cls.abc.with_user(cls.user_admin).compute_assignments(cls.abc.ids, when)

    @classmethod
    def _second_run(cls):
        cls._invoices([(cls.c3, "2026-02-10", 10000)])
        cls._run(RUN2)

    def _done_visit(self, partner, start):
        visit = self._activity(partner, self.user_rep, start=start)
        visit.with_user(self.user_rep).action_done()
        return visit


@tagged("post_install", "-at_install")
class TestVisitDates(VisitPlanningCommon):
    def test_segment_run_sets_frequency_and_first_due_date(self):
        self.assertFalse(self.c1.next_visit_date)
        self._run(RUN1)
        self.assertEqual(self.c1.visit_segment_id, self.seg_a)
        self.assertEqual(self.c1.visit_every_days, 14)
        self.assertFalse(self.c1.last_visit_date)
        # never visited: due from the day it got its segment
        self.assertEqual(self.c1.next_visit_date, RUN1)
        self.assertEqual(self.c2.visit_every_days, 30)
        self.assertFalse(self.branch1.next_visit_date, "only customers, not their branches")

    def test_done_cancel_reset_move_the_dates(self):
        self._run(RUN1)
        visit = self._done_visit(self.branch1, "2026-01-20 10:00:00")
        self.assertEqual(self.c1.last_visit_date, date(2026, 1, 20))
        self.assertEqual(self.c1.next_visit_date, date(2026, 2, 3))
        later = self._activity(self.c1, self.user_rep, start="2026-01-25 10:00:00")
        later.cancel_reason = "Closed"
        later.with_user(self.user_rep).action_cancel()
        self.assertEqual(self.c1.last_visit_date, date(2026, 1, 20), "a cancelled visit")
        call = self._activity(self.c1, self.user_rep, start="2026-01-26 10:00:00")
        call.type_id = self.type_call
        call.with_user(self.user_rep).action_done()
        self.assertEqual(self.c1.last_visit_date, date(2026, 1, 20), "a call is no visit")
        visit.with_user(self.user_rep).action_reset()
        self.assertFalse(self.c1.last_visit_date)
        self.assertEqual(self.c1.next_visit_date, RUN1)
        later.with_user(self.user_rep).action_reset()
        later.with_user(self.user_rep).action_done()
        self.assertEqual(self.c1.next_visit_date, date(2026, 2, 8))
        later.with_user(self.user_admin).unlink()
        self.assertEqual(self.c1.next_visit_date, RUN1)

    def test_segment_run_and_frequency_change_move_the_dates(self):
        self._run(RUN1)
        self._done_visit(self.c1, "2026-01-20 10:00:00")
        self._second_run()
        self.assertEqual(self.c1.visit_segment_id, self.seg_b)
        self.assertEqual(self.c1.next_visit_date, date(2026, 2, 19))
        self.assertEqual(self.c3.visit_segment_id, self.seg_a)
        self.assertEqual(self.c3.next_visit_date, RUN2, "got A on the second run")
        self.seg_b.with_user(self.user_admin).visit_every_days = 10
        self.assertEqual(self.c1.next_visit_date, date(2026, 1, 30))
        self.seg_b.with_user(self.user_admin).visit_every_days = 0
        self.assertFalse(self.c1.visit_every_days)
        self.assertFalse(self.c1.next_visit_date, "no frequency, no visit to plan")
        self.assertEqual(self.c1.last_visit_date, date(2026, 1, 20))

    def test_visit_segment_type_setting(self):
        self._run(RUN1)
        recency = self.SegmentType.create({"name": "Visits recency", "kind": "recency"})
        self.env.company.wiseparts_visit_segment_type_id = recency
        self.assertFalse(self.c1.visit_segment_id, "no assignment of the new type yet")
        self.assertFalse(self.c1.next_visit_date)
        self.env.company.wiseparts_visit_segment_type_id = self.abc
        self.assertEqual(self.c1.next_visit_date, RUN1)

    def test_schedule_is_read_on_the_customer(self):
        """The figures live in one schedule row per customer, linked once; users read and
        search them on the customer, never the schedule model itself."""
        self._run(RUN1)
        schedule = self.c1.sudo().visit_schedule_id
        self.assertEqual(schedule.next_visit_date, RUN1)
        self.assertFalse(self.branch1.sudo().visit_schedule_id, "customers only")
        with self.assertRaises(AccessError):
            self.env["wiseparts.visit.schedule"].with_user(self.user_rep).search([])
        Partner = self.env["res.partner"].with_user(self.user_rep)
        self.assertEqual(
            Partner.search([("next_visit_date", "=", RUN1), ("id", "in", self.c1.ids)]), self.c1
        )
        self.assertEqual(Partner.browse(self.c1.id).read()[0]["next_visit_date"], RUN1)
        self._second_run()
        self.assertEqual(self.c1.sudo().visit_schedule_id, schedule, "the same row, rewritten")
        self.assertEqual(schedule.segment_id, self.seg_b)
        self.assertEqual(self.c1.with_user(self.user_rep).next_visit_date, RUN2)

    def test_visits_to_plan_urgency_order(self):
        self._run(RUN1)
        self._done_visit(self.c2, "2025-12-20 10:00:00")  # B: due 2026-01-19
        Partner = self.env["res.partner"].with_user(self.user_rep)
        action = self.env.ref("wiseparts_activities.res_partner_action_visits_to_plan")
        view = self.env.ref("wiseparts_activities.res_partner_view_list_visits_to_plan")
        order = view.arch_db.split('default_order="')[1].split('"')[0]
        due = Partner.with_context(tz="UTC").search(
            [
                ("id", "in", (self.c1 | self.c2 | self.c3 | self.c4 | self.c5).ids),
                ("visit_days_overdue", ">=", -7),
                *safe_eval(action.domain),
            ],
            order=order,
        )
        # c1 (A) and c3 (C) due 2026-01-01, A first; c2 on 2026-01-19
        self.assertEqual(due[:2], self.c1 | self.c3)
        self.assertEqual(due[0], self.c1)
        self.assertLess(due.ids.index(self.c3.id), due.ids.index(self.c2.id))
        self.assertGreater(self.c1.with_user(self.user_rep).visit_days_overdue, 0)


@tagged("post_install", "-at_install")
class TestPlanVisits(VisitPlanningCommon):
    def test_rep_plans_visits_of_own_customers(self):
        Activity = self.Activity.with_user(self.user_rep)
        ids = Activity.plan_visits([self.c1.id, self.c2.id], "2026-04-01 08:00:00")
        visits = Activity.browse(ids)
        self.assertEqual(visits.partner_id, self.c1 | self.c2)
        self.assertEqual(visits.user_id, self.user_rep)
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        self.assertEqual(set(visits.mapped("kind")), {"visit"})
        self.assertEqual(
            [(str(v.start), str(v.stop)) for v in visits],
            [
                ("2026-04-01 08:00:00", "2026-04-01 09:00:00"),
                ("2026-04-01 09:15:00", "2026-04-01 10:15:00"),
            ],
        )

    def test_rep_refused_for_another_reps_customer(self):
        Activity = self.Activity.with_user(self.user_rep)
        with self.assertRaisesRegex(AccessError, "Segment Customer 3"):
            Activity.plan_visits([self.c1.id, self.c3.id], "2026-04-01 08:00:00")
        with self.assertRaisesRegex(AccessError, "Oscar Other"):
            Activity.plan_visits([self.c1.id], "2026-04-01 08:00:00", self.user_rep2.id)
        self.assertFalse(self.Activity.search([("partner_id", "in", [self.c1.id, self.c3.id])]))

    def test_manager_plans_for_each_salesperson(self):
        Activity = self.Activity.with_user(self.user_manager)
        visits = Activity.browse(
            Activity.plan_visits([self.c1.id, self.c3.id, self.c2.id], "2026-04-01 08:00:00")
        )
        by_partner = {v.partner_id: v for v in visits}
        self.assertEqual(by_partner[self.c1].user_id, self.user_rep)
        self.assertEqual(by_partner[self.c3].user_id, self.user_rep2)
        self.assertEqual(str(by_partner[self.c3].start), "2026-04-01 08:00:00")
        self.assertEqual(str(by_partner[self.c2].start), "2026-04-01 09:15:00")

    def test_arguments_are_validated(self):
        Activity = self.Activity.with_user(self.user_rep)
        with self.assertRaisesRegex(UserError, "list of customer ids"):
            Activity.plan_visits(["1"], "2026-04-01 08:00:00")
        with self.assertRaisesRegex(UserError, "Invalid start"):
            Activity.plan_visits([self.c1.id], "tomorrow")
        with self.assertRaisesRegex(UserError, "do not exist"):
            Activity.plan_visits([self.c1.id, 999999999], "2026-04-01 08:00:00")
        with self.assertRaises(AccessError):
            self.Activity.with_user(self.user_internal).plan_visits(
                [self.c1.id], "2026-04-01 08:00:00"
            )

    def test_wizard(self):
        wizard = (
            self.env["wiseparts.visit.plan"]
            .with_user(self.user_rep)
            .create(
                {
                    "partner_ids": [(6, 0, [self.c1.id, self.c2.id])],
                    "start": "2026-04-01 08:00:00",
                }
            )
        )
        action = wizard.action_plan()
        visits = self.Activity.search(action["domain"])
        self.assertEqual(len(visits), 2)
        self.assertEqual(visits.user_id, self.user_rep)

    def test_every_role_opens_the_customer_form(self):
        self._run(RUN1)
        assert_views_readable(
            self,
            create_role_users(self.env, "wp_visit_role"),
            "res.partner",
            [("base.view_partner_form", "form"), ("wiseparts_base.res_partner_view_list", "list")],
            self.c1,
        )
        assert_views_readable(
            self,
            {"rep": self.user_rep},
            "res.partner",
            [("wiseparts_activities.res_partner_view_list_visits_to_plan", "list")],
            self.c1 | self.c3,
        )


@tagged("post_install", "-at_install")
class TestVisitCompliance(VisitPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._run(RUN1)
        for partner, start in [
            (cls.branch1, "2026-01-20 10:00:00"),
            (cls.c3, "2026-01-31 10:00:00"),
            (cls.c2, "2026-02-25 10:00:00"),
        ]:
            cls._activity(partner, cls.user_rep, start=start).action_done()
        cls._second_run()

    def _rows(self, user, **kwargs):
        rows = self.Activity.with_user(user).visit_compliance(**kwargs)
        return {row["segment"]: row for row in rows}

    def test_compliance_from_history(self):
        rows = self._rows(self.user_rep, date="2026-02-01")
        self.assertEqual(list(rows), ["A", "B", "C"])
        # c1 was A on Feb 1st (B today), visited on Jan 20th: within 14 days
        self.assertEqual(
            rows["A"],
            {
                "segment": "A",
                "segment_id": self.seg_a.id,
                "customers": 1,
                "compliant": 1,
                "percent": 100.0,
            },
        )
        # c2 was B, visited only later
        self.assertEqual((rows["B"]["customers"], rows["B"]["compliant"]), (1, 0))
        self.assertEqual(rows["B"]["percent"], 0.0)
        # c3 was C (A today), visited on Jan 31st: within 90 days
        self.assertGreaterEqual(rows["C"]["compliant"], 1)
        c = rows["C"]
        self.assertEqual(c["percent"], round(100.0 * c["compliant"] / c["customers"], 1))

    def test_compliance_after_the_second_run(self):
        rows = self._rows(self.user_rep, date="2026-03-15", segment_type_id=self.abc.id)
        # c3 A since Mar 1st, last visit Jan 31st: more than 14 days
        self.assertEqual((rows["A"]["customers"], rows["A"]["compliant"]), (1, 0))
        # c1 B, last visit Jan 20th: more than 30 days
        self.assertEqual((rows["B"]["customers"], rows["B"]["compliant"]), (1, 0))
        # the window includes the date itself and its first day
        rows = self._rows(self.user_rep, date="2026-02-18", segment_type_id=self.abc.id)
        self.assertEqual(rows["B"]["compliant"], 0, "c2 visited later")
        rows = self._rows(self.user_rep, date="2026-02-02")
        self.assertEqual(rows["A"]["compliant"], 1, "Jan 20th is the 14th day up to Feb 2nd")
        rows = self._rows(self.user_rep, date="2026-02-03")
        self.assertEqual(rows["A"]["compliant"], 0, "Jan 20th is 15 days before Feb 3rd")

    def test_empty_segment_is_zero_and_arguments_are_validated(self):
        rows = self._rows(self.user_rep, date="2025-06-01")
        self.assertEqual(rows["A"]["customers"], 0)
        self.assertEqual(rows["A"]["percent"], 0.0)
        with self.assertRaisesRegex(UserError, "Invalid date"):
            self.Activity.with_user(self.user_rep).visit_compliance(date="yesterday")
        with self.assertRaisesRegex(UserError, "does not exist"):
            self.Activity.with_user(self.user_rep).visit_compliance(segment_type_id=999999999)
        with self.assertRaises(AccessError):
            self.Activity.with_user(self.user_internal).visit_compliance()

    def test_report_lines(self):
        report = self.env["wiseparts.visit.compliance.report"].with_user(self.user_manager)
        lines = report.search([("type_id", "=", self.abc.id)])
        self.assertEqual(len(set(lines.mapped("date"))), 13, "today and 12 month ends")
        today = lines.filtered(lambda line: line.date == max(lines.mapped("date")))
        expected = {
            row["segment_id"]: (row["customers"], row["compliant"], row["percent"])
            for row in self.Activity.visit_compliance(date=today[0].date)
        }
        self.assertEqual(
            {
                line.segment_id.id: (line.customer_count, line.compliant_count, line.percent)
                for line in today
            },
            expected,
        )

    def test_dashboard_widget_shows_the_same_figures(self):
        Dashboard = self.env["wiseparts.dashboard"].with_user(self.user_rep)
        self.assertIn("visit_compliance", [w["key"] for w in Dashboard.widgets()])
        data = Dashboard.widget_data("visit_compliance", "2026-01-01", "2026-02-01")
        expected = self._rows(self.user_rep, date="2026-02-01")
        self.assertEqual(
            {row["values"][0]: tuple(row["values"][1:]) for row in data["table"]["rows"]},
            {
                name: (row["customers"], row["compliant"], row["percent"])
                for name, row in expected.items()
            },
        )
        customers = sum(row["customers"] for row in expected.values())
        self.assertEqual(data["kpis"][0]["value"], customers)
        with self.assertRaises(AccessError):
            self.env["wiseparts.dashboard"].with_user(self.user_internal).widget_data(
                "visit_compliance", "2026-01-01", "2026-02-01"
            )
