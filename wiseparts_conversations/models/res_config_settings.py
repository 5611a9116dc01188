from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wiseparts_inbox_team_id = fields.Many2one(
        related="company_id.wiseparts_inbox_team_id", readonly=False
    )
    wiseparts_auto_reply = fields.Boolean(related="company_id.wiseparts_auto_reply", readonly=False)
    wiseparts_out_of_hours_reply = fields.Text(
        related="company_id.wiseparts_out_of_hours_reply", readonly=False
    )
    wiseparts_first_contact_reply = fields.Text(
        related="company_id.wiseparts_first_contact_reply", readonly=False
    )
    wiseparts_resource_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id", readonly=False
    )
    wiseparts_ai_enabled = fields.Boolean(related="company_id.wiseparts_ai_enabled", readonly=False)
    wiseparts_ai_base_url = fields.Char(related="company_id.wiseparts_ai_base_url", readonly=False)
    wiseparts_ai_model = fields.Char(related="company_id.wiseparts_ai_model", readonly=False)
    wiseparts_ai_api_key = fields.Char(
        related="company_id.wiseparts_ai_api_key",
        readonly=False,
        groups="sales_team.group_sale_manager",
    )
