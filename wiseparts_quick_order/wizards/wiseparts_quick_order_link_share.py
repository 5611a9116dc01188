from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..models.wiseparts_quick_order_link import SHARE_CONTEXT_KEY


class WisepartsQuickOrderLinkShare(models.TransientModel):
    """Shows a new link's url once, to the rep who created it, with its share buttons.

    The secret is never stored, not even here: the row keeps the link only, and the url is
    computed from the secret carried by the dialog's context (checked against the link's
    hash). Once the dialog is closed, the url cannot be shown again.
    """

    _name = "wiseparts.quick.order.link.share"
    _description = "Share a Quick-Order Link"
    _transient_max_hours = 0.25

    link_id = fields.Many2one(
        "wiseparts.quick.order.link", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="link_id.partner_id")
    expires_at = fields.Datetime(related="link_id.expires_at")
    url = fields.Char(compute="_compute_url")
    message = fields.Text(
        compute="_compute_message",
        string="Text message",
        help="Copy it into WhatsApp or an SMS.",
    )

    @api.depends("link_id")
    @api.depends_context(SHARE_CONTEXT_KEY)
    def _compute_url(self):
        secret = self.env.context.get(SHARE_CONTEXT_KEY)
        for share in self:
            share.url = share.link_id._url_with_secret(secret) if share.link_id else False

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
        """Email the link to the customer, in their language, without keeping the secret.

        The email is sent at once and deleted once sent (auto_delete, with its mail.message);
        the link's chatter only says to whom it was emailed.
        """
        self.ensure_one()
        link = self.link_id
        link.check_access("write")  # the chatter note below needs it
        if not self.url:
            raise UserError(
                self.env._(
                    "%(link)s: the link is shown only once. Regenerate it to send a new one.",
                    link=link.display_name,
                )
            )
        partner = link.partner_id
        if not email_normalize(partner.email):
            raise UserError(
                self.env._(
                    "%(link)s: the customer %(partner)s has no valid Email.",
                    link=link.display_name,
                    partner=partner.display_name,
                )
            )
        template = self.env.ref("wiseparts_quick_order.mail_template_quick_order_link")
        mail_id = template.with_context(quick_order_url=self.url).send_mail(
            link.id,
            force_send=True,
            email_values={"auto_delete": True},
            email_layout_xmlid="mail.mail_notification_light",
        )
        # sudo: mail.mail is readable by administrators only; this only tests its existence.
        failed_sudo = self.env["mail.mail"].sudo().browse(mail_id).exists()
        if failed_sudo:
            # Not sent: raising rolls the transaction back, the mail (and its url) with it.
            raise UserError(
                self.env._(
                    "%(link)s: the email to %(partner)s could not be sent: %(reason)s",
                    link=link.display_name,
                    partner=partner.display_name,
                    reason=failed_sudo.failure_reason or "",
                )
            )
        link.message_post(
            body=self.env._("Link emailed to %(recipient)s.", recipient=partner.email_formatted),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Link emailed to %(recipient)s.", recipient=partner.email),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
