from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged

from odoo.addons.wiseparts_demo.services import demo_data

from .test_demo_generator import SMALL


@tagged("post_install", "-at_install")
class TestDemoActivities(TransactionCase):
    """The demo distributor's field team: types with report forms, three months of done
    visits and calls with reports and segments, visits planned for the next two weeks, open
    tasks, and orders credited to the visits and calls before them."""

    def test_field_activity_is_generated(self):
        # as in `make run` (no Odoo demo data): the company has no segment type yet
        company = self.env.company
        company.wiseparts_visit_segment_type_id = False
        self.env["wiseparts.segment.type"].search([("is_default", "=", True)]).write(
            {"is_default": False}
        )
        counts = demo_data.generate(self.env, seed=1, **SMALL)
        segment_type = company._wiseparts_visit_segment_type()
        self.assertEqual(segment_type.name, "Sales performance", "created by the generator")
        self.assertTrue(segment_type.last_run_id, "and computed")
        today = datetime.combine(SMALL["today"], datetime.min.time())
        activities = self.env["wiseparts.activity"].search(
            [("partner_id.ref", "=like", "C______%")]
        )
        self.assertEqual(len(activities), counts["activities"])
        prospecting = self.env["wiseparts.activity.type"].search(
            [("name", "=", "Prospecting visit")]
        )
        self.assertEqual(
            [p["string"] for p in prospecting.report_definition],
            ["Competitor brands seen", "Stock checked", "Next step"],
        )
        self.assertEqual(prospecting.report_required, ["next_step"])

        done = activities.filtered(lambda a: a.state == "done")
        self.assertEqual(set(done.mapped("kind")), {"visit", "call"})
        self.assertGreaterEqual(min(done.mapped("start")), today - timedelta(days=92))
        self.assertLess(max(done.mapped("start")), today)
        for activity in done:
            self.assertFalse(
                activity.type_id._missing_report_fields(activity.report),
                "the required report fields of done activities are filled",
            )
        visits = done.filtered(lambda a: a.kind == "visit")
        self.assertTrue(all(v.report_summary for v in visits))
        self.assertTrue(visits.filtered("segment_id"), "done visits keep the customer's segment")
        self.assertEqual(visits.segment_id.type_id, segment_type)

        planned = activities.filtered(lambda a: a.state == "planned")
        self.assertTrue(planned)
        self.assertEqual(set(planned.mapped("kind")), {"visit"})
        self.assertGreater(min(planned.mapped("start")), today)
        self.assertLess(max(planned.mapped("start")), today + timedelta(days=16))

        tasks = self.env["wiseparts.task"].search([("activity_id", "in", activities.ids)])
        self.assertEqual(len(tasks), counts["tasks"])
        self.assertTrue(tasks and set(tasks.mapped("state")) <= {"open", "in_progress"})

        orders = self.env["sale.order"].search([("wiseparts_activity_id", "in", done.ids)])
        self.assertTrue(orders, "some orders follow a visit or a call")
        self.assertEqual(len(orders), counts["attributed_orders"])
        for order in orders:
            activity = order.wiseparts_activity_id
            self.assertEqual(activity.commercial_partner_id, order.partner_id.commercial_partner_id)
            self.assertLessEqual(activity.start, order.date_order)
        self.assertGreater(sum(done.mapped("attributed_amount")), 0)
