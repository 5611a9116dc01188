from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round, plaintext2html

from odoo.addons.wiseparts_base.services.secret import new_secret

from ..services.quick_order import MAX_QUANTITY, is_zero, parse_quantity

NOTE_MAX_CHARS = 2000
REF_MAX_CHARS = 64


class WisepartsQuickOrderCart(models.Model):
    """Cart of a quick-order page, kept in the database and keyed by link + random key.

    The key is also the idempotency key of the order: placing the same cart twice gives one
    order (`sale.order.quick_order_key` is unique). Only the public controller touches
    carts, with sudo, after the link's token check; administrators may read them.

    Every rule of the cart and its order lives here (quantities, line limit, offer, order
    values, minimum and maximum order value); the controller parses, calls and renders.
    Refusals are UserErrors naming the product and what is wrong, raised before anything
    is written.
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

    # ------------------------------------------------------------------
    # Finding and creating carts
    # ------------------------------------------------------------------
    @api.model
    def _find(self, link, key):
        """The open cart (no order yet) of `link` with `key`, else an empty recordset."""
        if not key:
            return self.browse()
        cart = self.search([("link_id", "=", link.id), ("key", "=", key)], limit=1)
        return cart if not cart.order_id else self.browse()

    @api.model
    def _new(self, link):
        return self.create({"link_id": link.id, "key": new_secret()})

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _max_lines(self):
        return self.link_id.company_id.quick_order_max_lines

    def _check_line_count(self, count):
        """Refuse a cart of more than the company's quick_order_max_lines lines."""
        maximum = self._max_lines()
        if maximum and count > maximum:
            raise UserError(
                self.env._(
                    "A quick order may have at most %(max)s lines: place this order first or "
                    "remove a line.",
                    max=maximum,
                )
            )

    @api.model
    def _quantity_error(self, product):
        return UserError(
            self.env._(
                "%(product)s: the quantity must be a number above 0 and at most %(max)s.",
                product=product.display_name,
                max=MAX_QUANTITY,
            )
        )

    @api.model
    def _check_quantity(self, product, raw):
        """The quantity typed for `product` as a float in its unit, or a UserError naming the
        product: not a number, not above 0, above MAX_QUANTITY or below the unit's rounding."""
        quantity = parse_quantity(raw)
        if quantity is None:
            raise self._quantity_error(product)
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        uom = product.uom_id
        rounded = float_round(quantity, precision_rounding=uom.rounding)
        rounded = float_round(rounded, precision_digits=digits)
        if float_compare(rounded, 0, precision_digits=digits) <= 0:
            raise UserError(
                self.env._(
                    "%(product)s: the quantity must be at least %(min)s %(uom)s.",
                    product=product.display_name,
                    min=max(uom.rounding, 10**-digits),
                    uom=uom.name,
                )
            )
        return rounded

    def _refused_products(self):
        """Products of the cart no longer offered (archived, not saleable, filtered out)."""
        self.ensure_one()
        products = self.line_ids.product_id
        return products - self.link_id._offered_products(products.ids)

    # ------------------------------------------------------------------
    # Changing the cart
    # ------------------------------------------------------------------
    def _update(self, product_id, raw_quantity, mode="add"):
        """Add to, set or remove a line of this cart, or raise a UserError (nothing written).

        Removing (or setting 0) works for any product of the cart, even one withdrawn from
        sale since."""
        self.ensure_one()
        line = self.line_ids.filtered(lambda cart_line: cart_line.product_id.id == product_id)
        if mode == "remove" or (mode == "set" and is_zero(raw_quantity)):
            line.unlink()
            return
        product = self.link_id._offered_products([product_id])
        if not product:
            raise UserError(self.env._("This product is not available for ordering."))
        quantity = self._check_quantity(product, raw_quantity)
        if mode == "add":
            quantity += line.quantity
            if float_compare(quantity, MAX_QUANTITY, precision_digits=6) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: the quantity must be a number above 0 and at most %(max)s.",
                        product=product.display_name,
                        max=MAX_QUANTITY,
                    )
                )
        if line:
            line.quantity = quantity
        else:
            self._check_line_count(len(self.line_ids) + 1)
            self.line_ids = [
                fields.Command.create({"product_id": product.id, "quantity": quantity})
            ]

    def _reorder(self, order):
        """Add the still offered products of `order` to this cart; return whether some were
        left out. Refused as a whole (nothing written) past the line limit."""
        self.ensure_one()
        offered = self.link_id._offered_products(order.order_line.product_id.ids)
        quantities = {line.product_id: line.quantity for line in self.line_ids}
        for order_line in order.order_line:
            if order_line.product_id in offered:
                product = order_line.product_id
                quantities[product] = min(
                    MAX_QUANTITY, quantities.get(product, 0.0) + order_line.product_uom_qty
                )
        self._check_line_count(len(quantities))
        lines = {line.product_id: line for line in self.line_ids}
        self.line_ids = [
            fields.Command.update(lines[product].id, {"quantity": quantity})
            if product in lines
            else fields.Command.create({"product_id": product.id, "quantity": quantity})
            for product, quantity in quantities.items()
        ]
        return len(offered) < len(order.order_line.product_id)

    # ------------------------------------------------------------------
    # Order
    # ------------------------------------------------------------------
    def _order_values(self, lines):
        """sale.order values for [(product, quantity)]; Odoo computes prices and taxes."""
        self.ensure_one()
        link = self.link_id
        partner = link.partner_id
        commercial = partner.commercial_partner_id
        company = link.company_id
        user = company.quick_order_user_id or partner.user_id or commercial.user_id
        team = company.quick_order_team_id or partner.team_id or commercial.team_id
        return {
            "partner_id": partner.id,
            "partner_invoice_id": commercial.address_get(["invoice"])["invoice"],
            "company_id": company.id,
            "user_id": user.id,
            "team_id": team.id or False,
            # Not translated: reps filter and read it, whatever the customer's language.
            "origin": "Quick order",
            "is_quick_order": True,
            "quick_order_link_id": link.id,
            "order_line": [
                fields.Command.create({"product_id": product.id, "product_uom_qty": quantity})
                for product, quantity in lines
            ],
        }

    def _summary(self):
        """{"order": unsaved sale.order of the offered lines (Odoo's prices and totals) or
        None, "refused": products no longer offered, "limits_error": message or ""}."""
        if not self or not self.line_ids:
            return {"order": None, "refused": [], "limits_error": ""}
        refused = self._refused_products()
        accepted = [
            (line.product_id, line.quantity)
            for line in self.line_ids
            if line.product_id not in refused
        ]
        order = self.env["sale.order"].new(self._order_values(accepted))
        limits_error = ""
        if order.order_line:
            limits_error = self._order_value_error(order.amount_untaxed, order.currency_id)
        return {"order": order, "refused": refused, "limits_error": limits_error}

    def _order_value_error(self, amount, currency):
        """Message when `amount` (untaxed) is outside the company's min/max order value."""
        company = self.link_id.company_id
        today = fields.Date.context_today(self)
        minimum = company.currency_id._convert(
            company.quick_order_min_amount, currency, company, today
        )
        maximum = company.currency_id._convert(
            company.quick_order_max_amount, currency, company, today
        )
        fmt = self.env["ir.qweb.field.monetary"]
        options = {"display_currency": currency}
        if minimum and float_compare(amount, minimum, precision_rounding=currency.rounding) < 0:
            return self.env._(
                "The minimum order value is %(minimum)s (excl. taxes); your order is %(amount)s.",
                minimum=fmt.value_to_html(minimum, options),
                amount=fmt.value_to_html(amount, options),
            )
        if maximum and float_compare(amount, maximum, precision_rounding=currency.rounding) > 0:
            return self.env._(
                "The maximum order value is %(maximum)s (excl. taxes); your order is %(amount)s.",
                maximum=fmt.value_to_html(maximum, options),
                amount=fmt.value_to_html(amount, options),
            )
        return ""

    def _place_order(self, client_order_ref="", note=""):
        """Turn this cart into a sale order (once: a second call returns the same order) or
        raise a UserError listing what must change first; nothing is written then."""
        self.ensure_one()
        # Serialise submits of one cart: a double click waits here, then finds the order.
        self.env.cr.execute(
            SQL("SELECT id FROM wiseparts_quick_order_cart WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset(["order_id"])
        if self.order_id:
            return self.order_id
        errors = [
            self.env._(
                "%(product)s is no longer available: remove it from your cart.",
                product=product.display_name,
            )
            for product in self._refused_products()
        ]
        if not self.line_ids:
            errors.append(self.env._("Your cart is empty."))
        try:
            self._check_line_count(len(self.line_ids))
        except UserError as error:
            errors.append(error.args[0])
        if errors:
            raise UserError("\n".join(errors))
        note = (note or "").strip()[:NOTE_MAX_CHARS]
        values = dict(
            self._order_values([(line.product_id, line.quantity) for line in self.line_ids]),
            client_order_ref=(client_order_ref or "").strip()[:REF_MAX_CHARS] or False,
            quick_order_note=note or False,
            quick_order_key=self.key,
        )
        with self.env.cr.savepoint():
            order = self.env["sale.order"].create(values)
            limits_error = self._order_value_error(order.amount_untaxed, order.currency_id)
            if limits_error:
                raise UserError(limits_error)  # rolls the order back to the savepoint
        self.order_id = order
        if self.link_id.company_id.quick_order_confirm:
            order.action_confirm()
        self._notify(order)
        return order

    def _notify(self, order):
        """Tell the salesperson and followers (with the customer's note); email the customer
        a confirmation."""
        partner = self.link_id.partner_id
        if order.user_id:
            order.message_subscribe(partner_ids=order.user_id.partner_id.ids)
        body = Markup("<p>%s</p>") % self.env._(
            "Order placed by %(partner)s through a quick-order link.",
            partner=partner.display_name,
        )
        if order.quick_order_note:
            body += Markup("<p><b>%s</b></p>%s") % (
                self.env._("Customer's note:"),
                plaintext2html(order.quick_order_note),
            )
        order.message_post(
            body=body,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if partner.email:
            template = self.env.ref("wiseparts_quick_order.mail_template_quick_order_confirmation")
            template.send_mail(order.id, email_layout_xmlid="mail.mail_notification_light")

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
