# Own file: several helpers extend this model in wiseparts_activities at once (COMMON.md).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wiseparts_callback_delay = fields.Integer(
        related="company_id.wiseparts_callback_delay", readonly=False
    )
    wiseparts_callcenter_team_id = fields.Many2one(
        related="company_id.wiseparts_callcenter_team_id", readonly=False
    )
