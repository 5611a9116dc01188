from email.utils import formatdate
from functools import partial

from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import ConversationsCommon, SenderRaceMixin

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


@tagged("post_install", "-at_install")
class TestEmailUnknownSenderRace(SenderRaceMixin, TransactionCase):
    """Two emails of an unknown address arrive at once through the mail gateway, each in its own
    transaction committed as the gateway does: one creates the "to qualify" contact, the other
    waits for it and is run again (serialization failure), then joins that contact's
    conversation. One contact, one conversation, both emails; no ERROR logged, no bounce.

    Not based on ConversationsCommon: its set-up writes the company, whose row lock (held by
    this test's transaction) would block the gateway."""

    SENDER = "Nora New <Nora@New-Garage.example>"
    NORMALIZED = "nora@new-garage.example"

    def setUp(self):
        super().setUp()
        company_id = self.env.company.id
        self.last_inbox_user_id = self.env.company.wiseparts_inbox_last_user_id.id

        def alias_address(env):
            # the emails reach the conversations through the alias (its domain created if
            # missing): a failure there makes Odoo bounce the email
            alias = env.ref("wiseparts_conversations.mail_alias_conversation")
            if not alias.alias_domain_id:
                domain = env["mail.alias.domain"].search([], limit=1)
                if not domain:
                    domain = env["mail.alias.domain"].create({"name": "race.wiseparts.example"})
                    self.addCleanup(self._in_new_env, partial(self._remove_domain, domain.id))
                alias.alias_domain_id = domain
            # as after a first email: both deliveries would otherwise mark it valid at once
            self.addCleanup(self._in_new_env, partial(self._restore_alias, alias.alias_status))
            alias.alias_status = "valid"
            return alias.alias_full_name

        self.alias_to = self._in_new_env(alias_address)
        self.addCleanup(self._in_new_env, partial(self._cleanup, company_id))

    def _restore_alias(self, status, env):
        env.ref("wiseparts_conversations.mail_alias_conversation").alias_status = status

    def _remove_domain(self, domain_id, env):
        domain = env["mail.alias.domain"].browse(domain_id)
        env["res.company"].with_context(active_test=False).search(
            [("alias_domain_id", "=", domain_id)]
        ).alias_domain_id = False
        env["mail.alias"].search([("alias_domain_id", "=", domain_id)]).alias_domain_id = False
        domain.unlink()

    def _cleanup(self, company_id, env):
        partners = (
            env["res.partner"]
            .with_context(active_test=False)
            .search([("email_normalized", "=", self.NORMALIZED)])
        )
        env["wiseparts.conversation"].search([("partner_id", "in", partners.ids)]).unlink()
        env["mail.mail"].search([("email_to", "ilike", self.NORMALIZED)]).unlink()
        partners.unlink()
        env["res.company"].browse(company_id).wiseparts_inbox_last_user_id = self.last_inbox_user_id

    def _deliver(self, env, msg_id):
        raw = RAW.format(
            email_from=self.SENDER,
            subject="Filters",
            msg_id=msg_id,
            extra="",
            body=f"Do you sell filters? ({msg_id})",
            date=formatdate(),
        ).replace("To: inbox@wiseparts.example", f"To: {self.alias_to}")
        env["mail.thread"].message_process("wiseparts.conversation", raw)

    def _race(self, fetchmail):
        msg_ids = ["<race-a@new-garage.example>", "<race-b@new-garage.example>"]
        # the mail gateway script's XML-RPC call is retried by Odoo; fetchmail is not (a
        # failure is logged and the email lost): message_process retries itself there
        retries = self._deliver_at_once(
            msg_ids, self._deliver, {"fetchmail_cron_running": fetchmail}, retry=not fetchmail
        )

        def check(env):
            contacts = env["res.partner"].search([("email_normalized", "=", self.NORMALIZED)])
            self.assertEqual(len(contacts), 1, "one contact for the address")
            self.assertTrue(contacts.wiseparts_to_qualify)
            conversations = env["wiseparts.conversation"].search([("partner_id", "=", contacts.id)])
            self.assertEqual(len(conversations), 1)
            self.assertEqual(sorted(conversations.message_ids.mapped("message_id")), msg_ids)
            self.assertFalse(
                env["mail.mail"].search([("email_to", "ilike", self.NORMALIZED)]), "no bounce"
            )
            alias = env.ref("wiseparts_conversations.mail_alias_conversation")
            self.assertEqual(alias.alias_status, "valid")

        self._in_new_env(check)
        return retries

    def test_one_contact_for_simultaneous_emails(self):
        retries = self._race(fetchmail=False)
        self.assertEqual(len(retries), 1, "the second delivery waited, then was run again")

    def test_one_contact_for_simultaneous_emails_fetchmail(self):
        # the second email waited, then was run again by message_process itself
        self._race(fetchmail=True)
