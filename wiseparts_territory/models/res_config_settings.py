from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wiseparts_customer_visibility = fields.Selection(
        related="company_id.wiseparts_customer_visibility", readonly=False
    )
