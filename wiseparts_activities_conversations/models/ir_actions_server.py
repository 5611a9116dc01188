from odoo import api, fields, models
from odoo.exceptions import UserError


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    state = fields.Selection(
        selection_add=[("wiseparts_whatsapp", "Send WhatsApp message")],
        ondelete={"wiseparts_whatsapp": "cascade"},
    )
    # Send quote recovery
    wiseparts_quote_channel = fields.Selection(
        [("whatsapp", "WhatsApp, else email"), ("email", "Email")],
        string="Send By",
        default="whatsapp",
        help="WhatsApp: in the customer's conversation when the customer has a mobile number "
        "and the company a WhatsApp account; otherwise (or when Meta refuses it) by email, "
        "and the automation log says why.",
    )
    # Send WhatsApp message (and quote recovery by WhatsApp)
    wiseparts_whatsapp_body = fields.Text(
        string="WhatsApp Message",
        translate=True,
        help="Sent within 24 hours of the customer's last WhatsApp message. Placeholders: "
        "{customer}, {record}, {number}, {salesperson}, {link} (the quote's online link).",
    )
    wiseparts_whatsapp_template_id = fields.Many2one(
        "wiseparts.whatsapp.template",
        string="WhatsApp Template",
        ondelete="set null",
        domain="[('status', '=', 'approved')]",
        help="Approved template sent outside Meta's 24-hour window (quote recovery: the "
        "WhatsApp account's quote template when empty).",
    )
    wiseparts_whatsapp_parameters = fields.Text(
        string="Template Values",
        help="One line per template variable ({{1}}, {{2}}...), with the same placeholders as "
        "the message. Quote recovery: the quote's link when empty.",
    )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _wiseparts_link(self, record):
        if hasattr(record, "get_portal_url"):
            return record.get_base_url() + record.get_portal_url()
        return ""

    def _wiseparts_send_whatsapp(self, record, vals, default_body, quote_template=False):
        """Send this action's WhatsApp message about ``record`` in its customer's
        conversation: the text (``default_body`` when the action has none) within Meta's
        24-hour window, else the action's approved template (``quote_template``: else the
        WhatsApp account's quote template).

        Returns the posted message (its WhatsApp state says whether Meta took it); raises
        UserError, saying why, when it cannot be sent.
        """
        self.ensure_one()
        customer = self._wiseparts_customer(record)
        if not customer:
            raise UserError(
                self.env._("%(record)s has no customer to write to.", record=record.display_name)
            )
        Conversation = self.env["wiseparts.conversation"]
        if record._name == Conversation._name:
            conversation = record
        else:
            company = "company_id" in record._fields and record.company_id
            company = company or customer.company_id or self.env.company
            domain = [("partner_id", "=", customer.id), ("company_id", "=", company.id)]
            # no conversation is started for a customer WhatsApp cannot reach
            conversation = Conversation.search(domain, limit=1) or Conversation.new(
                {"partner_id": customer.id, "company_id": company.id}
            )
        conversation._wiseparts_whatsapp_to()  # no number: says so before anything else
        account = conversation._wiseparts_whatsapp_account()
        if not conversation.id:
            conversation = Conversation._wiseparts_for_partner(customer, company)
        vals = {**vals, "link": self._wiseparts_link(record)}
        salesperson = self._wiseparts_salesperson(record)
        conversation = conversation.with_context(
            wiseparts_author_id=(salesperson.partner_id or conversation.company_id.partner_id).id
        )
        if conversation.whatsapp_window_open:
            body = self._wiseparts_render(self.wiseparts_whatsapp_body or default_body, vals)
            if not body.strip():
                raise UserError(self.env._("The WhatsApp message is empty."))
            return conversation._wiseparts_send_whatsapp(body, auto=True)
        template = self.wiseparts_whatsapp_template_id
        if not template and quote_template:
            template = account.quote_template_id
        if template and template.company_id != conversation.company_id:
            template = self.env["wiseparts.whatsapp.template"]
        if not template or template.status != "approved":
            raise UserError(
                self.env._(
                    "%(customer)s has not written on WhatsApp in the last 24 hours and no "
                    "approved WhatsApp template is set (account %(account)s).",
                    customer=conversation.partner_id.display_name,
                    account=account.name,
                )
            )
        lines = (self.wiseparts_whatsapp_parameters or "").splitlines()
        parameters = [self._wiseparts_render(line.strip(), vals) for line in lines if line.strip()]
        if not parameters:
            parameters = [vals["link"]][: template.variable_count]
        return conversation._wiseparts_send_whatsapp_template(template, parameters, auto=True)

    # ------------------------------------------------------------------
    # Runners
    # ------------------------------------------------------------------
    def _run_action_wiseparts_whatsapp_multi(self, eval_context=None):
        records = self._wiseparts_records(eval_context)
        placeholders = self._wiseparts_placeholders(records)
        for record in records:
            try:
                message = self._wiseparts_send_whatsapp(record, placeholders[record.id], "")
            except UserError as error:
                self._wiseparts_fail(record, str(error))
                continue
            if message.wiseparts_wa_state == "failed":
                self._wiseparts_fail(
                    record,
                    self.env._(
                        "Meta refused the WhatsApp message about %(record)s: %(error)s",
                        record=record.display_name,
                        error=message.wiseparts_wa_error,
                    ),
                )

    def _run_action_wiseparts_quote_recovery_multi(self, eval_context=None):
        if self.wiseparts_quote_channel != "whatsapp":
            return super()._run_action_wiseparts_quote_recovery_multi(eval_context=eval_context)
        orders = self._wiseparts_records(eval_context)
        placeholders = self._wiseparts_placeholders(orders)
        by_email = orders.browse()
        for order in orders:
            customer = order.partner_id.commercial_partner_id
            # in the customer's language, with the placeholders filled below
            default_body = self.with_context(lang=customer.lang or self.env.lang).env._(
                "Hello, here is your quotation %(name)s: %(link)s", name="{number}", link="{link}"
            )
            try:
                message = self._wiseparts_send_whatsapp(
                    order, placeholders[order.id], default_body, quote_template=True
                )
            except UserError as error:
                reason = str(error)
            else:
                if message.wiseparts_wa_state != "failed":
                    order.message_post(
                        body=self.env._("Quote recovery sent by WhatsApp."),
                        subtype_xmlid="mail.mt_note",
                    )
                    continue
                reason = self.env._(
                    "Meta refused the WhatsApp message: %(error)s",
                    error=message.wiseparts_wa_error,
                )
            by_email |= order
            self._wiseparts_note(
                order, self.env._("Sent by email, not WhatsApp: %(reason)s", reason=reason)
            )
        if by_email:
            super()._run_action_wiseparts_quote_recovery_multi(
                eval_context={**(eval_context or {}), "records": by_email}
            )
