from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wiseparts_checkin_radius = fields.Integer(
        related="company_id.wiseparts_checkin_radius", readonly=False
    )
    wiseparts_visit_segment_type_id = fields.Many2one(
        related="company_id.wiseparts_visit_segment_type_id", readonly=False
    )
    wiseparts_attribution_days = fields.Integer(
        related="company_id.wiseparts_attribution_days", readonly=False
    )
