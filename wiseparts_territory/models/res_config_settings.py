from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wiseparts_customer_visibility = fields.Selection(
        related="company_id.wiseparts_customer_visibility", readonly=False
    )
    wiseparts_visits_per_day = fields.Integer(
        related="company_id.wiseparts_visits_per_day", readonly=False
    )
