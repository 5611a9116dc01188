from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ActivitiesCommon


@tagged("post_install", "-at_install")
class TestActivity(ActivitiesCommon):
    def test_rep_logs_and_finishes_a_visit(self):
        Activity = self.Activity.with_user(self.user_rep)
        visit = Activity.create(
            {
                "type_id": self.type_report.id,
                "partner_id": self.branch1.id,
                "start": "2026-03-02 09:00:00",
            }
        )
        self.assertEqual(visit.user_id, self.user_rep)
        self.assertEqual(visit.commercial_partner_id, self.c1)
        self.assertEqual(visit.kind, "visit")
        self.assertEqual(str(visit.stop), "2026-03-02 10:00:00")
        with self.assertRaisesRegex(ValidationError, "Next step"):
            visit.action_done()
        self.assertEqual(visit.state, "planned")
        visit.report = {"next_step": "Send the offer"}
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.date_done)

    def test_done_activity_is_read_only_except_for_admins(self):
        visit = self._activity(self.c1, self.user_rep)
        visit.with_user(self.user_rep).action_done()
        with self.assertRaisesRegex(UserError, "only a sales administrator"):
            visit.with_user(self.user_rep).report_summary = "changed"
        visit.with_user(self.user_admin).report_summary = "Corrected by the admin"
        self.assertEqual(visit.report_summary, "Corrected by the admin")
        visit.with_user(self.user_rep).action_reset()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.date_done)

    def test_cancel_needs_a_reason(self):
        visit = self._activity(self.c1, self.user_rep).with_user(self.user_rep)
        with self.assertRaisesRegex(ValidationError, "cancel reason"):
            visit.action_cancel()
        visit.cancel_reason = "Customer closed for holidays"
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")
        with self.assertRaisesRegex(UserError, "only planned"):
            visit.action_done()

    def test_stop_before_start_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._activity(self.c1, self.user_rep, stop="2026-03-01 09:00:00")

    def test_reps_see_their_own_and_their_customers_activities(self):
        mine = self._activity(self.c1, self.user_rep)
        for_my_customer = self._activity(self.c2, self.user_rep2)
        other = self._activity(self.c3, self.user_rep2)
        Activity = self.Activity.with_user(self.user_rep)
        visible = Activity.search([("id", "in", (mine | for_my_customer | other).ids)])
        self.assertEqual(visible, mine | for_my_customer)
        with self.assertRaises(AccessError):
            other.with_user(self.user_rep).read(["name"])
        with self.assertRaises(AccessError):
            Activity.create({"partner_id": self.c3.id, "user_id": self.user_rep2.id})
        manager_sees = self.Activity.with_user(self.user_manager).search(
            [("id", "in", (mine | for_my_customer | other).ids)]
        )
        self.assertEqual(manager_sees, mine | for_my_customer | other)
        with self.assertRaises(AccessError):
            self.Activity.with_user(self.user_internal).search([])

    def test_only_admins_configure_types(self):
        with self.assertRaises(AccessError):
            self.type_visit.with_user(self.user_manager).name = "Renamed"
        self.type_visit.with_user(self.user_admin).default_duration = 1.5
        self.assertEqual(self.type_visit.default_duration, 1.5)

    def test_followup_task_prefilled(self):
        visit = self._activity(self.branch1, self.user_rep, report_summary="Wants a quote")
        action = visit.with_user(self.user_rep).action_create_followup_task()
        ctx = action["context"]
        task = self.Task.with_user(self.user_rep).with_context(**ctx).create({})
        self.assertEqual(task.partner_id, self.c1)
        self.assertEqual(task.user_ids, self.user_rep)
        self.assertEqual(task.activity_id, visit)
        self.assertEqual(visit.followup_task_count, 1)
