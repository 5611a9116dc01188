from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from odoo.addons.wiseparts_activities.tests.test_automation import LOGGER, AutomationCommon
from odoo.addons.wiseparts_conversations.tests.common import (
    FAILING_NUMBER,
    FakeMetaAccountMixin,
)

SENT = "2026-03-02 10:00:00"
FIVE_DAYS_LATER = "2026-03-07 10:30:00"


class WhatsAppAutomationCommon(FakeMetaAccountMixin, AutomationCommon):
    """c1 (Rita's) writes from WhatsApp +33 6 12 34 56 78; c3 (Oscar's) has no phone; c5
    (Rita's) has a number Meta refuses. A WhatsApp account on a fake Meta at 127.0.0.1 with
    an approved quote template."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.fr")
        # the only WhatsApp account of the company (demo data may have one)
        cls.env["wiseparts.whatsapp.account"].search([]).active = False
        cls._setup_fake_meta_account()
        cls.quote_template = cls.env["wiseparts.whatsapp.template"].create(
            {
                "account_id": cls.account.id,
                "name": "quote_reminder",
                "language": "en",
                "body": "Your quotation is waiting for you: {{1}}",
            }
        )
        cls.quote_template.status = "approved"
        cls.account.quote_template_id = cls.quote_template
        france = cls.env.ref("base.fr").id
        cls.c1.write({"mobile": "06 12 34 56 78", "country_id": france, "email": "c1@example.com"})
        cls.c3.write({"phone": False, "mobile": False, "email": "c3@example.com"})
        cls.c5.write({"mobile": "+" + FAILING_NUMBER, "email": "c5@example.com"})
        cls.Conversation = cls.env["wiseparts.conversation"]

    def setUp(self):
        super().setUp()
        self.meta.server.requests.clear()  # the fake Meta serves the whole class

    def _activate_recovery(self):
        rule = self.env.ref("wiseparts_activities_conversations.automation_quote_recovery_whatsapp")
        rule.active = True
        return rule

    def _sent_to_meta(self):
        return self.meta.server.json_requests("POST", "/messages")

    def _conversation(self, partner):
        return self.Conversation.search([("partner_id", "=", partner.id)])

    def _window_open(self, partner, when):
        conversation = self.Conversation._wiseparts_for_partner(partner)
        conversation.last_inbound_whatsapp_at = when
        return conversation

    def _sent_quote(self, partner, user):
        with freeze_time(SENT):
            order = self._quote(partner, user)
            order.action_quotation_sent()
        return order

    def _emails_to(self, order, partner):
        return order.message_ids.filtered(lambda m: partner in m.partner_ids)


@tagged("post_install", "-at_install")
class TestQuoteRecoveryWhatsApp(WhatsAppAutomationCommon):
    def test_ready_made_rule_sends_the_quote_in_the_conversation(self):
        """5 days after sending, the quote goes to the customer's WhatsApp conversation
        (free text: the customer wrote on WhatsApp within 24 hours), with its online link;
        no email; the log says done; the quote's chatter says so."""
        rule = self._activate_recovery()
        order = self._sent_quote(self.c1, self.user_rep)
        with freeze_time(FIVE_DAYS_LATER):
            self._window_open(self.c1, datetime(2026, 3, 7, 9, 0))
            self.Automation._check()
        sent = self._sent_to_meta()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["to"], "33612345678")
        self.assertEqual(sent[0]["type"], "text")
        text = sent[0]["text"]["body"]
        self.assertIn(f"did you have a look at our quotation {order.name}?", text)
        self.assertIn(f"/my/orders/{order.id}?access_token={order.access_token}", text)
        conversation = self._conversation(self.c1)
        message = conversation.message_ids.filtered(lambda m: m.wiseparts_channel == "whatsapp")
        self.assertEqual(len(message), 1)
        self.assertEqual(
            (message.wiseparts_direction, message.wiseparts_wa_state, message.wiseparts_auto),
            ("outbound", "sent", True),
        )
        self.assertEqual(message.author_id, self.user_rep.partner_id, "from the salesperson")
        self.assertEqual(conversation.channel, "whatsapp")
        log = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual((log.state, log.res_id, log.message), ("done", order.id, False))
        self.assertFalse(self._emails_to(order, self.c1), "not by email too")
        self.assertIn(
            "Quote recovery sent by WhatsApp.",
            order.message_ids.mapped(lambda m: html2plaintext(m.body or "")),
        )
        with freeze_time("2026-03-07 11:00:00"):
            self.Automation._check()
        self.assertEqual(len(self._sent_to_meta()), 1, "fired once")
        self.assertTrue(
            self.Conversation.with_user(self.user_rep)
            .browse(conversation.id)
            .message_ids.filtered(lambda m: m.wiseparts_channel == "whatsapp"),
            "the salesperson reads it in the conversation",
        )

    def test_outside_the_window_the_quote_template_is_sent(self):
        """No WhatsApp from the customer in 24 hours: Meta only allows an approved template:
        the account's quote template, its {{1}} the quote's link."""
        rule = self._activate_recovery()
        order = self._sent_quote(self.c1, self.user_rep)
        with freeze_time(FIVE_DAYS_LATER):
            self._window_open(self.c1, datetime(2026, 3, 5, 9, 0))
            self.Automation._check()
        sent = self._sent_to_meta()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["type"], "template")
        self.assertEqual(sent[0]["template"]["name"], "quote_reminder")
        link = sent[0]["template"]["components"][0]["parameters"][0]["text"]
        self.assertTrue(link.endswith(f"/my/orders/{order.id}?access_token={order.access_token}"))
        message = self._conversation(self.c1).message_ids.filtered("wiseparts_wa_id")
        self.assertIn("Your quotation is waiting for you: http", html2plaintext(message.body))
        self.assertEqual(self.Log.search([("automation_id", "=", rule.id)]).state, "done")

    def test_falls_back_to_email_and_says_why(self):
        """No mobile number (c3) or a number Meta refuses (c5): the quote goes by email, the
        log says why, nothing fails and no traceback is logged."""
        rule = self._activate_recovery()
        no_number = self._sent_quote(self.c3, self.user_rep2)
        refused = self._sent_quote(self.c5, self.user_rep)
        with freeze_time(FIVE_DAYS_LATER), self.assertNoLogs(LOGGER, "WARNING"):
            self._window_open(self.c5, datetime(2026, 3, 7, 9, 0))
            self.Automation._check()
        logs = {log.res_id: log for log in self.Log.search([("automation_id", "=", rule.id)])}
        self.assertEqual(logs[no_number.id].state, "done")
        self.assertEqual(
            logs[no_number.id].message,
            "Sent by email, not WhatsApp: Segment Customer 3 has no mobile number for WhatsApp.",
        )
        self.assertEqual(logs[refused.id].state, "done")
        self.assertIn("Sent by email, not WhatsApp: Meta refused", logs[refused.id].message)
        self.assertIn("Message undeliverable", logs[refused.id].message)
        for order, partner in ((no_number, self.c3), (refused, self.c5)):
            email = self._emails_to(order, partner)
            self.assertEqual(len(email), 1)
            self.assertIn(order.name, email.subject)
        self.assertFalse(self._conversation(self.c3), "no conversation started for nothing")
        failed = self._conversation(self.c5).message_ids.filtered("wiseparts_wa_state")
        self.assertEqual(failed.wiseparts_wa_state, "failed", "the text is kept on the message")

    def test_email_channel_and_form(self):
        """The action's form offers the channel; "Email" sends by email as without
        conversations."""
        with Form(self.env["ir.actions.server"]) as form:
            form.name = "Recover"
            form.model_id = self.env.ref("sale.model_sale_order")
            form.state = "wiseparts_quote_recovery"
            self.assertEqual(form.wiseparts_quote_channel, "whatsapp")
            form.wiseparts_quote_channel = "email"
        action = form.record
        order = self._quote(self.c1, self.user_rep)
        self._window_open(self.c1, datetime.now())
        action.with_context(active_model="sale.order", active_ids=order.ids).run()
        self.assertEqual(len(self._emails_to(order, self.c1)), 1)
        self.assertFalse(self._sent_to_meta())


@tagged("post_install", "-at_install")
class TestWhatsAppActionOnTag(WhatsAppAutomationCommon):
    """Tagging a conversation (Odoo's "tag is added" trigger) runs WiseParts' actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.urgent = cls.env["wiseparts.conversation.tag"].create({"name": "Call back today"})
        cls.other_tag = cls.env["wiseparts.conversation.tag"].create({"name": "Invoice question"})

    def _tag_rule(self, actions):
        rule = self._rule("wiseparts.conversation", "on_tag_set", actions)
        rule.trg_field_ref = self.urgent.id
        self.assertEqual(rule.filter_domain, repr([("tag_ids", "in", [self.urgent.id])]))
        return rule

    def test_tag_added_creates_a_task_once(self):
        rule = self._tag_rule(
            [
                {
                    "state": "wiseparts_task",
                    "wiseparts_subject": "Urgent: {customer}",
                    "wiseparts_priority": "3",
                }
            ]
        )
        conversation = self.Conversation.create({"partner_id": self.c1.id})
        self.assertEqual(conversation.user_id, self.user_rep)
        mine = conversation.with_user(self.user_rep)
        mine.tag_ids = [Command.link(self.other_tag.id)]
        self.assertFalse(self._tasks(self.c1), "another tag")
        mine.tag_ids = [Command.link(self.urgent.id)]
        task = self._tasks(self.c1)
        self.assertEqual(
            (task.name, task.user_ids, task.priority),
            ("Urgent: Segment Customer 1", self.user_rep, "3"),
        )
        self.assertEqual((task.res_model, task.res_id), (conversation._name, conversation.id))
        mine.write({"state": "closed"})
        self.assertEqual(len(self._tasks(self.c1)), 1, "not again while the tag stays")
        mine.tag_ids = [Command.unlink(self.urgent.id)]
        mine.tag_ids = [Command.link(self.urgent.id)]
        self.assertEqual(len(self._tasks(self.c1)), 2, "added again: fires again")
        self.assertEqual(
            self.Log.search([("automation_id", "=", rule.id)]).mapped("state"), ["done", "done"]
        )

    def test_send_whatsapp_message_action(self):
        """A rep tags two conversations: the customer who wrote on WhatsApp gets the message
        in the conversation; the one without a number is logged as failed with the reason,
        the owner is told, the rep's save goes through."""
        rule = self._tag_rule(
            [
                {
                    "state": "wiseparts_whatsapp",
                    "wiseparts_whatsapp_body": "Hello {customer}, {salesperson} calls you today.",
                }
            ]
        )
        rule.wiseparts_owner_id = self.user_admin
        with freeze_time(FIVE_DAYS_LATER):
            with_number = self._window_open(self.c1, datetime(2026, 3, 7, 9, 0))
            without = self.Conversation.create({"partner_id": self.c3.id})
            without.user_id = self.user_rep
            with self.assertLogs(LOGGER, "WARNING"):
                (with_number | without).with_user(self.user_rep).write(
                    {"tag_ids": [Command.link(self.urgent.id)]}
                )
        self.assertEqual((with_number | without).tag_ids, self.urgent, "the save went through")
        sent = self._sent_to_meta()
        self.assertEqual(len(sent), 1)
        self.assertEqual(
            sent[0]["text"]["body"], "Hello Segment Customer 1, Rita Rep calls you today."
        )
        message = (
            self.Conversation.with_user(self.user_rep)
            .browse(with_number.id)
            .message_ids.filtered("wiseparts_wa_id")
        )
        self.assertEqual(message.wiseparts_wa_state, "sent")
        with self.assertRaises(AccessError, msg="another salesperson's customer"):
            self.Conversation.with_user(self.user_rep2).browse(with_number.id).read(["state"])
        logs = {log.res_id: log for log in self.Log.search([("automation_id", "=", rule.id)])}
        self.assertEqual(logs[with_number.id].state, "done")
        self.assertEqual(logs[without.id].state, "failed")
        self.assertEqual(
            logs[without.id].message, "Segment Customer 3 has no mobile number for WhatsApp."
        )
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "base.automation"),
                    ("res_id", "=", rule.id),
                    ("partner_ids", "in", self.user_admin.partner_id.ids),
                ]
            ),
            "the rule's owner is told",
        )

    def test_outside_the_window_without_template_fails_clearly(self):
        rule = self._tag_rule(
            [{"state": "wiseparts_whatsapp", "wiseparts_whatsapp_body": "Hello {customer}"}]
        )
        conversation = self.Conversation.create({"partner_id": self.c1.id})
        with self.assertLogs(LOGGER, "WARNING"):
            conversation.with_user(self.user_rep).tag_ids = [Command.link(self.urgent.id)]
        log = self.Log.search([("automation_id", "=", rule.id)])
        self.assertEqual(log.state, "failed")
        self.assertIn("has not written on WhatsApp in the last 24 hours", log.message)
        self.assertFalse(self._sent_to_meta())
