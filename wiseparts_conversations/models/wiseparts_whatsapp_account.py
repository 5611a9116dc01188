import logging
import secrets
from datetime import datetime, timezone

import psycopg2
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

from ..services import whatsapp_webhook
from ..services.whatsapp_api import (
    DEFAULT_GRAPH_API_URL,
    WhatsAppApiError,
    WhatsAppCloudApi,
    signature_is_valid,
)
from ..services.whatsapp_webhook import wa_id_to_e164
from .wiseparts_conversation import changed_values

_logger = logging.getLogger(__name__)
ADMIN = "sales_team.group_sale_manager"


class WisepartsWhatsappAccount(models.Model):
    _name = "wiseparts.whatsapp.account"
    _description = "WhatsApp Business account"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    graph_api_url = fields.Char(
        string="Graph API URL",
        required=True,
        default=DEFAULT_GRAPH_API_URL,
        help="Meta's Graph API base with its version; change it only for a proxy or tests.",
    )
    phone_number_id = fields.Char(
        string="Phone number ID", required=True, help="From Meta's WhatsApp ▸ API Setup."
    )
    business_account_id = fields.Char(string="WhatsApp Business Account ID")
    display_phone_number = fields.Char(string="Phone number")
    access_token = fields.Char(groups=ADMIN, copy=False, help="System user's permanent token.")
    app_secret = fields.Char(
        groups=ADMIN, copy=False, help="Meta app secret: checks the webhook signatures."
    )
    verify_token = fields.Char(
        groups=ADMIN,
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Any secret string; paste the same in Meta's webhook settings.",
    )
    webhook_url = fields.Char(string="Webhook URL", compute="_compute_webhook_url")
    template_ids = fields.One2many("wiseparts.whatsapp.template", "account_id", string="Templates")
    quote_template_id = fields.Many2one(
        "wiseparts.whatsapp.template",
        string="Quote template",
        domain="[('account_id', '=', id), ('status', '=', 'approved')]",
        help='Approved template sent by "Share by WhatsApp" outside the 24-hour window; '
        "its first variable receives the quote's link.",
    )

    _sql_constraints = [
        ("phone_number_id_uniq", "unique (phone_number_id)", "This phone number ID is in use."),
    ]

    def _compute_webhook_url(self):
        for account in self:
            account.webhook_url = (
                f"{account.get_base_url()}/wiseparts/whatsapp/webhook/{account.id}"
                if account.id
                else False
            )

    def _wiseparts_api(self):
        self.ensure_one()
        return WhatsAppCloudApi(self.graph_api_url, self.phone_number_id, self.access_token)

    # ------------------------------------------------------------------ actions
    def action_sync_templates(self):
        """Fetch the templates and their review status from Meta."""
        self.ensure_one()
        self.check_access("write")
        account = self.sudo()  # sudo: the token is read to call Meta (admins only reach here)
        try:
            remote = account._wiseparts_api().list_templates(account.business_account_id)
        except WhatsAppApiError as exc:
            raise UserError(
                self.env._("Meta refused the template list: %(error)s", error=str(exc))
            ) from exc
        self.env["wiseparts.whatsapp.template"]._wiseparts_sync(self, remote)
        return True

    # ------------------------------------------------------------------ webhook (sudo-ed)
    def _wiseparts_check_signature(self, raw_body, header):
        self.ensure_one()
        return signature_is_valid(self.app_secret, raw_body, header)

    def _wiseparts_receive(self, payload):
        """Store what a signed webhook delivered: messages (once per Meta id) and statuses."""
        self.ensure_one()
        messages, statuses = whatsapp_webhook.parse(payload, self.phone_number_id)
        stored = self.env["mail.message"]
        for item in messages:
            stored |= self._wiseparts_receive_message(item)
        if statuses:
            self._wiseparts_receive_statuses(statuses)
        return stored

    def _wiseparts_contact(self, item):
        """The contact writing from WhatsApp number ``item['from']``; unknown numbers become a
        new contact marked "to qualify"."""
        Partner = self.env["res.partner"]
        number = wa_id_to_e164(item["from"])
        if not number:
            return Partner
        contacts = Partner.search(
            ["|", ("wiseparts_mobile_e164", "=", number), ("wiseparts_phone_e164", "=", number)],
            order="id",
            limit=5,
        )
        if contacts:
            # a contact of a company first
            return contacts.sorted(lambda p: (not p.parent_id and not p.is_company, p.id))[0]
        Partner._wiseparts_check_no_contact_committed(
            f"wiseparts_wa_contact:{number}",
            SQL("wiseparts_mobile_e164 = %s OR wiseparts_phone_e164 = %s", number, number),
        )
        return Partner.create(
            {"name": item.get("name") or number, "mobile": number, "wiseparts_to_qualify": True}
        )

    def _wiseparts_media(self, item):
        """Attachment tuple of an inbound media, or an explanation when Meta did not give it."""
        if not item.get("media_id"):
            return None, ""
        try:
            content, mime_type = self._wiseparts_api().download_media(item["media_id"])
        except WhatsAppApiError as exc:
            _logger.warning("WhatsApp media %s not downloaded: %s", item["media_id"], exc)
            return None, self.env._("(the %(type)s could not be downloaded)", type=item["type"])
        extension = (mime_type.split("/")[-1].split(";")[0] or "bin").strip()
        name = item.get("filename") or f"whatsapp-{item['type']}.{extension}"
        return (name, content, {"mimetype": mime_type}), ""

    def _wiseparts_wa_id_stored(self, wa_id):
        """Whether the message with Meta's id ``wa_id`` is stored already, also by a concurrent
        request (Meta retries while the first delivery is still being processed).

        A transaction lock on the id, held until commit, makes a concurrent retry wait for the
        first; it then looks with a fresh snapshot (this transaction's one predates the other
        commit), so the duplicate is skipped instead of hitting the unique index (which
        would log a "bad query" ERROR)."""
        cr = self.env.cr
        cr.execute(
            SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", f"wiseparts_wa:{wa_id}")
        )
        if self.env["mail.message"].search_count([("wiseparts_wa_id", "=", wa_id)], limit=1):
            return True  # stored by this transaction (same id twice in one payload)
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(
                SQL("SELECT 1 FROM mail_message WHERE wiseparts_wa_id = %s LIMIT 1", wa_id)
            )
            return bool(fresh_cr.fetchone())

    def _wiseparts_receive_message(self, item):
        Message = self.env["mail.message"]
        if self._wiseparts_wa_id_stored(item["id"]):
            return Message  # Meta retried a message we already have
        contact = self._wiseparts_contact(item)
        if not contact:
            return Message
        conversation = self.env["wiseparts.conversation"]._wiseparts_for_partner(
            contact, self.company_id
        )
        body = plaintext2html(item.get("text") or "")
        if item["type"] == "location" and item.get("latitude") is not None:
            url = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}".format(
                lat=item["latitude"], lon=item["longitude"]
            )
            body += Markup('<p>📍 <a href="%s" target="_blank" rel="noopener">%s</a></p>') % (
                url,
                url,
            )
        attachment, note = self._wiseparts_media(item)
        if note:
            body += plaintext2html(note)
        received_at = (
            datetime.fromtimestamp(item["timestamp"], tz=timezone.utc).replace(tzinfo=None)
            if item.get("timestamp")
            else fields.Datetime.now()
        )
        vals = {"whatsapp_number": wa_id_to_e164(item["from"]), "whatsapp_account_id": self.id}
        if not conversation.last_inbound_whatsapp_at or (
            received_at > conversation.last_inbound_whatsapp_at
        ):
            vals["last_inbound_whatsapp_at"] = received_at
        conversation.write(changed_values(conversation, vals))
        try:
            with self.env.cr.savepoint():
                return conversation.with_context(
                    wiseparts_channel="whatsapp",
                    wiseparts_direction="inbound",
                    mail_create_nosubscribe=True,
                ).message_post(
                    body=body,
                    author_id=contact.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    attachments=[attachment] if attachment else None,
                    wiseparts_wa_id=item["id"],
                )
        except psycopg2.errors.UniqueViolation:
            return Message  # stored meanwhile by a concurrent retry of Meta

    def _wiseparts_receive_statuses(self, statuses):
        """Delivery states, on the message or, for a message sent as several parts (text and
        files), on the part; such a message shows its parts' states combined."""
        wa_ids = [status["id"] for status in statuses]
        parts = self.env["wiseparts.whatsapp.part"].search([("wa_id", "in", wa_ids)])
        targets = {part.wa_id: (part, "state", "error") for part in parts}
        messages = self.env["mail.message"].search(
            [("wiseparts_wa_id", "in", [wa_id for wa_id in wa_ids if wa_id not in targets])]
        )
        for message in messages:
            targets[message.wiseparts_wa_id] = (message, "wiseparts_wa_state", "wiseparts_wa_error")
        for status in statuses:
            if status["id"] not in targets:
                continue
            record, state_field, error_field = targets[status["id"]]
            vals = {state_field: whatsapp_webhook.next_state(record[state_field], status["status"])}
            if status.get("error"):
                vals[error_field] = status["error"][:500]
            record.write(changed_values(record, vals))
        for message in parts.message_id:
            message_parts = message.wiseparts_wa_part_ids
            vals = {
                "wiseparts_wa_state": whatsapp_webhook.combined_state(message_parts.mapped("state"))
            }
            errors = [f"{part.name}: {part.error}" for part in message_parts if part.error]
            if errors:
                vals["wiseparts_wa_error"] = "; ".join(errors)[:500]
            message.write(changed_values(message, vals))
