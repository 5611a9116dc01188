from odoo import fields, models


class WisepartsActivity(models.Model):
    _inherit = "wiseparts.activity"

    wiseparts_trip_ref = fields.Char(
        string="Trip",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The planned trip that created this visit (re-planning replaces its visits).",
    )
