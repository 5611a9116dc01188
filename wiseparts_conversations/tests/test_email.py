from email.utils import formatdate

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import ConversationsCommon

RAW = """Return-Path: <{email_from}>
To: inbox@wiseparts.example
From: {email_from}
Subject: {subject}
Message-ID: {msg_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Date: {date}

{body}
"""


@tagged("post_install", "-at_install")
class TestEmailChannel(ConversationsCommon, MockEmail):
    def _receive(self, email_from, body, subject="Brake pads", msg_id=None, extra=""):
        self._counter = getattr(self, "_counter", 0) + 1
        raw = RAW.format(
            email_from=email_from,
            subject=subject,
            msg_id=msg_id or f"<in-{self._counter}@garage.example>",
            extra=extra,
            body=body,
            date=formatdate(),
        )
        thread_id = self.env["mail.thread"].sudo().message_process("wiseparts.conversation", raw)
        return self.Conversation.browse(thread_id)

    def test_known_contact_joins_customer_conversation(self):
        conversation = self._receive("Paul Alpha <paul@garage-alpha.example>", "Need 4 pads")
        self.assertEqual(conversation.partner_id, self.customer)
        self.assertEqual(conversation.user_id, self.user_rep)
        message = conversation.message_ids[0]
        self.assertEqual(message.author_id, self.contact)
        self.assertEqual(message.wiseparts_channel, "email")
        self.assertEqual(message.wiseparts_direction, "inbound")
        self.assertIn("Need 4 pads", message.body)
        # the company address lands in the same conversation
        again = self._receive("contact@garage-alpha.example", "And 2 discs", subject="Discs")
        self.assertEqual(again, conversation)
        self.assertEqual(self.Conversation.search_count([("partner_id", "=", self.customer.id)]), 1)
        self.assertEqual(conversation.unanswered_count, 2)

    def test_email_case_insensitive(self):
        conversation = self._receive("PAUL@Garage-Alpha.EXAMPLE", "Hello")
        self.assertEqual(conversation.partner_id, self.customer)

    def test_unknown_sender_creates_contact_to_qualify(self):
        conversation = self._receive("Zoe New <zoe@unknown-garage.example>", "Do you sell filters?")
        partner = conversation.partner_id
        self.assertEqual(partner.name, "Zoe New")
        self.assertEqual(partner.email, "zoe@unknown-garage.example")
        self.assertTrue(partner.wiseparts_to_qualify)
        self.assertFalse(self.customer.wiseparts_to_qualify)

    def test_reply_goes_to_contact_and_answer_threads_back(self):
        conversation = self._receive("Paul Alpha <paul@garage-alpha.example>", "Need 4 pads")
        with self.mock_mail_gateway():
            reply = conversation.with_user(self.user_rep).message_post(
                body="They are in stock.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(reply.wiseparts_direction, "outbound")
        self.assertEqual(reply.wiseparts_channel, "email")
        sent = self._new_mails.filtered(lambda mail: self.contact in mail.recipient_ids)
        self.assertEqual(len(sent), 1, "one email to the contact who wrote")
        self.assertIn("They are in stock.", sent.body_html)
        # the customer answers the email: it lands in the same conversation
        answer = self._receive(
            "Paul Alpha <paul@garage-alpha.example>",
            "Great, I order them",
            subject="Re: Garage Alpha",
            extra=f"In-Reply-To: {reply.message_id}\nReferences: {reply.message_id}\n",
        )
        self.assertEqual(answer, conversation)
        self.assertIn("Great, I order them", conversation.message_ids[0].body)
        self.assertEqual(conversation.unanswered_count, 1)

    def test_note_never_sent(self):
        conversation = self._receive("paul@garage-alpha.example", "Hello")
        with self.mock_mail_gateway():
            note = conversation.with_user(self.user_rep).message_post(
                body="Call him back", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(note.wiseparts_channel, "note")
        self.assertFalse(self._new_mails.filtered(lambda mail: self.contact in mail.recipient_ids))
