from odoo import api, fields, models
from odoo.tools import SQL


class AccountInvoiceReport(models.Model):
    _inherit = "account.invoice.report"

    segment_id = fields.Many2one("wiseparts.segment", readonly=True)

    @api.model
    def _select(self) -> SQL:
        # the segment of the default type of the invoiced commercial partner
        return SQL("%s, commercial_partner.default_segment_id AS segment_id", super()._select())
