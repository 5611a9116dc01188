from datetime import date

from freezegun import freeze_time

from odoo import Command
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

    def test_many_tasks_one_notification_per_task_and_assignee(self):
        """An automation creates many tasks at once: each assignee follows and is told of each
        of their tasks exactly once (inbox or email, as they prefer), never of their own
        assignments, and each more task costs no more queries than Odoo's own notification."""
        self.user_rep.notification_type = "inbox"
        self.user_rep2.notification_type = "email"
        Task = self.Task.with_user(self.user_manager).with_context(tracking_disable=False)
        Notification = self.env["mail.notification"]

        def counted(function):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            result = function()
            self.env.flush_all()
            return result, self.env.cr.sql_log_count - before

        def create(count):
            # even tasks for Rita, odd ones for Oscar and the manager creating them
            return counted(
                lambda: Task.create(
                    [
                        {
                            "name": f"Call back {n}",
                            "user_ids": [
                                Command.set(
                                    self.user_rep.ids
                                    if n % 2 == 0
                                    else (self.user_rep2 | self.user_manager).ids
                                )
                            ],
                        }
                        for n in range(count)
                    ]
                )
            )

        def notified(tasks):
            return Notification.search(
                [
                    ("mail_message_id.model", "=", "wiseparts.task"),
                    ("mail_message_id.res_id", "in", tasks.ids),
                ]
            )

        create(2)  # warm the caches
        tasks, queries_20 = create(20)
        notifications = notified(tasks)
        self.assertEqual(len(notifications), 20)
        rita_tasks, oscar_tasks = tasks[0::2], tasks[1::2]
        for user, user_tasks, kind in (
            (self.user_rep, rita_tasks, "inbox"),
            (self.user_rep2, oscar_tasks, "email"),
        ):
            mine = notifications.filtered(lambda n, user=user: n.res_partner_id == user.partner_id)
            self.assertEqual(sorted(mine.mail_message_id.mapped("res_id")), sorted(user_tasks.ids))
            self.assertEqual(set(mine.mapped("notification_type")), {kind})
            self.assertEqual(
                sorted(mine.mail_message_id.mapped("subject")),
                sorted(f"Task assigned to you: {task.name}" for task in user_tasks),
            )
            for task in user_tasks:
                self.assertIn(user.partner_id, task.message_partner_ids)
        self.assertNotIn(self.user_manager.partner_id, notifications.res_partner_id)

        # assigning one more person tells only them
        rita_tasks[0].user_ids |= self.user_rep2
        notifications = notified(rita_tasks[0])
        self.assertEqual(len(notifications), 2)
        self.assertEqual(
            notifications.res_partner_id, self.user_rep.partner_id | self.user_rep2.partner_id
        )

        # each more task costs no more queries than Odoo's notification of it alone
        tasks_10, queries_10 = create(10)
        _messages, notify_10 = counted(
            lambda: [
                task.message_notify(
                    partner_ids=(task.user_ids - self.user_manager).partner_id.ids,
                    subject="Reminder",
                    body="Task assigned",
                )
                for task in tasks_10
            ]
        )
        self.assertLessEqual(queries_20 - queries_10, notify_10)

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
