from datetime import timedelta

from odoo import api, fields, models


class WisepartsQuickOrderCart(models.Model):
    """Cart of a quick-order page, kept in the database and keyed by link + random key.

    The key is also the idempotency key of the order: placing the same cart twice gives one
    order (`sale.order.quick_order_key` is unique). Only the public controller touches
    carts, with sudo, after the link's token check; administrators may read them.
    """

    _name = "wiseparts.quick.order.cart"
    _description = "Quick-Order Cart"

    link_id = fields.Many2one(
        "wiseparts.quick.order.link", required=True, index=True, ondelete="cascade"
    )
    key = fields.Char(required=True, copy=False)
    line_ids = fields.One2many("wiseparts.quick.order.cart.line", "cart_id", string="Lines")
    order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="set null")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "A quick-order cart key must be unique."),
    ]

    def _set_quantity(self, product, quantity, add=False):
        self.ensure_one()
        line = self.line_ids.filtered(lambda cart_line: cart_line.product_id == product)
        if line:
            line.quantity = line.quantity + quantity if add else quantity
        else:
            self.line_ids = [
                fields.Command.create({"product_id": product.id, "quantity": quantity})
            ]

    @api.autovacuum
    def _gc_abandoned(self):
        """Drop carts left without an order for 30 days."""
        limit = fields.Datetime.now() - timedelta(days=30)
        self.search([("order_id", "=", False), ("write_date", "<", limit)]).unlink()


class WisepartsQuickOrderCartLine(models.Model):
    _name = "wiseparts.quick.order.cart.line"
    _description = "Quick-Order Cart Line"
    _order = "id"

    cart_id = fields.Many2one(
        "wiseparts.quick.order.cart", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    quantity = fields.Float(required=True, digits="Product Unit of Measure")

    _sql_constraints = [
        ("product_uniq", "unique(cart_id, product_id)", "One cart line per product."),
        ("quantity_positive", "CHECK(quantity > 0)", "Cart quantities must be positive."),
    ]
