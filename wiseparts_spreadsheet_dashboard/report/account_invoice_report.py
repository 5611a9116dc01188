from odoo import api, fields, models
from odoo.tools import SQL


class AccountInvoiceReport(models.Model):
    _inherit = "account.invoice.report"
    _depends = {"res.partner": ["customer_status", "temperature"]}

    customer_status = fields.Selection(selection="_selection_customer_status", readonly=True)
    temperature = fields.Selection(
        selection="_selection_temperature", readonly=True, string="Customer Temperature"
    )

    @api.model
    def _selection_customer_status(self):
        return self.env["res.partner"]._fields["customer_status"]._description_selection(self.env)

    @api.model
    def _selection_temperature(self):
        return self.env["res.partner"]._fields["temperature"]._description_selection(self.env)

    @api.model
    def _select(self) -> SQL:
        # status and temperature of the invoiced commercial partner (the customer)
        return SQL(
            "%s, commercial_partner.customer_status AS customer_status, "
            "commercial_partner.temperature AS temperature",
            super()._select(),
        )
