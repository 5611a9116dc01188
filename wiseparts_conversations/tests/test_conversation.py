from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools import SQL, mute_logger

from odoo.addons.wiseparts_base.tests.common import assert_views_readable, create_role_users

from .common import ConversationsCommon

T0 = datetime(2026, 11, 30, 9, 0)


@tagged("post_install", "-at_install")
class TestConversation(ConversationsCommon):
    def _inbound(self, conversation, text, author=None):
        return conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body=text,
            author_id=(author or self.contact).id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    @users("wp_rep")
    def test_rep_works_own_customer_conversation(self):
        conversation = self.Conversation._wiseparts_for_partner(self.contact)
        self.assertEqual(conversation.partner_id, self.customer, "the commercial partner")
        self.assertEqual(conversation.user_id, self.user_rep, "the customer's salesperson")
        self.assertEqual(self.Conversation._wiseparts_for_partner(self.customer), conversation)
        with Form(conversation) as form:
            form.tag_ids.add(self.tag.with_env(self.env))
        self.assertEqual(conversation.tag_ids, self.tag)
        conversation.message_post(body="Internal remark", subtype_xmlid="mail.mt_note")
        self.assertEqual(conversation.channel, "note")
        conversation.action_close()
        self.assertEqual(conversation.state, "closed")

    @users("wp_rep")
    def test_rep_cannot_read_other_reps_conversation(self):
        other = self.Conversation.sudo().create({"partner_id": self.customer2.id})
        with self.assertRaises(AccessError):
            other.with_env(self.env).read(["state"])
        self.assertFalse(self.Conversation.search([("id", "=", other.id)]))
        with self.assertRaises(AccessError):
            self.Conversation._wiseparts_for_partner(self.customer2)
        # once assigned to the rep, the rep sees it
        other.sudo().user_id = self.user_rep
        self.assertEqual(self.Conversation.search([("id", "=", other.id)]), other)

    @users("wp_manager")
    def test_all_documents_see_all(self):
        other = self.Conversation.sudo().create({"partner_id": self.customer2.id})
        self.assertEqual(self.Conversation.search([("id", "=", other.id)]), other)

    def test_one_conversation_per_customer_and_company(self):
        self.Conversation.create({"partner_id": self.customer.id})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Conversation.create({"partner_id": self.customer.id})

    def test_other_company_conversation_hidden(self):
        company2 = self.env["res.company"].create({"name": "Second Company"})
        other = self.Conversation.create(
            {"partner_id": self.customer.id, "company_id": company2.id}
        )
        manager = self.user_manager
        self.assertFalse(
            self.Conversation.with_user(manager).search([("id", "=", other.id)]),
            "a company the user is not in",
        )

    def test_inbound_reopens_closed_and_snoozed(self):
        conversation = self.Conversation.create({"partner_id": self.customer.id})
        conversation.action_close()
        self._inbound(conversation, "Hello again")
        self.assertEqual(conversation.state, "open")
        conversation.snoozed_until = datetime.now() + timedelta(days=2)
        self.assertEqual(conversation.state, "pending")
        self._inbound(conversation, "Any news?")
        self.assertEqual(conversation.state, "open")
        self.assertFalse(conversation.snoozed_until)
        self.assertEqual(conversation.reply_partner_id, self.contact)

    def test_snooze_comes_back(self):
        conversation = self.Conversation.create({"partner_id": self.customer.id})
        with freeze_time(T0):
            conversation.write({"snoozed_until": T0 + timedelta(hours=3)})
            self.assertEqual(conversation.state, "pending")
            self.Conversation._cron_wake_snoozed()
            self.assertEqual(conversation.state, "pending")
        with freeze_time(T0 + timedelta(hours=3, minutes=1)):
            self.Conversation._cron_wake_snoozed()
        self.assertEqual(conversation.state, "open")

    def test_response_times(self):
        conversation = self.Conversation.create({"partner_id": self.customer.id})
        rep_conversation = conversation.with_user(self.user_rep)
        with freeze_time(T0):
            self._inbound(conversation, "Do you have brake pads?")
        with freeze_time(T0 + timedelta(minutes=5)):
            self._inbound(conversation, "For a Clio 4")
        self.assertEqual(conversation.unanswered_count, 2)
        with freeze_time(T0 + timedelta(minutes=30)):
            rep_conversation.message_post(
                body="Yes, in stock", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(conversation.first_response_minutes, 30)
        self.assertEqual(conversation.unanswered_count, 0)
        self.assertEqual(conversation.last_message_preview, "Yes, in stock")
        self.assertEqual(conversation.channel, "email")
        with freeze_time(T0 + timedelta(minutes=60)):
            self._inbound(conversation, "Thanks, please send 4")
        with freeze_time(T0 + timedelta(minutes=70)):
            rep_conversation.message_post(
                body="Done", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(T0 + timedelta(minutes=75)):
            rep_conversation.message_post(
                body="Note for the warehouse", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(conversation.first_response_minutes, 10)
        self.assertEqual(conversation.avg_response_minutes, 20)
        self.assertEqual(conversation.last_message_preview, "Note for the warehouse")

    def test_unknown_senders_round_robin(self):
        team = self.env["crm.team"].create({"name": "Inbox team"})
        members = self.user_rep | self.user_rep2
        team.member_ids = members
        self.env.company.wiseparts_inbox_team_id = team
        Partner = self.env["res.partner"]
        assignees = [
            self.Conversation.create(
                {"partner_id": Partner.create({"name": f"Unknown {i}"}).id}
            ).user_id
            for i in range(3)
        ]
        first, second = members.sorted("id")
        self.assertEqual(assignees, [first, second, first])
        self.assertEqual(self.env.company.wiseparts_inbox_last_user_id, first, "stored in the DB")

    def test_views_readable_by_roles(self):
        conversation = self.Conversation.create(
            {"partner_id": self.customer.id, "tag_ids": [(4, self.tag.id)]}
        )
        roles = create_role_users(self.env, prefix="wp_conv")
        sales_roles = {
            role: user
            for role, user in roles.items()
            if user.has_group("sales_team.group_sale_salesman_all_leads")
        }
        assert_views_readable(
            self,
            sales_roles,
            "wiseparts.conversation",
            [
                ("wiseparts_conversations.wiseparts_conversation_view_list", "list"),
                ("wiseparts_conversations.wiseparts_conversation_view_form", "form"),
            ],
            conversation,
        )
        # every internal user still opens the partner form we extend
        assert_views_readable(
            self, roles, "res.partner", [("base.view_partner_form", "form")], self.customer
        )

    def test_account_secrets_admins_only(self):
        account = self.env["wiseparts.whatsapp.account"].create(
            {
                "name": "WA",
                "phone_number_id": "1",
                "access_token": "secret-token",
                "app_secret": "s",
            }
        )
        rep_account = account.with_user(self.user_rep)
        self.assertEqual(rep_account.name, "WA")
        for field in ("access_token", "app_secret", "verify_token"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                rep_account.read([field])
        with self.assertRaises(AccessError):
            rep_account.write({"name": "Mine"})
        spec = account.with_user(self.user_rep).get_views([(False, "form")])
        self.assertNotIn("access_token", spec["views"]["form"]["arch"])
        self.assertEqual(account.with_user(self.user_admin).access_token, "secret-token")
        internal = new_test_user(self.env, login="wp_conv_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            account.with_user(internal).read(["name"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.user_rep).read(["wiseparts_ai_api_key"])

    @users("wp_rep")
    def test_timeline_lists_emails_of_quotes(self):
        order = (
            self.env["sale.order"]
            .sudo()
            .create({"partner_id": self.contact.id, "user_id": self.user_rep.id})
        )
        email = order.message_post(
            body="Your quotation", message_type="email", subtype_xmlid="mail.mt_comment"
        )
        other = (
            self.env["sale.order"]
            .sudo()
            .create({"partner_id": self.customer2.id, "user_id": self.user_rep2.id})
        )
        other.message_post(body="Not yours", message_type="email")
        action = self.contact.with_env(self.env).action_wiseparts_open_conversation()
        conversation = self.Conversation.browse(action["res_id"])
        self.assertEqual(conversation.partner_id, self.customer)
        conversation.invalidate_recordset()  # the form reads it in its own request
        self.assertEqual(conversation.document_message_ids, email, "not another rep's order")
        opened = email.with_env(self.env).action_wiseparts_open_document()
        self.assertEqual((opened["res_model"], opened["res_id"]), ("sale.order", order.id))


@tagged("post_install", "-at_install")
class TestConversationCreationRace(ConversationsCommon):
    """Two requests open the conversation of a new customer at once (two webhooks): the
    second, whose snapshot predates the first's commit, is run again by Odoo (serialization
    failure) and then finds the conversation; nothing hits the unique index (no "bad query"
    ERROR in the log)."""

    def _in_other_transaction(self, query):
        with self.env.registry.cursor() as cr:
            cr.execute(query)
            return cr.fetchone() if cr.description else None

    def test_concurrent_creation_is_retried_without_error(self):
        # a customer committed before this test's transaction began (the other transaction
        # must see it); its conversation is created by a concurrent request
        customer = self.env.company.partner_id
        Conversation = self.Conversation
        self.assertFalse(Conversation.search([("partner_id", "=", customer.id)]))
        [conversation_id] = self._in_other_transaction(
            SQL(
                "INSERT INTO wiseparts_conversation (partner_id, company_id, state, reply_channel) "
                "VALUES (%s, %s, 'open', 'email') RETURNING id",
                customer.id,
                self.env.company.id,
            )
        )
        self.addCleanup(
            self._in_other_transaction,
            SQL("DELETE FROM wiseparts_conversation WHERE id = %s", conversation_id),
        )
        with (
            self.assertNoLogs("odoo.sql_db", "ERROR"),
            self.assertRaises(SerializationFailure),
            self.env.cr.savepoint(),
        ):
            Conversation._wiseparts_for_partner(customer)
        # what Odoo's retry of the request does: a new transaction finds it
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            found = env["wiseparts.conversation"]._wiseparts_for_partner(
                env["res.partner"].browse(customer.id),
                env["res.company"].browse(self.env.company.id),
            )
            self.assertEqual(found.id, conversation_id)
        # without a concurrent request, the conversation is created as usual
        conversation = Conversation._wiseparts_for_partner(self.contact)
        self.assertEqual(conversation.partner_id, self.customer)
        self.assertEqual(conversation.user_id, self.user_rep)
