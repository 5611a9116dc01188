from odoo import api, fields, models
from odoo.exceptions import UserError


class WisepartsConversationWhatsappSend(models.TransientModel):
    _name = "wiseparts.conversation.whatsapp.send"
    _description = "Send a WhatsApp message"

    conversation_id = fields.Many2one("wiseparts.conversation", required=True, ondelete="cascade")
    sale_order_id = fields.Many2one("sale.order", string="Quote", ondelete="cascade")
    window_open = fields.Boolean(related="conversation_id.whatsapp_window_open")
    body = fields.Text(string="Message")
    template_id = fields.Many2one(
        "wiseparts.whatsapp.template",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        domain="[('status', '=', 'approved'), ('company_id', '=', company_id)]",
    )
    company_id = fields.Many2one(related="conversation_id.company_id")
    parameters = fields.Text(string="Template values", help="One value per line: {{1}}, {{2}}...")
    preview = fields.Text(compute="_compute_preview")

    @api.depends("conversation_id", "sale_order_id", "window_open")
    def _compute_template_id(self):
        for wizard in self:
            if wizard.window_open or wizard.template_id:
                continue
            if wizard.sale_order_id:
                accounts = self.env["wiseparts.whatsapp.account"].search(
                    [("company_id", "=", wizard.company_id.id)]
                )
                wizard.template_id = accounts.quote_template_id[:1]

    @api.depends("template_id", "parameters", "body")
    def _compute_preview(self):
        for wizard in self:
            if wizard.template_id:
                wizard.preview = wizard.template_id._wiseparts_render(wizard._parameter_list())
            else:
                wizard.preview = wizard.body

    def _parameter_list(self):
        return [line.strip() for line in (self.parameters or "").splitlines() if line.strip()]

    def action_send(self):
        self.ensure_one()
        conversation = self.conversation_id
        if self.template_id:
            conversation.send_whatsapp_template(self.template_id, self._parameter_list())
        elif self.window_open:
            conversation.send_whatsapp(self.body)
        else:
            raise UserError(
                self.env._("Outside the 24-hour window, choose an approved template to send.")
            )
        if self.sale_order_id:
            self.sale_order_id.message_post(
                body=self.env._("Shared by WhatsApp with the customer."),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
