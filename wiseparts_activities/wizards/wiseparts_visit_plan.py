from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models


class WisepartsVisitPlan(models.TransientModel):
    _name = "wiseparts.visit.plan"
    _description = "Plan Visits"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    start = fields.Datetime(
        string="First Visit", required=True, default=lambda self: self._default_start()
    )
    user_id = fields.Many2one(
        "res.users",
        string="Visited By",
        domain="[('share', '=', False)]",
        help="Empty: each customer's salesperson.",
    )

    @api.model
    def _default_start(self):
        """Tomorrow at 8:00 in the user's time zone."""
        tomorrow = fields.Date.context_today(self) + timedelta(days=1)
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(tomorrow, time(8, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def action_plan(self):
        self.ensure_one()
        activity_ids = self.env["wiseparts.activity"].plan_visits(
            self.partner_ids.ids, self.start, self.user_id.id or None
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_activity_action"
        )
        action["domain"] = [("id", "in", activity_ids)]
        action["context"] = {}
        return action
