from odoo import api, fields, models
from odoo.tools import float_round


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    @api.model
    def _wiseparts_customer_discount(self, partner):
        """The WiseParts customer discount % of `partner`: a branch's own, else its commercial
        partner's (0 when neither has one)."""
        return partner.discount_percent or partner.commercial_partner_id.discount_percent or 0.0

    @api.model
    def _wiseparts_cascade_discount(self, pricelist_discount, customer_discount):
        """The line discount % giving both discounts in cascade: 1 - (1 - a)(1 - b), rounded
        like `sale.order.line.discount` so that every price derived from it is the same."""
        combined = 100.0 - (100.0 - pricelist_discount) * (100.0 - customer_discount) / 100.0
        return self._wiseparts_round_discount(combined)

    @api.model
    def _wiseparts_round_discount(self, discount):
        digits = self.env["decimal.precision"].precision_get("Discount")
        return float_round(discount, precision_digits=digits)

    def _wiseparts_net_prices(self, products, partner, quantity=1.0, currency=None, date=None):
        """{product id: net unit price} of `products` for `partner` with this pricelist (empty:
        the products' sales price), untaxed, in `currency` (default: the pricelist's).

        The one price rule of WiseParts: the customer discount applies on top of whatever the
        pricelist gives, net = pricelist price x (1 - customer %). With Odoo's Discounts option
        and a percentage rule, a sale order line shows the price before the pricelist discount
        and the combined discount (`_wiseparts_cascade_discount`); the net computed here is
        that line's price_unit x (1 - discount), rounding included.
        """
        self and self.ensure_one()
        currency = currency or self.currency_id or self.env.company.currency_id
        date = date or fields.Datetime.now()
        customer = self._wiseparts_customer_discount(partner)
        rules = self._compute_price_rule(products, quantity, currency=currency, date=date)
        Rule = self.env["product.pricelist.item"]
        result = {}
        for product in products:
            price, rule_id = rules[product.id]
            rule = Rule.browse(rule_id)
            pricelist_discount = 0.0
            if self and rule._show_discount():
                base = rule._compute_price_before_discount(
                    product=product,
                    quantity=quantity,
                    uom=product.uom_id,
                    date=date,
                    currency=currency,
                )
                if base and price < base:
                    # As sale.order.line._compute_discount, rounded like the line's field.
                    pricelist_discount = self._wiseparts_round_discount((base - price) / base * 100)
                    price = base
            if customer or pricelist_discount:
                discount = self._wiseparts_cascade_discount(pricelist_discount, customer)
                price *= 1 - discount / 100.0
            result[product.id] = price
        return result
