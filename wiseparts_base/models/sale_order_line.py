from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.partner_id")
    def _compute_discount(self):
        """The customer's WiseParts discount % applies on top of the pricelist's, in cascade.

        Odoo sets the pricelist's discount (Discounts option on, percentage rule) or none (the
        price_unit already holds the pricelist price); the line's discount is then
        1 - (1 - pricelist %)(1 - customer %). The rule and the customer % (a branch's own,
        else its commercial partner's) live on product.pricelist, shared with the quick-order
        catalogue. The discount stays editable per line.
        """
        res = super()._compute_discount()
        Pricelist = self.env["product.pricelist"]
        discount_enabled = self.env["product.pricelist.item"]._is_discount_feature_enabled()
        for line in self:
            if not line.product_id or line.display_type:
                continue
            customer = Pricelist._wiseparts_customer_discount(line.order_id.partner_id)
            if not customer:
                continue  # Odoo's own discount, untouched
            # Odoo leaves the previous value when it computes no pricelist discount itself:
            # never cascade on it (it may be this very rule's result).
            pricelist_discount = (
                line.discount if discount_enabled and line.order_id.pricelist_id else 0.0
            )
            line.discount = Pricelist._wiseparts_cascade_discount(pricelist_discount, customer)
        return res
