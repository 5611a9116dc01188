import logging
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL, safe_eval

_logger = logging.getLogger(__name__)

# WiseParts' triggers, key: label of the selection
# fired by a segment run (after it, through the pending executions' cron)
SEGMENT_TRIGGERS = {
    "wiseparts_segment_changed": "Segment changed",
    "wiseparts_customer_inactive": "Customer became inactive",
}
# checked by Odoo's time-based automation cron (every 15 minutes at most)
TIME_EVENT_TRIGGERS = {
    "wiseparts_visit_overdue": "Visit overdue",
    "wiseparts_quote_not_confirmed": "Quote not confirmed",
    "wiseparts_reorder_overdue": "Reorder overdue",
}
WISEPARTS_TRIGGERS = SEGMENT_TRIGGERS | TIME_EVENT_TRIGGERS
TRIGGER_MODELS = {
    "wiseparts_segment_changed": "wiseparts.segment.assignment",
    "wiseparts_customer_inactive": "wiseparts.segment.assignment",
    "wiseparts_visit_overdue": "res.partner",
    "wiseparts_quote_not_confirmed": "sale.order",
    "wiseparts_reorder_overdue": "wiseparts.reorder.interval",
}
# the models WiseParts ▸ Configuration ▸ Automations lists the rules of
WISEPARTS_MODELS = [
    "res.partner",
    "sale.order",
    "wiseparts.activity",
    "wiseparts.task",
    "wiseparts.segment.assignment",
    "wiseparts.reorder.interval",
    "wiseparts.conversation",
]
# Odoo checks time-based rules every 4 hours by default: WiseParts events need 15 minutes
CHECK_INTERVAL_MINUTES = 15


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    trigger = fields.Selection(
        selection_add=list(WISEPARTS_TRIGGERS.items()),
        ondelete=dict.fromkeys(WISEPARTS_TRIGGERS, "cascade"),
    )
    wiseparts_from_segment_id = fields.Many2one(
        "wiseparts.segment",
        string="From Segment",
        ondelete="cascade",
        help="Only when the customer leaves this segment (any segment when empty).",
    )
    wiseparts_to_segment_id = fields.Many2one(
        "wiseparts.segment",
        string="To Segment",
        ondelete="cascade",
        help="Only when the customer enters this segment (any segment when empty).",
    )
    wiseparts_segment_direction = fields.Selection(
        [("any", "Any change"), ("down", "Down (lower priority)"), ("up", "Up (higher priority)")],
        string="Direction",
        default="any",
    )
    wiseparts_days = fields.Integer(
        string="Days",
        default=0,
        help="Visit overdue: days past the next visit date. Quote not confirmed: days since "
        "the quote was sent.",
    )
    wiseparts_reorder_factor = fields.Float(
        string="Reorder Factor",
        default=1.5,
        help="Reorder overdue fires when today passes the last purchase + factor x the "
        "usual reorder interval.",
    )
    wiseparts_owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        help="Notified when one of the rule's actions fails.",
    )
    wiseparts_log_count = fields.Integer(
        string="Executions", compute="_compute_wiseparts_log_count"
    )

    def _compute_wiseparts_log_count(self):
        groups = self.env["wiseparts.automation.log"]._read_group(
            [("automation_id", "in", self.ids)], ["automation_id"], ["__count"]
        )
        counts = {automation.id: count for automation, count in groups}
        for automation in self:
            automation.wiseparts_log_count = counts.get(automation.id, 0)

    # ------------------------------------------------------------------
    # Odoo's machinery
    # ------------------------------------------------------------------
    def _get_cron_interval(self, automations=None):
        return min(super()._get_cron_interval(automations), CHECK_INTERVAL_MINUTES)

    def _update_cron(self):
        res = super()._update_cron()
        cron = self.env.ref(
            "base_automation.ir_cron_data_base_automation_check", raise_if_not_found=False
        )
        if cron and self.with_context(active_test=True).search_count(
            [("trigger", "in", list(TIME_EVENT_TRIGGERS))], limit=1
        ):
            cron.try_write({"active": True})
        return res

    @api.model
    def _check(self, automatic=False, use_new_cursor=False):
        res = super()._check(automatic=automatic, use_new_cursor=use_new_cursor)
        self._wiseparts_check_time_events()
        return res

    def _process(self, records, domain_post=None):
        """Odoo's rule processing, with WiseParts' loop guard, delays, savepoints and log,
        for the rules on WiseParts-related models (WISEPARTS_MODELS); Odoo's own for the
        others, whose failures still raise as Odoo users expect."""
        if self.model_name not in WISEPARTS_MODELS:
            return super()._process(records, domain_post=domain_post)
        running = self.env.context.get("wiseparts_running_automation_ids", ())
        if self.id in running:
            self._wiseparts_log_loop(records)
            return
        automation_done = self._context.get("__action_done", {})
        records_done = automation_done.get(self, records.browse())
        records -= records_done
        if not records:
            return
        if self.env.context.get("__action_feedback"):
            automation_done[self] = records_done + records
        else:
            automation_done = dict(automation_done)
            automation_done[self] = records_done + records
            self = self.with_context(__action_done=automation_done)
            records = records.with_context(__action_done=automation_done)
        records = records.filtered(self._check_trigger_fields)
        automation_done[self] = records_done + records
        if records and "date_automation_last" in records._fields:
            records.date_automation_last = fields.Datetime.now()
        if records:
            self.with_context(domain_post=domain_post)._wiseparts_execute(records)

    # ------------------------------------------------------------------
    # Execution: delays, savepoints, log
    # ------------------------------------------------------------------
    def _wiseparts_action_delay(self, action):
        unit = {"minutes": "minutes", "hours": "hours", "days": "days"}[
            action.wiseparts_delay_unit or "hours"
        ]
        return timedelta(**{unit: action.wiseparts_delay})

    def _wiseparts_execute(self, records, when_due=False):
        """Run (or schedule, when delayed) every action of the rule on ``records``.

        ``when_due``: store even the undelayed actions as pending executions due now, so that
        they run after the current transaction commits (segment runs).
        """
        self.ensure_one()
        now = fields.Datetime.now()
        pending, immediate = [], []
        for action in self.sudo().action_server_ids:
            if action.wiseparts_delay > 0 or when_due:
                at = now + (
                    self._wiseparts_action_delay(action)
                    if action.wiseparts_delay > 0
                    else timedelta()
                )
                pending += [
                    {
                        "automation_id": self.id,
                        "action_id": action.id,
                        "res_model": records._name,
                        "res_id": res_id,
                        "state": "pending",
                        "scheduled_at": at,
                    }
                    for res_id in records.ids
                ]
            else:
                immediate.append(action)
        if pending:
            self.env["wiseparts.automation.log"].sudo().create(pending)
            cron = self.env.ref(
                "wiseparts_activities.ir_cron_automation_pending", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger(min(vals["scheduled_at"] for vals in pending))
        for action in immediate:
            self._wiseparts_run_action(action, records)

    def _wiseparts_run_action(self, action, records, logs=None):
        """Run ``action`` on ``records`` at once in a savepoint; when it fails, again one
        record at a time so that only the failing records are logged as failed.

        Writes ``logs`` (pending executions) or creates the log rows; tells the rule's
        owner about failures. Never raises: the user's save goes on.
        """
        self.ensure_one()
        Log = self.env["wiseparts.automation.log"].sudo()
        running = self.env.context.get("wiseparts_running_automation_ids", ())
        action = action.sudo().with_context(
            wiseparts_running_automation_ids=(*running, self.id),
            active_model=records._name,
        )
        # WiseParts runners report the records they cannot handle in ``wiseparts_failures``
        # (the others run in one batch) and what the log should say of the others in
        # ``wiseparts_notes`` (e.g. a fallback); any other error fails the batch, then each
        # record runs alone
        failures, notes = {}, {}
        try:
            with self.env.cr.savepoint():
                action.with_context(
                    active_ids=records.ids,
                    active_id=records[:1].id,
                    wiseparts_failures=failures,
                    wiseparts_notes=notes,
                ).run()
        except Exception as error:
            failures.clear()
            notes.clear()
            if len(records) == 1:
                failures[records.id] = str(error)
            else:
                for record in records:
                    try:
                        with self.env.cr.savepoint():
                            action.with_context(
                                active_ids=record.ids,
                                active_id=record.id,
                                wiseparts_failures=failures,
                                wiseparts_notes=notes,
                            ).run()
                    except Exception as record_error:
                        failures[record.id] = str(record_error)
        now = fields.Datetime.now()
        if logs is None:
            Log.create(
                [
                    {
                        "automation_id": self.id,
                        "action_id": action.id,
                        "res_model": records._name,
                        "res_id": res_id,
                        "state": "failed" if res_id in failures else "done",
                        "scheduled_at": now,
                        "executed_at": now,
                        "message": failures.get(res_id) or notes.get(res_id) or False,
                    }
                    for res_id in records.ids
                ]
            )
        else:
            failed_logs = logs.filtered(lambda log: log.res_id in failures)
            noted_logs = logs.filtered(lambda log: log.res_id in notes) - failed_logs
            (logs - failed_logs - noted_logs).write({"state": "done", "executed_at": now})
            for log in noted_logs:
                log.write({"state": "done", "executed_at": now, "message": notes[log.res_id]})
            for log in failed_logs:
                log.write({"state": "failed", "executed_at": now, "message": failures[log.res_id]})
        if failures:
            _logger.warning(
                "Automation rule %s, action %s failed on %s %s",
                self.id,
                action.id,
                records._name,
                sorted(failures),
            )
            self._wiseparts_notify_failure(action, records.browse(list(failures)), failures)

    def _wiseparts_log_loop(self, records):
        """A rule re-triggered by its own action: stopped after one level, logged."""
        now = fields.Datetime.now()
        self.env["wiseparts.automation.log"].sudo().create(
            [
                {
                    "automation_id": self.id,
                    "res_model": records._name,
                    "res_id": res_id,
                    "state": "skipped",
                    "scheduled_at": now,
                    "executed_at": now,
                    "message": self.env._(
                        "Loop stopped: the rule was triggered again by its own action."
                    ),
                }
                for res_id in records.ids
            ]
        )

    def _wiseparts_owner(self):
        owner = self.sudo().wiseparts_owner_id or self.sudo().create_uid
        if not owner or owner._is_superuser() or owner.share:
            owner = self.env.ref("base.user_admin", raise_if_not_found=False) or owner
        return owner

    def _wiseparts_notify_failure(self, action, records, failures):
        owner = self._wiseparts_owner()
        if not owner:
            return
        names = ", ".join(records[:10].mapped("display_name"))
        first_error = next(iter(failures.values()))
        self.env["mail.thread"].sudo().message_notify(
            model=self._name,
            res_id=self.id,
            partner_ids=owner.partner_id.ids,
            subject=self.env._("Automation failed: %(rule)s", rule=self.sudo().name),
            body=self.env._(
                "The action %(action)s of the automation rule %(rule)s failed on %(count)s "
                "record(s) (%(names)s): %(error)s",
                action=action.name,
                rule=self.sudo().name,
                count=len(records),
                names=names,
                error=first_error,
            ),
        )

    # ------------------------------------------------------------------
    # Conditions
    # ------------------------------------------------------------------
    def _wiseparts_domain(self):
        self.ensure_one()
        if not self.sudo().filter_domain:
            return []
        return safe_eval.safe_eval(self.sudo().filter_domain, self._get_eval_context())

    def _wiseparts_recheck(self, records):
        """The records that still meet the rule's conditions (delayed executions)."""
        self.ensure_one()
        if not records:
            return records
        records = records.sudo()
        domain = self._wiseparts_domain()
        if domain:
            records = records.filtered_domain(domain)
        today = fields.Date.context_today(self)
        match self.trigger:
            case "wiseparts_quote_not_confirmed":
                records = records.filtered(lambda order: order.state == "sent")
            case "wiseparts_customer_inactive":
                records = records.filtered(
                    lambda assignment: assignment.segment_id.recency_state == "inactive"
                )
            case "wiseparts_visit_overdue" if "next_visit_date" in records._fields:
                limit = today - timedelta(days=self.wiseparts_days)
                records = records.filtered(
                    lambda p: p.next_visit_date and p.next_visit_date <= limit
                )
            case "wiseparts_reorder_overdue":
                records = records.filtered(
                    lambda row: row._overdue_date(self.wiseparts_reorder_factor) < today
                )
        return records

    # ------------------------------------------------------------------
    # Segment events (called by the segment run)
    # ------------------------------------------------------------------
    @api.model
    def _wiseparts_segment_rules(self):
        return (
            self.sudo()
            .with_context(active_test=True)
            .search([("trigger", "in", list(SEGMENT_TRIGGERS))])
        )

    def _wiseparts_segment_event(self, segment_type, changes):
        """``changes``: (assignment id, old segment id, new segment id) of one run, each a
        customer whose effective segment changed. Every rule of ``self`` keeps the changes
        it is about and stores its executions, due now, for the pending cron."""
        segments = segment_type.sudo().with_context(active_test=False).segment_ids
        rank = {segment.id: (segment.priority, segment.id) for segment in segments}
        recency = {segment.id: segment.recency_state for segment in segments}
        Assignment = self.env["wiseparts.segment.assignment"].sudo()
        for rule in self:
            if rule.trigger == "wiseparts_customer_inactive":
                ids = [
                    aid
                    for aid, old, new in changes
                    if recency.get(new) == "inactive" and recency.get(old) != "inactive"
                ]
            else:
                ids = [
                    aid
                    for aid, old, new in changes
                    if rule._wiseparts_segment_match(old, new, rank)
                ]
            if not ids:
                continue
            domain = rule._wiseparts_domain()
            if domain:
                records = Assignment.search([("id", "in", ids), *domain])
            else:
                records = Assignment.browse(ids)
            if records:
                rule._wiseparts_execute(records, when_due=True)

    def _wiseparts_segment_match(self, old, new, rank):
        self.ensure_one()
        if self.wiseparts_from_segment_id and old != self.wiseparts_from_segment_id.id:
            return False
        if self.wiseparts_to_segment_id and new != self.wiseparts_to_segment_id.id:
            return False
        if self.wiseparts_segment_direction in ("down", "up"):
            if old not in rank or new not in rank:
                return False
            if self.wiseparts_segment_direction == "down":
                return rank[new] > rank[old]
            return rank[new] < rank[old]
        return True

    # ------------------------------------------------------------------
    # Time events (every 15 minutes)
    # ------------------------------------------------------------------
    @api.model
    def _wiseparts_check_time_events(self):
        rules = (
            self.sudo()
            .with_context(active_test=True)
            .search([("trigger", "in", list(TIME_EVENT_TRIGGERS))])
        )
        if any(rule.trigger == "wiseparts_reorder_overdue" for rule in rules):
            self.env["wiseparts.reorder.interval"]._refresh()
        for rule in rules:
            try:
                with self.env.cr.savepoint():
                    due = rule._wiseparts_due_events()
                    records = rule._wiseparts_not_fired(due)
                    if records:
                        rule._wiseparts_execute(records)
            except Exception:
                _logger.exception("Time-based WiseParts automation rule %s failed", rule.id)

    def _wiseparts_due_events(self):
        """{record: datetime the event happened} of the rule's time event, now."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        domain = self._wiseparts_domain()
        days = timedelta(days=self.wiseparts_days)
        match self.trigger:
            case "wiseparts_quote_not_confirmed":
                orders = (
                    self.env["sale.order"]
                    .sudo()
                    .search(
                        [
                            ("state", "=", "sent"),
                            ("wiseparts_sent_date", "<=", now - days),
                            *domain,
                        ]
                    )
                )
                return {order: order.wiseparts_sent_date + days for order in orders}
            case "wiseparts_visit_overdue":
                Partner = self.env["res.partner"].sudo()
                if "next_visit_date" not in Partner._fields:
                    return {}
                partners = Partner.search([("next_visit_date", "<=", today - days), *domain])
                return {
                    partner: datetime.combine(partner.next_visit_date + days, time.min)
                    for partner in partners
                }
            case "wiseparts_reorder_overdue":
                rows = (
                    self.env["wiseparts.reorder.interval"]
                    .sudo()
                    ._overdue(self.wiseparts_reorder_factor, today)
                )
                if domain:
                    rows = rows.filtered_domain(domain)
                return {
                    row: datetime.combine(
                        row._overdue_date(self.wiseparts_reorder_factor), time.min
                    )
                    for row in rows
                }
        return {}

    def _wiseparts_not_fired(self, due):
        """The records of ``due`` the rule has not fired for since their event happened
        (an event fires once; a new event, e.g. a quote sent again, fires again): an
        execution fired for an event is scheduled at or after it."""
        self.ensure_one()
        if not due:
            return self.env[TRIGGER_MODELS[self.trigger]]
        records = self.env[TRIGGER_MODELS[self.trigger]].sudo().concat(*due)
        rows = self.env.execute_query(
            SQL(
                "SELECT res_id, MAX(scheduled_at) FROM wiseparts_automation_log "
                "WHERE automation_id = %s AND res_model = %s AND res_id = ANY(%s) "
                "GROUP BY res_id",
                self.id,
                records._name,
                records.ids,
            )
        )
        fired = dict(rows)
        return records.filtered(
            lambda record: record.id not in fired or fired[record.id] < due[record]
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_view_wiseparts_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_automation_log_action"
        )
        action["domain"] = [("automation_id", "=", self.id)]
        action["context"] = {"default_automation_id": self.id}
        return action
