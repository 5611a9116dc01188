from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.wiseparts_segments.tests.common import RUN

from .common import ActivitiesCommon

LOGGER = "odoo.addons.wiseparts_activities.models.base_automation"


class AutomationCommon(ActivitiesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Automation = cls.env["base.automation"]
        cls.Log = cls.env["wiseparts.automation.log"]
        cls.env["res.partner"].browse(cls.user_rep.partner_id.id).email = "rita@example.com"

    def _activate(self, xmlid):
        rule = self.env.ref(f"wiseparts_activities.{xmlid}")
        rule.active = True
        return rule

    def _tasks(self, partner):
        return self.Task.search([("partner_id", "=", partner.id)])

    def _run_pending(self):
        self.Log._cron_process_pending()

    def _quote(self, partner, user):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )

    def _rule(self, model, trigger, actions, **vals):
        return self.Automation.create(
            {
                "name": "Test rule",
                "model_id": self.env["ir.model"]._get_id(model),
                "trigger": trigger,
                "action_server_ids": [
                    Command.create(
                        {
                            "name": f"Test action {index}",
                            "model_id": self.env["ir.model"]._get_id(model),
                            "usage": "base_automation",
                            **action,
                        }
                    )
                    for index, action in enumerate(actions)
                ],
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestAutomationSegments(AutomationCommon):
    def test_segment_downgrade_ready_made_rule(self):
        """Two segment runs moving c1 A → B (and c3 B → A) create exactly one task: for
        c1's salesperson, due in 7 days, after the run (pending cron)."""
        rule = self._activate("automation_segment_downgrade")
        with freeze_time("2026-03-02 10:00:00"):
            abc = self._computed_default_abc()  # run 1: c1 A, c3 B (new: no change event)
            self._run_pending()
            self.assertFalse(self._tasks(self.c1) | self._tasks(self.c3))
            self._invoices([(self.c3, RUN, 1000)])
            abc.compute_assignments(abc.ids, RUN)  # run 2: c3 A, c1 B
            self.assertEqual(self._assignment(abc, self.c1).segment_id.name, "B")
            # the run only stored the execution: it runs after the run commits
            self.assertFalse(self._tasks(self.c1))
            pending = self.Log.search([("automation_id", "=", rule.id)])
            self.assertEqual(pending.mapped("state"), ["pending"])
            self._run_pending()
            abc.compute_assignments(abc.ids, RUN)  # run 3: nothing changes
            self._run_pending()
        task = self._tasks(self.c1)
        self.assertEqual(len(task), 1)
        self.assertEqual(task.name, "Segment down: Segment Customer 1 A → B")
        self.assertEqual(task.user_ids, self.user_rep)
        self.assertEqual(task.date_deadline, date(2026, 3, 9))
        self.assertEqual(
            (task.res_model, task.res_id),
            ("wiseparts.segment.assignment", self._assignment(abc, self.c1).id),
        )
        self.assertFalse(self._tasks(self.c3), "an upgrade is not a downgrade")
        log = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(log.mapped("state"), ["done"])
        self.assertEqual(self.c1.with_user(self.user_admin).wiseparts_automation_log_count, 1)

    def test_segment_changed_from_to(self):
        """From / to segments restrict the event; archived rules do nothing."""
        abc = self._computed_default_abc()
        seg_a, seg_b = self._segment(abc, "A"), self._segment(abc, "B")
        rule = self._rule(
            "wiseparts.segment.assignment",
            "wiseparts_segment_changed",
            [{"state": "wiseparts_notify", "wiseparts_subject": "{customer}: {from} → {to}"}],
            wiseparts_from_segment_id=seg_b.id,
            wiseparts_to_segment_id=seg_a.id,
        )
        self._invoices([(self.c3, RUN, 1000)])
        abc.compute_assignments(abc.ids, RUN)
        self._run_pending()
        logs = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(logs.mapped("res_id"), [self._assignment(abc, self.c3).id])
        self.assertEqual(logs.state, "done")
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.c3.id)], limit=1
        )
        self.assertEqual(message.subject, "Segment Customer 3: B → A")
        self.assertEqual(message.partner_ids, self.user_rep2.partner_id)

    def test_customer_inactive_ready_made_rule(self):
        """A recency run moving c1 from active to inactive gives its salesperson one task
        with the last purchase date."""
        self._activate("automation_customer_inactive")
        self._invoices([(self.c1, date(2021, 1, 10), 100)])
        recency = self.SegmentType.create(
            {"name": "Recency", "kind": "recency", "brand_ids": [Command.set(self.brand.ids)]}
        )
        recency.compute_assignments(recency.ids, date(2021, 2, 1))
        self._run_pending()
        self.assertFalse(self._tasks(self.c1))
        recency.compute_assignments(recency.ids, date(2021, 6, 30))
        self._run_pending()
        recency.compute_assignments(recency.ids, date(2021, 7, 30))
        self._run_pending()
        task = self._tasks(self.c1)
        self.assertEqual(len(task), 1)
        self.assertEqual(task.name, "Inactive customer: Segment Customer 1")
        self.assertIn("2021-01-10", str(task.description))
        self.assertEqual(task.user_ids, self.user_rep)


@tagged("post_install", "-at_install")
class TestAutomationTimeEvents(AutomationCommon):
    def test_quote_followup_ready_made_rule(self):
        """A quote sent and not confirmed 3 days later: one high-priority task "Follow up
        quote <number>" for its salesperson, due the next day; fired once."""
        self._activate("automation_quote_followup")
        cron = self.env.ref("base_automation.ir_cron_data_base_automation_check")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        with freeze_time("2026-03-02 10:00:00"):
            order = self._quote(self.c1, self.user_rep)
            order.action_quotation_sent()
            self.assertEqual(order.wiseparts_sent_date, datetime(2026, 3, 2, 10, 0))
        with freeze_time("2026-03-05 09:45:00"):
            self.Automation._check()
            self.assertFalse(self._tasks(self.c1))
        with freeze_time("2026-03-05 10:15:00"):
            self.Automation._check()
        with freeze_time("2026-03-05 10:30:00"):
            self.Automation._check()
        task = self._tasks(self.c1)
        self.assertEqual(len(task), 1)
        self.assertEqual(task.name, f"Follow up quote {order.name}")
        self.assertEqual(task.priority, "2")
        self.assertEqual(task.date_deadline, date(2026, 3, 6))
        self.assertEqual(task.user_ids, self.user_rep)

    def test_delay_pending_done_and_skipped(self):
        """A delayed action is stored pending, then done; a quote confirmed meanwhile is
        skipped (the rule's conditions are re-checked when due)."""
        rule = self._activate("automation_quote_followup")
        rule.action_server_ids.write({"wiseparts_delay": 2, "wiseparts_delay_unit": "hours"})
        with freeze_time("2026-03-02 10:00:00"):
            kept, confirmed = (
                self._quote(self.c1, self.user_rep),
                self._quote(self.c3, self.user_rep2),
            )
            (kept | confirmed).action_quotation_sent()
        with freeze_time("2026-03-05 10:15:00"):
            self.Automation._check()
            logs = self.Log.search([("automation_id", "=", rule.id)])
            self.assertEqual(logs.mapped("state"), ["pending", "pending"])
            self.assertEqual(set(logs.mapped("scheduled_at")), {datetime(2026, 3, 5, 12, 15)})
            self._run_pending()  # not due yet
            self.assertEqual(logs.mapped("state"), ["pending", "pending"])
            confirmed.action_confirm()
        with freeze_time("2026-03-05 12:16:00"):
            self._run_pending()
        by_order = {log.res_id: log for log in logs}
        self.assertEqual(by_order[kept.id].state, "done")
        self.assertEqual(by_order[kept.id].executed_at, datetime(2026, 3, 5, 12, 16))
        self.assertEqual(by_order[confirmed.id].state, "skipped")
        self.assertEqual(len(self._tasks(self.c1)), 1)
        self.assertFalse(self._tasks(self.c3))

    def test_reorder_overdue_ready_made_rule(self):
        """c1 buys the brand every 30 days (3 invoices), last 70 days ago: overdue after
        1.5 x 30 days; the customer shows the interval; one task due today."""
        self._invoices(
            [
                (self.c1, date(2026, 1, 1), 10),
                (self.c1, date(2026, 1, 31), 10),
                (self.c1, date(2026, 3, 2), 10),
                (self.c3, date(2026, 1, 1), 10),  # two invoices only: no interval
                (self.c3, date(2026, 3, 1), 10),
            ]
        )
        self._activate("automation_reorder_overdue")
        with freeze_time("2026-04-16 08:00:00"):  # last + 45 = 16 April: not passed yet
            self.Automation._check()
            self.assertFalse(self._tasks(self.c1))
            row = self.c1.with_user(self.user_rep).wiseparts_reorder_interval_ids
            self.assertEqual(row.brand_id, self.brand)
            self.assertEqual(row.usual_interval, 30)
            self.assertEqual(row.next_expected_date, date(2026, 4, 1))
            self.assertFalse(self.c3.wiseparts_reorder_interval_ids)
            with self.assertRaises(AccessError):
                row.with_user(self.user_rep2).read(["usual_interval"])
        with freeze_time("2026-04-17 08:00:00"):
            self.Automation._check()
            self.Automation._check()
        task = self._tasks(self.c1)
        self.assertEqual(len(task), 1)
        self.assertEqual(task.name, "Reorder due: Segment Customer 1 — Test Brand")
        self.assertEqual(task.date_deadline, date(2026, 4, 17))
        self.assertIn("30", str(task.description))
        self.assertIn("2026-03-02", str(task.description))

    def test_visit_overdue_ready_made_rule(self):
        """Visit overdue by 7 days: a planned visit in the next 2 working days for the
        salesperson, and a notification."""
        if "next_visit_date" not in self.env["res.partner"]._fields:
            self.skipTest("res.partner.next_visit_date comes with visit planning (wt-actplan)")
        self._activate("automation_visit_overdue")
        self.env.cr.execute(
            "UPDATE wiseparts_visit_schedule SET next_visit_date = NULL"
            " WHERE next_visit_date IS NOT NULL"
        )
        self.env.invalidate_all()
        self.c1.next_visit_date = date(2026, 3, 1)
        with freeze_time("2026-03-06 08:00:00"):  # a Friday, 5 days overdue
            self.Automation._check()
            self.assertFalse(self.Activity.search([("partner_id", "=", self.c1.id)]))
        with freeze_time("2026-03-08 08:00:00"):  # Sunday: 7 days overdue
            self.Automation._check()
            self.Automation._check()
        visit = self.Activity.search([("partner_id", "=", self.c1.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, self.user_rep)
        self.assertEqual(visit.kind, "visit")
        self.assertEqual(visit.start.date(), date(2026, 3, 10))  # Tuesday
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", self.c1.id),
                    ("subject", "=", "Visit overdue: Segment Customer 1"),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestAutomationActions(AutomationCommon):
    def _run(self, records, **vals):
        action = self.env["ir.actions.server"].create(
            {
                "name": "Test",
                "model_id": self.env["ir.model"]._get_id(records._name),
                **vals,
            }
        )
        action.with_context(active_model=records._name, active_ids=records.ids).run()
        return action

    def test_create_task_team_leader_and_placeholders(self):
        team = self.env["crm.team"].create(
            {
                "name": "North",
                "user_id": self.user_manager.id,
                "member_ids": [Command.link(self.user_rep.id)],
            }
        )
        self.assertEqual(self.user_rep.sale_team_id, team)
        order = self._quote(self.c1, self.user_rep)
        with freeze_time("2026-03-06"):  # a Friday
            self._run(
                order,
                state="wiseparts_task",
                wiseparts_subject="Call {customer} about {number} ({salesperson})",
                wiseparts_recipients="team_leader",
                wiseparts_due_days=1,
                wiseparts_working_days=True,
                wiseparts_priority="3",
            )
        task = self._tasks(self.c1)
        self.assertEqual(task.name, f"Call Segment Customer 1 about {order.name} (Rita Rep)")
        self.assertEqual(task.user_ids, self.user_manager)
        self.assertEqual(task.date_deadline, date(2026, 3, 9))
        self.assertEqual(task.priority, "3")
        self.assertEqual(task.origin_name, order.name)

    def test_schedule_activity_and_notify_fixed_users(self):
        with freeze_time("2026-03-02 08:00:00"):
            self._run(
                self.c1,
                state="wiseparts_activity",
                wiseparts_activity_type_id=self.type_call.id,
                wiseparts_recipients="salesperson",
                wiseparts_due_days=3,
            )
            self._run(
                self.c1,
                state="wiseparts_notify",
                wiseparts_recipients="users",
                wiseparts_user_ids=[Command.set(self.user_rep2.ids)],
                wiseparts_subject="News of {customer}",
                wiseparts_description="Please call {customer}.",
            )
        call = self.Activity.search([("partner_id", "=", self.c1.id)])
        self.assertEqual((call.kind, call.user_id, call.state), ("call", self.user_rep, "planned"))
        self.assertEqual(call.start, datetime(2026, 3, 5, 9, 0))
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.c1.id)], limit=1
        )
        self.assertEqual(message.subject, "News of Segment Customer 1")
        self.assertIn("Please call Segment Customer 1.", str(message.body))
        self.assertEqual(message.partner_ids, self.user_rep2.partner_id)

    def test_quote_recovery_and_status(self):
        self.c1.email = "c1@example.com"
        order = self._quote(self.c1, self.user_rep)
        self._run(order, state="wiseparts_quote_recovery")
        message = order.message_ids.filtered(lambda m: self.c1 in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(order.name, message.subject)
        self._run(order, state="wiseparts_quote_status", wiseparts_quote_state="cancel")
        self.assertEqual(order.state, "cancel")


@tagged("post_install", "-at_install")
class TestAutomationEngine(AutomationCommon):
    def test_failure_logged_not_blocking_owner_notified(self):
        """A failing action is logged as failed, the rule's owner is notified, the user's
        save goes on and the other rules still run."""
        failing = self._rule(
            "sale.order",
            "on_create_or_write",
            [
                {
                    "state": "wiseparts_task",
                    "wiseparts_subject": "X",
                    "wiseparts_recipients": "users",
                }
            ],
            wiseparts_owner_id=self.user_admin.id,
        )
        working = self._rule(
            "sale.order",
            "on_create_or_write",
            [{"state": "wiseparts_task", "wiseparts_subject": "Check {number}"}],
        )
        with self.assertLogs(LOGGER, "WARNING"):
            order = self._quote(self.c1, self.user_rep).with_user(self.user_rep)
            order.write({"note": "<p>Rush</p>"})
        self.assertEqual(order.note, "<p>Rush</p>")
        failed = self.Log.search([("automation_id", "=", failing.id)])
        self.assertTrue(failed)
        self.assertEqual(set(failed.mapped("state")), {"failed"})
        self.assertIn("No one to assign", failed[0].message)
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "base.automation"),
                    ("res_id", "=", failing.id),
                    ("partner_ids", "in", self.user_admin.partner_id.ids),
                ]
            )
        )
        self.assertEqual(
            set(self.Log.search([("automation_id", "=", working.id)]).mapped("state")), {"done"}
        )
        self.assertTrue(self._tasks(self.c1).filtered(lambda t: t.name == f"Check {order.name}"))

    def test_batch_failure_isolated_per_record(self):
        """When the batch fails, each record is retried alone: only the failing one fails."""
        rule = self._rule(
            "res.partner",
            "wiseparts_visit_overdue",
            [{"state": "wiseparts_task", "wiseparts_subject": "Visit {customer}"}],
        )
        no_salesperson = self.env["res.partner"].create({"name": "Orphan", "is_company": True})
        with self.assertLogs(LOGGER, "WARNING"):
            rule._wiseparts_execute(self.c1 | no_salesperson)
        logs = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(
            {log.res_id: log.state for log in logs},
            {self.c1.id: "done", no_salesperson.id: "failed"},
        )
        self.assertEqual(len(self._tasks(self.c1)), 1)

    def test_loop_stops_after_one_level(self):
        """A rule creating a task on task creation runs once, the re-trigger is logged."""
        rule = self._rule(
            "wiseparts.task",
            "on_create_or_write",
            [
                {
                    "state": "wiseparts_task",
                    "wiseparts_subject": "Echo",
                    "wiseparts_recipients": "users",
                    "wiseparts_user_ids": [Command.set(self.user_rep.ids)],
                }
            ],
        )
        rule.trigger_field_ids = False
        self.Task.with_user(self.user_rep).create(
            {"name": "First", "user_ids": [Command.set(self.user_rep.ids)]}
        )
        self.assertEqual(self.Task.search_count([("name", "in", ["First", "Echo"])]), 2)
        logs = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(sorted(logs.mapped("state")), ["done", "skipped"])
        self.assertIn("Loop stopped", logs.filtered(lambda log: log.state == "skipped").message)

    def test_rights(self):
        """Rules are Odoo's: only administrators (Settings) edit them; a rep cannot, nor
        read the log; a sales administrator reads the log."""
        rule = self.env.ref("wiseparts_activities.automation_quote_followup")
        for user in (self.user_rep, self.user_manager, self.user_admin):
            with self.assertRaises(AccessError):
                rule.with_user(user).write({"active": True})
        self.Log.create(
            {"automation_id": rule.id, "res_model": "res.partner", "res_id": self.c1.id}
        )
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_rep).search([])
        self.assertEqual(
            self.Log.with_user(self.user_admin).search_count([("automation_id", "=", rule.id)]), 1
        )
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_admin).create(
                {"automation_id": rule.id, "res_model": "res.partner", "res_id": self.c1.id}
            )

    def test_rules_run_as_automation_rules_do(self):
        """A rep's save runs the rule with the rule's rights (superuser, as Odoo's rules):
        the execution is logged though the rep may not read the log."""
        rule = self._rule(
            "sale.order",
            "on_create_or_write",
            [
                {
                    "state": "wiseparts_task",
                    "wiseparts_subject": "Check {number}",
                    "wiseparts_recipients": "users",
                    "wiseparts_user_ids": [Command.set(self.user_rep2.ids)],
                }
            ],
        )
        self._quote(self.c1, self.user_rep).with_user(self.user_rep).write({"note": "<p>x</p>"})
        task = self._tasks(self.c1)
        self.assertEqual(task.user_ids, self.user_rep2)
        logs = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(set(logs.mapped("state")), {"done"})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.user_rep).search([("automation_id", "=", rule.id)])

    def test_views_and_cron_interval(self):
        self.env.ref("wiseparts_activities.automation_visit_overdue").active = True
        cron = self.env.ref("base_automation.ir_cron_data_base_automation_check")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        self.assertTrue(cron.active)
        for model, view_type in [
            ("base.automation", "form"),
            ("ir.actions.server", "form"),
            ("wiseparts.automation.log", "list"),
        ]:
            self.env[model].get_views([(False, view_type)])
        self.env["res.partner"].with_user(self.user_admin).get_views([(False, "form")])
        self.env["res.partner"].with_user(self.user_internal).get_views([(False, "form")])
