# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    wiseparts_sent_date = fields.Datetime(
        string="Quote Sent On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the quote was last sent to the customer (automation rules count the days "
        "a quote stays unconfirmed from it).",
    )

    def write(self, vals):
        if vals.get("state") == "sent":
            vals = {**vals, "wiseparts_sent_date": fields.Datetime.now()}
        return super().write(vals)
