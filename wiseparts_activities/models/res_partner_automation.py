# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    wiseparts_reorder_interval_ids = fields.One2many(
        "wiseparts.reorder.interval",
        "partner_id",
        string="Reorder Intervals",
        groups="sales_team.group_sale_salesman",
    )
    wiseparts_automation_log_count = fields.Integer(
        string="Automations",
        compute="_compute_wiseparts_automation_log_count",
        groups="sales_team.group_sale_manager",
    )

    def _compute_wiseparts_automation_log_count(self):
        Log = self.env["wiseparts.automation.log"]
        for partner in self:
            partner.wiseparts_automation_log_count = Log.search_count(
                partner._wiseparts_automation_log_domain()
            )

    def _wiseparts_automation_log_domain(self):
        """The executions about the customers: on them, their quotes, their segment
        assignments and their reorder intervals."""
        partners = self.commercial_partner_id
        orders = self.env["sale.order"].sudo().search([("partner_id", "child_of", partners.ids)])
        assignments = (
            self.env["wiseparts.segment.assignment"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        reorders = (
            self.env["wiseparts.reorder.interval"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        return [
            "|",
            "|",
            "|",
            "&",
            ("res_model", "=", "res.partner"),
            ("res_id", "in", (self | partners).ids),
            "&",
            ("res_model", "=", "sale.order"),
            ("res_id", "in", orders.ids),
            "&",
            ("res_model", "=", "wiseparts.segment.assignment"),
            ("res_id", "in", assignments.ids),
            "&",
            ("res_model", "=", "wiseparts.reorder.interval"),
            ("res_id", "in", reorders.ids),
        ]

    def action_view_wiseparts_automation_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_automation_log_action"
        )
        action["domain"] = self._wiseparts_automation_log_domain()
        action["context"] = {}
        return action
