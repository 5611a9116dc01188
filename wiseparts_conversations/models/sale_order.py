from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_wiseparts_share_whatsapp(self):
        """Share the quote's portal link in the customer's WhatsApp conversation."""
        self.ensure_one()
        self.check_access("read")
        conversation = self.env["wiseparts.conversation"]._wiseparts_for_partner(
            self.partner_id, self.company_id
        )
        link = self.get_base_url() + self.get_portal_url()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Share by WhatsApp"),
            "res_model": "wiseparts.conversation.whatsapp.send",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_conversation_id": conversation.id,
                "default_sale_order_id": self.id,
                "default_body": self.env._(
                    "Hello, here is your quotation %(name)s: %(link)s", name=self.name, link=link
                ),
                "default_parameters": link,
            },
        }
