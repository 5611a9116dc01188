from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class WisepartsActivity(models.Model):
    _name = "wiseparts.activity"
    _description = "Customer Activity"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    type_id = fields.Many2one(
        "wiseparts.activity.type",
        string="Activity Type",
        required=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self._default_type_id(),
    )
    kind = fields.Selection(related="type_id.kind", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer or one of its branches.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    start = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True, index=True)
    stop = fields.Datetime(compute="_compute_stop", store=True, readonly=False, precompute=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        tracking=True,
        index=True,
        copy=False,
    )
    cancel_reason = fields.Text(copy=False)
    report = fields.Properties(definition="type_id.report_definition", copy=False)
    report_summary = fields.Text(string="Summary", help="What happened.", copy=False)
    followup_task_ids = fields.One2many("wiseparts.task", "activity_id", string="Follow-up Tasks")
    followup_task_count = fields.Integer(compute="_compute_followup_task_count")
    calendar_event_id = fields.Many2one(
        "calendar.event", ondelete="set null", copy=False, index=True
    )
    segment_id = fields.Many2one(
        "wiseparts.segment",
        readonly=True,
        copy=False,
        help="The customer's segment (of the visit segment type) when the activity was done.",
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    call_direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], string="Direction"
    )
    call_outcome = fields.Selection(
        [
            ("answered", "Answered"),
            ("no_answer", "No Answer"),
            ("busy", "Busy"),
            ("voicemail", "Voicemail"),
            ("missed", "Missed"),
        ],
        string="Outcome",
    )
    call_duration = fields.Integer(string="Call Duration (s)")

    _sql_constraints = [
        (
            "stop_after_start",
            "CHECK (stop IS NULL OR stop >= start)",
            "An activity cannot end before it starts.",
        ),
    ]

    @api.model
    def _default_type_id(self):
        kind = self.env.context.get("default_kind") or "visit"
        return self.env["wiseparts.activity.type"].search([("kind", "=", kind)], limit=1)

    @api.depends("type_id", "partner_id")
    def _compute_name(self):
        for activity in self:
            if activity.type_id and activity.partner_id:
                activity.name = self.env._(
                    "%(type)s: %(customer)s",
                    type=activity.type_id.name,
                    customer=activity.partner_id.display_name,
                )
            elif not activity.name:
                activity.name = activity.type_id.name or False

    @api.depends("start", "type_id")
    def _compute_stop(self):
        for activity in self:
            if activity.start:
                hours = activity.type_id.default_duration or 1.0
                activity.stop = activity.start + timedelta(hours=hours)

    def _compute_followup_task_count(self):
        counts = dict(
            self.env["wiseparts.task"]._read_group(
                [("activity_id", "in", self.ids)], ["activity_id"], ["__count"]
            )
        )
        for activity in self:
            activity.followup_task_count = counts.get(activity, 0)

    def write(self, vals):
        if not self.env["res.users"]._wiseparts_is_sales_admin():
            locked = self.filtered(lambda a: a.state == "done")
            # moving a done activity back (action_reset) is the one change allowed
            if locked and set(vals) - {"state", "date_done", "segment_id"} - self._mail_fields():
                raise UserError(
                    self.env._(
                        "%(activity)s is done: only a sales administrator may change it.",
                        activity=locked[0].display_name,
                    )
                )
        return super().write(vals)

    @api.model
    def _mail_fields(self):
        return {"message_main_attachment_id", "activity_ids", "message_follower_ids"}

    def action_done(self):
        for activity in self:
            if activity.state != "planned":
                raise UserError(
                    self.env._(
                        "%(activity)s is not planned: only planned activities can be done.",
                        activity=activity.display_name,
                    )
                )
            missing = activity.type_id._missing_report_fields(activity.report)
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(activity)s: fill in the report field(s) %(fields)s before marking "
                        "it done.",
                        activity=activity.display_name,
                        fields=", ".join(missing),
                    )
                )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self._set_done_segment()
        return True

    def action_cancel(self):
        for activity in self:
            if activity.state != "planned":
                raise UserError(
                    self.env._(
                        "%(activity)s is not planned: only planned activities can be cancelled.",
                        activity=activity.display_name,
                    )
                )
            if not (activity.cancel_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(activity)s: give a cancel reason before cancelling it.",
                        activity=activity.display_name,
                    )
                )
        self.write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.write({"state": "planned", "date_done": False, "segment_id": False})
        return True

    def action_create_followup_task(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "wiseparts.task",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_activity_id": self.id,
                "default_partner_id": self.commercial_partner_id.id,
                "default_user_ids": [self.user_id.id],
                "default_name": self.env._("Follow-up: %(activity)s", activity=self.name),
                "default_description": self.report_summary or False,
            },
        }

    def action_view_followup_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_task_action"
        )
        action["domain"] = [("activity_id", "=", self.id)]
        action["context"] = {"default_activity_id": self.id}
        return action

    def _set_done_segment(self):
        """Store the customer's effective segment of the visit segment type, so that reports
        stay true after later segment runs. One search for the whole batch."""
        by_company = {}
        for activity in self:
            by_company.setdefault(activity.company_id, self.browse())
            by_company[activity.company_id] |= activity
        # sudo: the segment of a customer whose activity the user may write is not a secret
        # (a rep may read the assignments of their own customers only, not of a branch's)
        Assignment = self.env["wiseparts.segment.assignment"].sudo()
        for company, activities in by_company.items():
            segment_type = company._wiseparts_visit_segment_type()
            if not segment_type:
                continue
            assignments = Assignment.search(
                [
                    ("type_id", "=", segment_type.id),
                    ("partner_id", "in", activities.commercial_partner_id.ids),
                ]
            )
            segment_by_partner = {a.partner_id.id: a.segment_id.id for a in assignments}
            for activity in activities:
                activity.segment_id = segment_by_partner.get(activity.commercial_partner_id.id)
