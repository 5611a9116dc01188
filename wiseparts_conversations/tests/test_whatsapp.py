import json
import time
from datetime import datetime, timedelta
from functools import partial

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged, users
from odoo.tools import SQL, html2plaintext, mute_logger

from odoo.addons.wiseparts_base.services.phone import to_e164

from ..services.whatsapp_webhook import wa_id_to_e164
from .common import (
    APP_SECRET,
    FAILING_NUMBER,
    VERIFY_TOKEN,
    ConversationsCommon,
    FakeMetaAccountMixin,
    SenderRaceMixin,
    signed,
    text_message,
    webhook_payload,
)

PAUL = "33612345678"  # Paul Alpha's mobile as WhatsApp sends it


class WhatsAppCommon(FakeMetaAccountMixin, ConversationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_fake_meta_account()
        cls.template = cls.env["wiseparts.whatsapp.template"].create(
            {
                "account_id": cls.account.id,
                "name": "quote_link",
                "language": "en",
                "body": "Hello {{1}}, your quote: {{2}}",
            }
        )
        cls.template.sudo().status = "approved"


@tagged("post_install", "-at_install")
class TestWhatsAppSend(WhatsAppCommon):
    def setUp(self):
        super().setUp()
        self.conversation = self.Conversation.create(
            {
                "partner_id": self.customer.id,
                "reply_partner_id": self.contact.id,
                "whatsapp_account_id": self.account.id,
            }
        )

    def test_phone_formats(self):
        self.assertEqual(to_e164("06 12 34 56 78", "FR"), "+33612345678")
        self.assertEqual(to_e164("0033 6 12 34 56 78"), "+33612345678")
        self.assertEqual(to_e164("+33 (0)6-12-34-56-78"), "+33612345678")
        self.assertEqual(to_e164("612 34 56 78", "ES"), "+34612345678")
        self.assertIsNone(to_e164("12"))
        self.assertEqual(wa_id_to_e164("33612345678"), "+33612345678")
        self.assertEqual(self.contact.wiseparts_mobile_e164, "+33612345678")
        self.assertEqual(self.customer.wiseparts_phone_e164, "+33472112233")

    @users("wp_rep")
    def test_send_inside_window(self):
        conversation = self.conversation.with_env(self.env)
        conversation.sudo().last_inbound_whatsapp_at = datetime.now() - timedelta(hours=23)
        message = conversation.send_whatsapp("Your pads are ready")
        sent = self.meta.server.json_requests("POST", "/messages")[-1]
        self.assertEqual(sent["to"], PAUL)
        self.assertEqual(sent["text"]["body"], "Your pads are ready")
        self.assertEqual(message.wiseparts_wa_id, f"wamid.OUT{self.meta.sent}")
        self.assertEqual(message.wiseparts_wa_state, "sent")
        self.assertEqual(message.wiseparts_channel, "whatsapp")
        self.assertEqual(message.wiseparts_direction, "outbound")
        self.assertEqual(message.author_id, self.user_rep.partner_id)
        self.assertEqual(conversation.channel, "whatsapp")

    @users("wp_rep")
    def test_send_outside_window_needs_template(self):
        conversation = self.conversation.with_env(self.env)
        conversation.sudo().last_inbound_whatsapp_at = datetime.now() - timedelta(hours=25)
        before = len(self.meta.server.requests)
        with self.assertRaisesRegex(UserError, "24 hours"):
            conversation.send_whatsapp("Hello?")
        self.assertEqual(len(self.meta.server.requests), before, "nothing sent to Meta")
        message = conversation.send_whatsapp_template(
            self.template.with_env(self.env), ["Paul", "https://shop.example/q/1"]
        )
        sent = self.meta.server.json_requests("POST", "/messages")[-1]
        self.assertEqual(sent["type"], "template")
        self.assertEqual(sent["template"]["name"], "quote_link")
        self.assertEqual(
            [p["text"] for p in sent["template"]["components"][0]["parameters"]],
            ["Paul", "https://shop.example/q/1"],
        )
        self.assertEqual(
            html2plaintext(message.body, include_references=False),
            "Hello Paul, your quote: https://shop.example/q/1",
        )
        self.assertEqual(message.wiseparts_wa_state, "sent")

    def test_unapproved_template_refused(self):
        self.template.sudo().status = "pending"
        with self.assertRaisesRegex(UserError, "not approved"):
            self.conversation.send_whatsapp_template(self.template, ["a", "b"])

    def test_meta_error_kept_on_message(self):
        self.contact.mobile = "+" + FAILING_NUMBER
        self.conversation.last_inbound_whatsapp_at = datetime.now()
        message = self.conversation.send_whatsapp("Will it arrive?")
        self.assertEqual(message.wiseparts_wa_state, "failed")
        self.assertIn("Receiver is not a WhatsApp user", message.wiseparts_wa_error)
        self.assertIn("Will it arrive?", message.body, "the text is never lost")
        self.assertIn("Receiver is not a WhatsApp user", self.conversation.whatsapp_error)

    def test_chatter_send_with_whatsapp_picked(self):
        self.conversation.write(
            {"reply_channel": "whatsapp", "last_inbound_whatsapp_at": datetime.now()}
        )
        message = self.conversation.with_user(self.user_rep).message_post(
            body="<p>On its way</p>", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(message.wiseparts_channel, "whatsapp")
        self.assertEqual(
            self.meta.server.json_requests("POST", "/messages")[-1]["text"]["body"], "On its way"
        )

    def _attachment(self, name, raw, mimetype, record):
        return record.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "mimetype": mimetype,
                "res_model": record._name,
                "res_id": record.id,
            }
        )

    def _uploads(self):
        return [r for r in self.meta.server.requests if r["path"].endswith("/media")]

    @users("wp_rep")
    def test_send_document_with_caption(self):
        conversation = self.conversation.with_env(self.env)
        conversation.sudo().last_inbound_whatsapp_at = datetime.now()
        pdf = self._attachment("quote.pdf", b"%PDF-1.4 fake quote", "application/pdf", conversation)
        message = conversation.send_whatsapp("Here is your quote", attachment_ids=pdf.ids)
        upload = self._uploads()[-1]
        self.assertEqual(upload["method"], "POST")
        self.assertIn(b"%PDF-1.4 fake quote", upload["body"], "the file itself is uploaded")
        self.assertIn(b'name="messaging_product"', upload["body"])
        self.assertIn(b'filename="quote.pdf"', upload["body"])
        sent = self.meta.server.json_requests("POST", "/messages")[-1]
        self.assertEqual((sent["to"], sent["type"]), (PAUL, "document"))
        self.assertEqual(
            sent["document"],
            {
                "id": f"media-up{self.meta.uploaded}",
                "caption": "Here is your quote",
                "filename": "quote.pdf",
            },
        )
        self.assertEqual(message.attachment_ids, pdf)
        self.assertEqual(message.wiseparts_wa_state, "sent")
        self.assertEqual(message.wiseparts_wa_id, f"wamid.OUT{self.meta.sent}")

    def test_chatter_files_with_whatsapp_picked(self):
        self.conversation.write(
            {"reply_channel": "whatsapp", "last_inbound_whatsapp_at": datetime.now()}
        )
        png = self._attachment(
            "brake.png", b"\x89PNG\r\n\x1a\n fake", "image/png", self.conversation
        )
        pdf = self._attachment("invoice.pdf", b"%PDF-1.4 inv", "application/pdf", self.conversation)
        sent_before = self.meta.sent
        # an image alone: no text, no caption
        self.conversation.with_user(self.user_rep).message_post(
            body="", attachment_ids=png.ids, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        image = self.meta.server.json_requests("POST", "/messages")[-1]
        self.assertEqual(image["type"], "image")
        self.assertEqual(image["image"], {"id": f"media-up{self.meta.uploaded}"})
        # a text and two files: the text, then each file
        message = self.conversation.with_user(self.user_rep).message_post(
            body="<p>Photo and invoice</p>",
            attachment_ids=(png | pdf).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        sent = self.meta.server.json_requests("POST", "/messages")[-3:]
        self.assertEqual([m["type"] for m in sent], ["text", "image", "document"])
        self.assertEqual(sent[0]["text"]["body"], "Photo and invoice")
        self.assertEqual(self.meta.sent - sent_before, 4)
        self.assertEqual(message.wiseparts_wa_id, f"wamid.OUT{sent_before + 2}", "the text's id")
        self.assertEqual(message.attachment_ids, png | pdf)

    @users("wp_rep")
    def test_files_of_others_refused(self):
        conversation = self.conversation.with_env(self.env)
        conversation.sudo().last_inbound_whatsapp_at = datetime.now()
        other = self.Conversation.sudo().create({"partner_id": self.customer2.id})
        secret = self._attachment("secret.pdf", b"%PDF secret", "application/pdf", other)
        uploads = len(self._uploads())
        with self.assertRaises(AccessError):
            conversation.send_whatsapp("Look", attachment_ids=secret.ids)
        self.assertEqual(len(self._uploads()), uploads, "nothing left for Meta")
        with self.assertRaises(UserError):
            conversation.send_whatsapp("  ")

    def test_sync_templates(self):
        self.meta.templates = [
            {
                "name": "quote_link",
                "language": "en",
                "status": "REJECTED",
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Hello {{1}}, your quote: {{2}}"}],
            },
            {
                "name": "order_ready",
                "language": "fr",
                "status": "APPROVED",
                "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Commande {{1}} prête"}],
            },
        ]
        self.account.with_user(self.user_admin).action_sync_templates()
        self.assertEqual(self.template.status, "rejected")
        new = self.account.template_ids.filtered(lambda t: t.name == "order_ready")
        self.assertEqual((new.status, new.language, new.variable_count), ("approved", "fr", 1))

    @users("wp_rep")
    def test_share_quote(self):
        order = (
            self.env["sale.order"]
            .sudo()
            .create({"partner_id": self.customer.id, "user_id": self.user_rep.id})
        )
        self.conversation.sudo().last_inbound_whatsapp_at = datetime.now()
        action = order.with_env(self.env).action_wiseparts_share_whatsapp()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertIn(order.name, wizard.body)
        self.assertIn(order.access_token, wizard.body, "the portal link with its token")
        wizard.action_send()
        self.assertIn(
            "/my/orders/", self.meta.server.json_requests("POST", "/messages")[-1]["text"]["body"]
        )
        self.assertEqual(self.conversation.channel, "whatsapp")


@tagged("post_install", "-at_install")
class TestWhatsAppDuplicateRace(WhatsAppCommon):
    """Meta retries a message while its first delivery is being stored by another request:
    the retry finds it (committed after this transaction began) and stores nothing, without
    hitting the unique index (no "bad query" ERROR)."""

    def _commit_in_other_transaction(self, query):
        with self.env.registry.cursor() as cr:
            cr.execute(query)

    def test_concurrent_duplicate_is_a_silent_no_op(self):
        conversation = self.Conversation.create({"partner_id": self.customer.id})
        self.env.flush_all()  # this transaction's snapshot is taken before the other commit
        self._commit_in_other_transaction(
            SQL(
                "INSERT INTO mail_message (model, res_id, message_type, wiseparts_wa_id) "
                "VALUES ('wiseparts.conversation', %s, 'comment', 'wamid.RACE')",
                conversation.id,
            )
        )
        self.addCleanup(
            self._commit_in_other_transaction,
            SQL("DELETE FROM mail_message WHERE wiseparts_wa_id = 'wamid.RACE'"),
        )
        payload = webhook_payload([text_message("wamid.RACE", PAUL, "Clio pads?")])
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            stored = self.account._wiseparts_receive(payload)
        self.assertFalse(stored)
        self.assertFalse(conversation.message_ids.filtered("wiseparts_wa_id"))
        # a new id in the same delivery is stored as usual
        stored = self.account._wiseparts_receive(
            webhook_payload([text_message("wamid.NEW", PAUL, "And wipers")])
        )
        self.assertEqual(stored.res_id, conversation.id)


@tagged("post_install", "-at_install")
class TestWhatsAppUnknownSenderRace(SenderRaceMixin, TransactionCase):
    """Two messages of an unknown number arrive at once, in two requests (each in its own
    transaction, committed as a worker does): one creates the "to qualify" contact, the other
    waits for it and is run again by Odoo (serialization failure), then joins that contact's
    conversation. One contact, one conversation, both messages; no ERROR logged.

    Not based on ConversationsCommon: its set-up writes the company, whose row lock (held by
    this test's transaction) would block the requests."""

    SENDER = "34699555111"
    PHONE_NUMBER_ID = "RACE-109876"

    def setUp(self):
        super().setUp()
        company_id = self.env.company.id

        def create_account(env):
            company = env["res.company"].browse(company_id)
            self.last_inbox_user_id = company.wiseparts_inbox_last_user_id.id
            return (
                env["wiseparts.whatsapp.account"]
                .create(
                    {
                        "name": "Race",
                        "phone_number_id": self.PHONE_NUMBER_ID,
                        "company_id": company_id,
                    }
                )
                .id
            )

        self.account_id = self._in_new_env(create_account)
        self.addCleanup(self._in_new_env, partial(self._cleanup, company_id))

    def _cleanup(self, company_id, env):
        partners = (
            env["res.partner"]
            .with_context(active_test=False)
            .search([("wiseparts_mobile_e164", "=", wa_id_to_e164(self.SENDER))])
        )
        env["wiseparts.conversation"].search([("partner_id", "in", partners.ids)]).unlink()
        partners.unlink()
        env["wiseparts.whatsapp.account"].browse(self.account_id).unlink()
        env["res.company"].browse(company_id).wiseparts_inbox_last_user_id = self.last_inbox_user_id

    def _deliver(self, env, wa_id):
        payload = webhook_payload(
            [text_message(wa_id, self.SENDER, f"Clio pads? ({wa_id})")],
            phone_number_id=self.PHONE_NUMBER_ID,
            contacts=[(self.SENDER, "Lucia")],
        )
        env["wiseparts.whatsapp.account"].browse(self.account_id)._wiseparts_receive(payload)

    def test_one_contact_for_simultaneous_messages(self):
        retries = self._deliver_at_once(["wamid.RACE-A", "wamid.RACE-B"], self._deliver)

        def check(env):
            contacts = env["res.partner"].search(
                [("wiseparts_mobile_e164", "=", wa_id_to_e164(self.SENDER))]
            )
            self.assertEqual(len(contacts), 1, "one contact for the number")
            self.assertTrue(contacts.wiseparts_to_qualify)
            conversations = env["wiseparts.conversation"].search([("partner_id", "=", contacts.id)])
            self.assertEqual(len(conversations), 1)
            self.assertEqual(
                sorted(
                    conversations.message_ids.filtered("wiseparts_wa_id").mapped("wiseparts_wa_id")
                ),
                ["wamid.RACE-A", "wamid.RACE-B"],
            )

        self._in_new_env(check)
        self.assertEqual(len(retries), 1, "the second request waited, then was run again")


@tagged("post_install", "-at_install")
class TestWhatsAppWebhook(HttpCase, WhatsAppCommon):
    def _url(self, account=None):
        return f"/wiseparts/whatsapp/webhook/{(account or self.account).id}"

    def _post(self, payload, secret=APP_SECRET, headers=None):
        body, signed_headers = signed(payload, secret)
        response = self.url_open(self._url(), data=body, headers=headers or signed_headers)
        self.env.invalidate_all()
        return response

    def _messages(self):
        return self.env["mail.message"].search(
            [("model", "=", "wiseparts.conversation"), ("wiseparts_direction", "=", "inbound")]
        )

    def test_verification(self):
        ok = self.url_open(
            self._url()
            + f"?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"
        )
        self.assertEqual((ok.status_code, ok.text), (200, "1158201444"))
        wrong = self.url_open(
            self._url() + "?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"
        )
        self.assertEqual(wrong.status_code, 403)

    @mute_logger("odoo.addons.wiseparts_conversations.controllers.main")
    def test_bad_signature_refused_and_nothing_stored(self):
        payload = webhook_payload([text_message("wamid.BAD", PAUL, "Hi")])
        self.assertEqual(self._post(payload, secret="wrong-secret").status_code, 403)
        body = json.dumps(payload).encode()
        unsigned = self.url_open(
            self._url(), data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(unsigned.status_code, 403)
        self.assertFalse(self._messages())
        self.assertFalse(self.Conversation.search([("partner_id", "=", self.customer.id)]))

    def test_text_message_matched_by_phone_and_idempotent(self):
        payload = webhook_payload(
            [text_message("wamid.IN1", PAUL, "Do you have Clio pads?")],
            contacts=[(PAUL, "Paul")],
        )
        self.assertEqual(self._post(payload).status_code, 200)
        self.assertEqual(self._post(payload).status_code, 200, "Meta retries")
        messages = self._messages()
        self.assertEqual(len(messages), 1, "stored once")
        conversation = self.Conversation.browse(messages.res_id)
        self.assertEqual(conversation.partner_id, self.customer)
        self.assertEqual(messages.author_id, self.contact)
        self.assertEqual(messages.wiseparts_channel, "whatsapp")
        self.assertEqual(messages.wiseparts_wa_id, "wamid.IN1")
        self.assertIn("Do you have Clio pads?", messages.body)
        self.assertTrue(conversation.whatsapp_window_open)
        self.assertEqual(conversation.whatsapp_number, "+33612345678")
        self.assertEqual(conversation.reply_channel, "whatsapp")

    def test_company_landline_and_unknown_number(self):
        self._post(webhook_payload([text_message("wamid.L1", "33472112233", "From the desk")]))
        self.assertEqual(
            self.Conversation.browse(self._messages().res_id).partner_id, self.customer
        )
        self._post(
            webhook_payload(
                [text_message("wamid.U1", "34699111222", "Hola")],
                contacts=[("34699111222", "Lucia")],
            )
        )
        message = self._messages().filtered(lambda m: m.wiseparts_wa_id == "wamid.U1")
        partner = message.author_id
        self.assertEqual(partner.name, "Lucia")
        self.assertEqual(partner.wiseparts_mobile_e164, "+34699111222")
        self.assertTrue(partner.wiseparts_to_qualify)

    @mute_logger("odoo.addons.wiseparts_conversations.models.wiseparts_whatsapp_account")
    def test_media_and_location(self):
        now = str(int(time.time()))
        base = {"from": PAUL, "timestamp": now}
        messages = [
            {
                **base,
                "id": "wamid.IMG",
                "type": "image",
                "image": {"id": "media-1", "mime_type": "image/jpeg", "caption": "Broken part"},
            },
            {
                **base,
                "id": "wamid.DOC",
                "type": "document",
                "document": {
                    "id": "media-2",
                    "mime_type": "application/pdf",
                    "filename": "invoice.pdf",
                },
            },
            {
                **base,
                "id": "wamid.AUD",
                "type": "audio",
                "audio": {"id": "media-missing", "mime_type": "audio/ogg"},
            },
            {
                **base,
                "id": "wamid.LOC",
                "type": "location",
                "location": {
                    "latitude": 45.76,
                    "longitude": 4.83,
                    "name": "Garage Alpha",
                    "address": "Lyon",
                },
            },
        ]
        self.assertEqual(self._post(webhook_payload(messages)).status_code, 200)
        by_id = {m.wiseparts_wa_id: m for m in self._messages()}
        self.assertEqual(set(by_id), {"wamid.IMG", "wamid.DOC", "wamid.AUD", "wamid.LOC"})
        self.assertIn("Broken part", by_id["wamid.IMG"].body)
        self.assertEqual(len(by_id["wamid.IMG"].attachment_ids), 1)
        self.assertTrue(by_id["wamid.IMG"].attachment_ids.raw.startswith(b"\xff\xd8\xff"))
        self.assertEqual(by_id["wamid.DOC"].attachment_ids.name, "invoice.pdf")
        self.assertFalse(by_id["wamid.AUD"].attachment_ids)
        self.assertIn("could not be downloaded", by_id["wamid.AUD"].body)
        self.assertIn("45.76", by_id["wamid.LOC"].body)
        self.assertIn("Garage Alpha - Lyon", by_id["wamid.LOC"].body)

    def test_status_updates(self):
        conversation = self.Conversation.create(
            {
                "partner_id": self.customer.id,
                "reply_partner_id": self.contact.id,
                "last_inbound_whatsapp_at": datetime.now(),
                "whatsapp_account_id": self.account.id,
            }
        )
        message = conversation.send_whatsapp("Shipped today")
        wa_id = message.wiseparts_wa_id

        def status(state, **extra):
            return {
                "id": wa_id,
                "status": state,
                "timestamp": str(int(time.time())),
                "recipient_id": PAUL,
                **extra,
            }

        self._post(webhook_payload(statuses=[status("read")]))
        self.assertEqual(message.wiseparts_wa_state, "read")
        self._post(webhook_payload(statuses=[status("delivered")]))
        self.assertEqual(message.wiseparts_wa_state, "read", "never goes back")
        self._post(
            webhook_payload(
                statuses=[
                    status(
                        "failed",
                        errors=[
                            {
                                "code": 131047,
                                "title": "Re-engagement message",
                                "error_data": {"details": "More than 24 hours"},
                            }
                        ],
                    )
                ]
            )
        )
        self.assertEqual(message.wiseparts_wa_state, "failed")
        self.assertIn("More than 24 hours", message.wiseparts_wa_error)
        self.assertIn("Shipped today", message.body)

    def test_status_of_each_part_of_a_message_with_files(self):
        """A text and two files go out as three Meta messages: each one's status lands, the
        timeline shows them combined (the least advanced, failed as soon as one fails)."""
        conversation = self.Conversation.create(
            {
                "partner_id": self.customer.id,
                "reply_partner_id": self.contact.id,
                "last_inbound_whatsapp_at": datetime.now(),
                "whatsapp_account_id": self.account.id,
            }
        )
        files = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": mimetype,
                    "res_model": conversation._name,
                    "res_id": conversation.id,
                }
                for name, raw, mimetype in (
                    ("brake.png", b"\x89PNG\r\n\x1a\n fake", "image/png"),
                    ("invoice.pdf", b"%PDF-1.4 inv", "application/pdf"),
                )
            ]
        )
        message = conversation.send_whatsapp("Photo and invoice", attachment_ids=files.ids)
        parts = message.wiseparts_wa_part_ids
        self.assertEqual(parts.mapped("name"), ["Text", "brake.png", "invoice.pdf"])
        self.assertEqual(message.wiseparts_wa_id, parts[0].wa_id, "the text's id")
        text, image, pdf = parts.mapped("wa_id")

        def statuses(*items):
            self._post(
                webhook_payload(
                    statuses=[
                        {"id": wa_id, "status": state, "timestamp": str(int(time.time())), **extra}
                        for wa_id, state, extra in items
                    ]
                )
            )

        statuses((text, "read", {}), (image, "delivered", {}))
        self.assertEqual(parts.mapped("state"), ["read", "delivered", "sent"])
        self.assertEqual(message.wiseparts_wa_state, "sent", "the invoice is not delivered yet")
        statuses((pdf, "read", {}), (image, "read", {}))
        self.assertEqual(message.wiseparts_wa_state, "read")
        error = {"code": 131053, "title": "Media upload error"}
        statuses((pdf, "failed", {"errors": [error]}))
        self.assertEqual(parts.mapped("state"), ["read", "read", "failed"])
        self.assertEqual(message.wiseparts_wa_state, "failed")
        self.assertEqual(message.wiseparts_wa_error, "invoice.pdf: 131053 - Media upload error")
        # kept by the system: a salesperson does not read other messages' parts
        with self.assertRaises(AccessError):
            parts.with_user(self.user_rep).read(["name"])

    def test_other_phone_number_ignored(self):
        payload = webhook_payload([text_message("wamid.X", PAUL, "Hi")], phone_number_id="999")
        self.assertEqual(self._post(payload).status_code, 200)
        self.assertFalse(self._messages())
