from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    quick_order_link_id = fields.Many2one(
        "wiseparts.quick.order.link",
        string="Quick-order link",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    is_quick_order = fields.Boolean(
        string="Quick order",
        readonly=True,
        copy=False,
        help="Placed by the customer through a quick-order link.",
    )
    quick_order_note = fields.Text(
        string="Customer's note",
        readonly=True,
        copy=False,
        help="Written by the customer when placing a quick order. The order's terms and "
        "conditions stay the company's.",
    )
    quick_order_key = fields.Char(
        string="Quick-order cart key",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )

    _sql_constraints = [
        (
            "quick_order_key_uniq",
            "unique(quick_order_key)",
            "This quick-order cart was already ordered.",
        ),
    ]
