# Own file: several helpers extend this model in wiseparts_activities at once (COMMON.md).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wiseparts_callback_delay = fields.Integer(
        string="Call-back Delay (Minutes)",
        default=15,
        help="A missed inbound call gets a call-back task unless the number is called back "
        "within this many minutes (0: at once).",
    )
    wiseparts_callcenter_team_id = fields.Many2one(
        "crm.team",
        string="Call-centre Team",
        help="Its members get the call-back tasks of customers without a salesperson.",
    )
