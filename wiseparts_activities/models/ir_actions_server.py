import re
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# WiseParts' actions, key: label of the selection
WISEPARTS_STATES = {
    "wiseparts_task": "Create WiseParts task",
    "wiseparts_activity": "Schedule activity",
    "wiseparts_notify": "Notify",
    "wiseparts_quote_recovery": "Send quote recovery",
    "wiseparts_quote_status": "Change quote status",
}
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    state = fields.Selection(
        selection_add=list(WISEPARTS_STATES.items()),
        ondelete=dict.fromkeys(WISEPARTS_STATES, "cascade"),
    )
    # every action of an automation rule
    wiseparts_delay = fields.Integer(
        string="Delay",
        help="Run this action this long after the trigger (0: at once). Delayed executions "
        "are stored and re-checked against the rule's conditions when due.",
    )
    wiseparts_delay_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        string="Delay Unit",
        default="hours",
    )
    # Create WiseParts task
    wiseparts_task_type_id = fields.Many2one(
        "wiseparts.task.type", string="Task Type", ondelete="set null"
    )
    wiseparts_subject = fields.Char(
        string="Subject",
        translate=True,
        help="Placeholders: {customer}, {record}, {number}, {salesperson}, {from}, {to}, "
        "{brand}, {interval}, {last_purchase}.",
    )
    wiseparts_description = fields.Text(
        string="Description", translate=True, help="Same placeholders as the subject."
    )
    wiseparts_recipients = fields.Selection(
        [
            ("salesperson", "The record's salesperson"),
            ("team_leader", "The salesperson's team leader"),
            ("users", "Fixed users"),
            ("team", "A sales team"),
        ],
        string="Assignees / Recipients",
        default="salesperson",
    )
    wiseparts_user_ids = fields.Many2many(
        "res.users",
        "ir_actions_server_wiseparts_user_rel",
        "action_id",
        "user_id",
        string="Users",
        domain="[('share', '=', False)]",
    )
    wiseparts_team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="set null")
    wiseparts_due_days = fields.Integer(string="Due In (Days)")
    wiseparts_working_days = fields.Boolean(
        string="Working Days", help="Count the due days from Monday to Friday only."
    )
    wiseparts_priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")],
        string="Task Priority",
        default="1",
    )
    # Schedule activity
    wiseparts_activity_type_id = fields.Many2one(
        "wiseparts.activity.type", string="WiseParts Activity Type", ondelete="set null"
    )
    # Send quote recovery
    wiseparts_template_id = fields.Many2one(
        "mail.template",
        string="Quote Email Template",
        ondelete="set null",
        domain="[('model', '=', 'sale.order')]",
    )
    # Change quote status
    wiseparts_quote_state = fields.Selection(
        [("cancel", "Cancelled"), ("draft", "Quotation")], string="New Quote Status"
    )

    @api.constrains("state", "model_id")
    def _check_wiseparts_quote_model(self):
        for action in self:
            if action.state in ("wiseparts_quote_recovery", "wiseparts_quote_status") and (
                action.model_id.model != "sale.order"
            ):
                raise ValidationError(
                    self.env._("The action %(action)s only applies to quotes.", action=action.name)
                )

    @api.constrains("wiseparts_delay")
    def _check_wiseparts_delay(self):
        if any(action.wiseparts_delay < 0 for action in self):
            raise ValidationError(self.env._("An action's delay cannot be negative."))

    # ------------------------------------------------------------------
    # What the actions need of a record
    # ------------------------------------------------------------------
    @api.model
    def _wiseparts_customer(self, record):
        if record._name == "res.partner":
            return record.commercial_partner_id
        if "partner_id" in record._fields and record.partner_id:
            return record.partner_id.commercial_partner_id
        return self.env["res.partner"]

    @api.model
    def _wiseparts_salesperson(self, record):
        field = record._fields.get("user_id")
        if field and field.type == "many2one" and field.comodel_name == "res.users":
            if record.user_id:
                return record.user_id
        return self._wiseparts_customer(record).user_id

    def _wiseparts_recipients_of(self, record):
        self.ensure_one()
        match self.wiseparts_recipients:
            case "users":
                return self.wiseparts_user_ids
            case "team":
                return self.wiseparts_team_id.member_ids
            case "team_leader":
                return self._wiseparts_salesperson(record).sale_team_id.user_id
        return self._wiseparts_salesperson(record)

    def _wiseparts_placeholders(self, records):
        """{record id: {placeholder: text}} for the subject and description templates."""
        values = {}
        segment_moves = {}
        if records._name == "wiseparts.segment.assignment":
            segment_moves = self._wiseparts_segment_moves(records)
        lang_date = lambda d: (d and fields.Date.to_string(d)) or ""  # noqa: E731
        for record in records:
            customer = self._wiseparts_customer(record)
            vals = {
                "customer": customer.display_name or "",
                "record": record.display_name or "",
                "number": record.display_name or "",
                "salesperson": self._wiseparts_salesperson(record).name or "",
                "from": "",
                "to": "",
                "brand": "",
                "interval": "",
                "last_purchase": "",
            }
            if record._name == "wiseparts.segment.assignment":
                old = segment_moves.get(record.id)
                vals.update(
                    {
                        "from": old.name if old else "",
                        "to": record.segment_id.name or "",
                        "last_purchase": lang_date(record.last_purchase_date),
                    }
                )
            elif record._name == "wiseparts.reorder.interval":
                vals.update(
                    {
                        "brand": record.brand_id.name or "",
                        "interval": f"{record.usual_interval:g}",
                        "last_purchase": lang_date(record.last_purchase_date),
                    }
                )
            values[record.id] = vals
        return values

    def _wiseparts_segment_moves(self, assignments):
        """{assignment id: the segment before its latest change} from the segment history."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id, h.segment_id
                  FROM wiseparts_segment_assignment a
                  JOIN LATERAL (
                        SELECT h.segment_id
                          FROM wiseparts_segment_history h
                          JOIN wiseparts_segment_run r ON r.id = h.run_id
                         WHERE h.partner_id = a.partner_id AND r.type_id = a.type_id
                         ORDER BY h.run_id DESC, h.id DESC
                         OFFSET 1 LIMIT 1
                  ) h ON TRUE
                 WHERE a.id = ANY(%s)
                """,
                assignments.ids,
            )
        )
        segments = self.env["wiseparts.segment"].browse({seg for _aid, seg in rows if seg})
        return {aid: segments.browse(seg) for aid, seg in rows if seg}

    @api.model
    def _wiseparts_render(self, template, vals):
        if not template:
            return ""
        return PLACEHOLDER_RE.sub(lambda m: vals.get(m.group(1), m.group(0)), template)

    def _wiseparts_due_date(self):
        self.ensure_one()
        day = fields.Date.context_today(self)
        if not self.wiseparts_working_days:
            return day + timedelta(days=self.wiseparts_due_days)
        left = self.wiseparts_due_days
        while left > 0 or day.weekday() >= 5:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day

    def _wiseparts_fail(self, record, message):
        """A record this action cannot handle: reported to the automation engine (logged as
        failed while the other records run in one batch); raised when run outside it."""
        failures = self.env.context.get("wiseparts_failures")
        if failures is None:
            raise ValidationError(message)
        failures[record.id] = message

    def _wiseparts_note(self, record, message):
        """What the log says of ``record``'s execution though it succeeded (e.g. sent by
        email instead of WhatsApp)."""
        notes = self.env.context.get("wiseparts_notes")
        if notes is not None:
            notes[record.id] = message

    def _wiseparts_records(self, eval_context):
        return eval_context.get("records") or eval_context["model"].browse(
            self.env.context.get("active_ids", [])
        )

    # ------------------------------------------------------------------
    # Runners (multi: one call for all the records of a rule)
    # ------------------------------------------------------------------
    def _run_action_wiseparts_task_multi(self, eval_context=None):
        records = self._wiseparts_records(eval_context)
        placeholders = self._wiseparts_placeholders(records)
        deadline = self._wiseparts_due_date()
        vals_list = []
        for record in records:
            users = self._wiseparts_recipients_of(record)
            if not users:
                self._wiseparts_fail(
                    record,
                    self.env._(
                        "No one to assign the task of %(record)s to (no salesperson).",
                        record=record.display_name,
                    ),
                )
                continue
            customer = self._wiseparts_customer(record)
            vals = placeholders[record.id]
            vals_list.append(
                {
                    "name": self._wiseparts_render(self.wiseparts_subject, vals) or self.name,
                    "description": self._wiseparts_render(self.wiseparts_description, vals)
                    or False,
                    "user_ids": [Command.set(users.ids)],
                    "date_deadline": deadline,
                    "priority": self.wiseparts_priority or "1",
                    "partner_id": customer.id or False,
                    "type_id": self.wiseparts_task_type_id.id or False,
                    "company_id": (customer.company_id or self.env.company).id,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        self.env["wiseparts.task"].create(vals_list)

    def _run_action_wiseparts_activity_multi(self, eval_context=None):
        records = self._wiseparts_records(eval_context)
        activity_type = self.wiseparts_activity_type_id or self.env.ref(
            "wiseparts_activities.activity_type_visit"
        )
        start = datetime.combine(self._wiseparts_due_date(), time(9, 0))
        vals_list = []
        for record in records:
            customer = self._wiseparts_customer(record)
            user = self._wiseparts_recipients_of(record)[:1]
            if not customer or not user:
                self._wiseparts_fail(
                    record,
                    self.env._(
                        "No customer or salesperson to plan an activity for %(record)s.",
                        record=record.display_name,
                    ),
                )
                continue
            vals_list.append(
                {
                    "type_id": activity_type.id,
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "start": start,
                    "stop": start + timedelta(hours=activity_type.default_duration or 1.0),
                    "company_id": (customer.company_id or self.env.company).id,
                }
            )
        self.env["wiseparts.activity"].create(vals_list)

    def _run_action_wiseparts_notify_multi(self, eval_context=None):
        records = self._wiseparts_records(eval_context)
        placeholders = self._wiseparts_placeholders(records)
        for record in records:
            users = self._wiseparts_recipients_of(record)
            if not users:
                continue
            vals = placeholders[record.id]
            target = (
                record if hasattr(record, "message_notify") else self._wiseparts_customer(record)
            )
            target.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self._wiseparts_render(self.wiseparts_subject, vals) or self.name,
                body=self._wiseparts_render(self.wiseparts_description, vals) or self.name,
            )

    def _run_action_wiseparts_quote_recovery_multi(self, eval_context=None):
        orders = self._wiseparts_records(eval_context)
        template = self.wiseparts_template_id or self.env.ref("sale.email_template_edi_sale")
        for order in orders:
            order.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=order.partner_id.ids,
            )

    def _run_action_wiseparts_quote_status_multi(self, eval_context=None):
        orders = self._wiseparts_records(eval_context)
        if self.wiseparts_quote_state == "cancel":
            orders.filtered(lambda o: o.state in ("draft", "sent"))._action_cancel()
        elif self.wiseparts_quote_state == "draft":
            orders.filtered(lambda o: o.state == "cancel").action_draft()
