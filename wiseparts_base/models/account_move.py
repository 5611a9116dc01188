from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """A posted customer invoice makes a potential customer a current one."""
        posted = super()._post(soft=soft)
        customers = posted.filtered(lambda m: m.move_type == "out_invoice").commercial_partner_id
        potential = customers.filtered(lambda p: p.customer_status == "potential")
        if potential:
            # sudo: whoever may post an invoice may record its consequence on the customer's
            # status, even without the right to edit contacts.
            potential.sudo().customer_status = "current"
        return posted
