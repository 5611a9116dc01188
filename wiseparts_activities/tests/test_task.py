from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActivitiesCommon


@tagged("post_install", "-at_install")
class TestTask(ActivitiesCommon):
    def test_assignees_are_notified_and_closing_records_who(self):
        Task = self.Task.with_user(self.user_rep).with_context(tracking_disable=False)
        task = Task.create(
            {
                "name": "Send the offer",
                "partner_id": self.c1.id,
                "user_ids": [self.user_rep.id, self.user_rep2.id],
            }
        )
        self.assertIn(self.user_rep2.partner_id, task.message_partner_ids)
        notified = (
            self.env["mail.message"]
            .search([("model", "=", "wiseparts.task"), ("res_id", "=", task.id)])
            .partner_ids
        )
        self.assertIn(self.user_rep2.partner_id, notified)
        task.with_user(self.user_rep2).action_close()
        self.assertEqual(task.state, "closed")
        self.assertEqual(task.closed_by_id, self.user_rep2)
        self.assertTrue(task.date_closed)
        task.action_reopen()
        self.assertFalse(task.closed_by_id)

    @freeze_time("2026-03-10")
    def test_overdue_filter(self):
        late = self.Task.create(
            {"name": "Late", "user_ids": [self.user_rep.id], "date_deadline": date(2026, 3, 9)}
        )
        due = self.Task.create(
            {"name": "Due", "user_ids": [self.user_rep.id], "date_deadline": date(2026, 3, 10)}
        )
        closed = self.Task.create(
            {"name": "Closed", "user_ids": [self.user_rep.id], "date_deadline": date(2026, 3, 1)}
        )
        closed.action_close()
        overdue = self.Task.search(
            [("is_overdue", "=", True), ("id", "in", (late | due | closed).ids)]
        )
        self.assertEqual(overdue, late)
        self.assertTrue(late.is_overdue)
        self.assertFalse(due.is_overdue)

    def test_task_visibility(self):
        assigned = self.Task.create({"name": "Assigned", "user_ids": [self.user_rep.id]})
        of_customer = self.Task.create(
            {"name": "Of my customer", "user_ids": [self.user_rep2.id], "partner_id": self.c1.id}
        )
        foreign = self.Task.create(
            {"name": "Foreign", "user_ids": [self.user_rep2.id], "partner_id": self.c3.id}
        )
        tasks = assigned | of_customer | foreign
        self.assertEqual(
            self.Task.with_user(self.user_rep).search([("id", "in", tasks.ids)]),
            assigned | of_customer,
        )
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_rep).name = "mine now"
        with self.assertRaises(AccessError):
            self.Task.with_user(self.user_rep).create(
                {"name": "X", "user_ids": [self.user_rep2.id], "partner_id": self.c3.id}
            )
        self.assertEqual(
            self.Task.with_user(self.user_manager).search([("id", "in", tasks.ids)]), tasks
        )
