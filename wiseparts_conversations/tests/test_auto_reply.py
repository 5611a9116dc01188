from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ConversationsCommon, text_message, webhook_payload
from .test_whatsapp import PAUL, WhatsAppCommon

MONDAY_10 = datetime(2026, 11, 30, 10, 0)  # inside the standard 40 h week (UTC)
SATURDAY_10 = datetime(2026, 12, 5, 10, 0)


def office_hours(env):
    """Monday to Friday 8-18 UTC; automatic replies on, out of hours in English and French."""
    env["res.lang"]._activate_lang("fr_FR")
    company = env.company
    calendar = env["resource.calendar"].create(
        {
            "name": "Office hours (UTC)",
            "tz": "UTC",
            "company_id": company.id,
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Day {day}",
                        "dayofweek": str(day),
                        "hour_from": 8,
                        "hour_to": 18,
                        "day_period": "morning",
                    },
                )
                for day in range(5)
            ],
        }
    )
    company.write(
        {
            "resource_calendar_id": calendar.id,
            "wiseparts_auto_reply": True,
            "wiseparts_out_of_hours_reply": "We are closed, we answer on Monday.",
        }
    )
    company.with_context(
        lang="fr_FR"
    ).wiseparts_out_of_hours_reply = "Nous sommes fermés, nous répondons lundi."


@tagged("post_install", "-at_install")
class TestAutoReply(ConversationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office_hours(cls.env)
        cls.conversation = cls.env["wiseparts.conversation"].create({"partner_id": cls.customer.id})

    def _inbound(self, text, author=None):
        return self.conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body=text,
            author_id=(author or self.contact).id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def _auto_replies(self):
        return self.conversation.message_ids.filtered("wiseparts_auto")

    def test_no_reply_in_business_hours(self):
        with freeze_time(MONDAY_10):
            self._inbound("Hello")
        self.assertFalse(self._auto_replies())

    def test_out_of_hours_once_per_12_hours_in_customer_language(self):
        self.contact.lang = "fr_FR"
        with freeze_time(SATURDAY_10):
            self._inbound("Bonjour")
        replies = self._auto_replies()
        self.assertEqual(len(replies), 1)
        self.assertIn("Nous sommes fermés", replies.body)
        self.assertEqual(replies.wiseparts_channel, "email", "on the channel the customer used")
        self.assertIn(self.contact, replies.partner_ids)
        with freeze_time(SATURDAY_10 + timedelta(hours=11)):
            self._inbound("Encore moi")
        self.assertEqual(len(self._auto_replies()), 1, "not twice within 12 hours")
        with freeze_time(SATURDAY_10 + timedelta(hours=13)):
            self._inbound("Toujours là ?")
        self.assertEqual(len(self._auto_replies()), 2)
        self.assertEqual(
            self.conversation.unanswered_count, 3, "automatic replies do not answer the customer"
        )
        self.assertEqual(self.conversation.first_response_minutes, 0)

    def test_english_and_first_contact(self):
        self.env.company.wiseparts_first_contact_reply = "Thanks for writing to us!"
        with freeze_time(MONDAY_10):
            self._inbound("Hello")
        self.assertIn("Thanks for writing", self._auto_replies().body)
        with freeze_time(SATURDAY_10):
            self._inbound("Hello again")
        self.assertIn("We are closed", self._auto_replies()[0].body)


@tagged("post_install", "-at_install")
class TestAutoReplyWhatsApp(WhatsAppCommon):
    """A customer writing on WhatsApp is answered automatically on WhatsApp (through Meta)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office_hours(cls.env)

    def _inbound(self, wa_id, text):
        payload = webhook_payload([text_message(wa_id, PAUL, text)])
        return self.account.sudo()._wiseparts_receive(payload)

    def _sent(self):
        return self.meta.server.json_requests("POST", "/messages")

    def test_out_of_hours_reply_on_whatsapp_once_per_12_hours(self):
        with freeze_time(SATURDAY_10):
            inbound = self._inbound("wamid.AR1", "Do you have Clio pads?")
        sent = self._sent()
        self.assertEqual(len(sent), 1)
        self.assertEqual(
            (sent[0]["to"], sent[0]["type"], sent[0]["text"]["body"]),
            (PAUL, "text", "We are closed, we answer on Monday."),
        )
        conversation = self.Conversation.browse(inbound.res_id)
        reply = conversation.message_ids.filtered("wiseparts_auto")
        self.assertEqual(
            (reply.wiseparts_channel, reply.wiseparts_direction, reply.wiseparts_wa_state),
            ("whatsapp", "outbound", "sent"),
        )
        self.assertEqual(reply.author_id, self.env.company.partner_id)
        self.assertEqual(reply.wiseparts_wa_id, "wamid.OUT1")
        with freeze_time(SATURDAY_10 + timedelta(hours=11)):
            self._inbound("wamid.AR2", "Anyone?")
        self.assertEqual(len(self._sent()), 1, "not twice within 12 hours")
        with freeze_time(SATURDAY_10 + timedelta(hours=13)):
            self._inbound("wamid.AR3", "Still there?")
        self.assertEqual(len(self._sent()), 2)
        self.assertEqual(conversation.unanswered_count, 3)

    def test_no_reply_in_business_hours(self):
        with freeze_time(MONDAY_10):
            inbound = self._inbound("wamid.AR4", "Hello")
        self.assertTrue(inbound)
        self.assertFalse(self._sent())
        self.assertFalse(
            self.Conversation.browse(inbound.res_id).message_ids.filtered("wiseparts_auto")
        )
