from collections import defaultdict

from odoo import api, fields, models

# pending executions processed per cron call (the cron calls itself again when more are due)
PENDING_BATCH = 50000


class WisepartsAutomationLog(models.Model):
    _name = "wiseparts.automation.log"
    _description = "Automation Execution"
    _order = "id desc"

    automation_id = fields.Many2one(
        "base.automation", string="Automation Rule", required=True, ondelete="cascade", index=True
    )
    action_id = fields.Many2one("ir.actions.server", ondelete="cascade")
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Done"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
        ],
        required=True,
        default="pending",
        index=True,
    )
    scheduled_at = fields.Datetime(required=True, default=fields.Datetime.now)
    executed_at = fields.Datetime()
    message = fields.Text()
    record_name = fields.Char(compute="_compute_record_name")

    def init(self):
        # the cron reads the due pending executions; nothing else is pending
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS wiseparts_automation_log_pending_idx "
            "ON wiseparts_automation_log (scheduled_at) WHERE state = 'pending'"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS wiseparts_automation_log_record_idx "
            "ON wiseparts_automation_log (res_model, res_id)"
        )

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        by_model = defaultdict(list)
        for log in self:
            if log.res_model in self.env:
                by_model[log.res_model].append(log.res_id)
        names = {}
        for model, ids in by_model.items():
            records = self.env[model].browse(ids).exists()
            records = records._filtered_access("read")
            names.update({(model, r.id): r.display_name for r in records})
        for log in self:
            log.record_name = names.get(
                (log.res_model, log.res_id), f"{log.res_model},{log.res_id}"
            )

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.model
    def _cron_process_pending(self):
        """Run the delayed executions that are due, grouped by rule and action (set-based).

        Each group is re-checked against its rule's conditions first: records that no
        longer match are logged as skipped.
        """
        now = fields.Datetime.now()
        logs = self.search(
            [("state", "=", "pending"), ("scheduled_at", "<=", now)],
            order="scheduled_at, id",
            limit=PENDING_BATCH,
        )
        groups = defaultdict(list)
        for log in logs:
            groups[log.automation_id, log.action_id, log.res_model].append(log.id)
        for (automation, action, res_model), log_ids in groups.items():
            group = self.browse(log_ids)
            automation = automation.sudo()
            if not automation.active or not action or res_model not in self.env:
                group.write(
                    {
                        "state": "skipped",
                        "executed_at": now,
                        "message": self.env._("The rule or its action no longer exists."),
                    }
                )
                continue
            records = self.env[res_model].browse(group.mapped("res_id")).exists()
            matching = automation._wiseparts_recheck(records)
            skipped = group.filtered(lambda log, ids=set(matching.ids): log.res_id not in ids)
            skipped.write(
                {
                    "state": "skipped",
                    "executed_at": now,
                    "message": self.env._("The rule's conditions are no longer met."),
                }
            )
            if matching:
                automation._wiseparts_run_action(action, matching, logs=group - skipped)
        if len(logs) == PENDING_BATCH:
            self.env.ref("wiseparts_activities.ir_cron_automation_pending")._trigger()
