from odoo import fields, models


class SaleReport(models.Model):
    _inherit = "sale.report"

    segment_id = fields.Many2one("wiseparts.segment", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        # the customer's segment of the default type (stored on every partner)
        res["segment_id"] = "partner.default_segment_id"
        return res

    def _group_by_sale(self):
        res = super()._group_by_sale()
        return res + ",\n            partner.default_segment_id"
