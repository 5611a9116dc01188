from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.depends("order_id.partner_id")
    def _compute_discount(self):
        """New lines start with the customer's WiseParts discount %, still editable per line.

        The discount of the ordering partner (a branch) wins; else its commercial partner's.
        A pricelist discount computed by Odoo is kept when the customer has none.
        """
        res = super()._compute_discount()
        for line in self:
            partner = line.order_id.partner_id
            percent = partner.discount_percent or partner.commercial_partner_id.discount_percent
            if percent and not line.display_type:
                line.discount = percent
        return res
