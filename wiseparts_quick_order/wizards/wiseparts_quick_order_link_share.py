from odoo import api, fields, models


class WisepartsQuickOrderLinkShare(models.TransientModel):
    """Shows a new link's url once, to the rep who created it, with its share buttons.

    The url (with its secret) only lives in this transient record, which only its creator
    can read and which Odoo's vacuum drops after `_transient_max_hours`.
    """

    _name = "wiseparts.quick.order.link.share"
    _description = "Share a Quick-Order Link"
    _transient_max_hours = 0.25

    link_id = fields.Many2one(
        "wiseparts.quick.order.link", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="link_id.partner_id")
    expires_at = fields.Datetime(related="link_id.expires_at")
    url = fields.Char(readonly=True)
    message = fields.Text(
        compute="_compute_message",
        string="Text message",
        help="Copy it into WhatsApp or an SMS.",
    )

    @api.depends("url", "partner_id")
    def _compute_message(self):
        for share in self:
            lang = share.partner_id.lang or self.env.lang
            share.message = share.with_context(lang=lang).env._(
                "Hello %(name)s, order your parts from your own catalogue at your prices: %(url)s",
                name=share.partner_id.name or "",
                url=share.url or "",
            )

    def action_send_email(self):
        """Open the email composer with the message in the customer's language.

        The url is not stored anywhere, so the template is rendered here, with the url in
        the context, and the composer opens on the rendered text for the rep to review.
        """
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(
                self._render_email(),
                default_model=self.link_id._name,
                default_res_ids=self.link_id.ids,
                default_composition_mode="comment",
                default_message_type="comment",
                default_partner_ids=self.partner_id.ids,
            ),
        }

    def _render_email(self):
        """Subject and body of the link email, rendered in the customer's language."""
        self.ensure_one()
        template = self.env.ref("wiseparts_quick_order.mail_template_quick_order_link")
        template = template.with_context(quick_order_url=self.url)
        res_ids = self.link_id.ids
        return {
            "default_subject": template._render_field("subject", res_ids, compute_lang=True)[
                self.link_id.id
            ],
            "default_body": template._render_field(
                "body_html", res_ids, engine="qweb", compute_lang=True
            )[self.link_id.id],
        }
