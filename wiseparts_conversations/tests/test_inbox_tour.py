from odoo.tests import HttpCase, tagged

from .common import ConversationsCommon


@tagged("post_install", "-at_install")
class TestInboxTour(HttpCase, ConversationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.name = "Tour Garage"
        cls.env["wiseparts.conversation.tag"].create({"name": "Tour tag"})
        cls.env["mail.canned.response"].create(
            {
                "source": "stock",
                "substitution": "Yes, they are in stock.",
                "group_ids": [(4, cls.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        cls.conversation = cls.env["wiseparts.conversation"].create({"partner_id": cls.customer.id})
        cls.conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body="Do you have brake pads for a Clio",
            author_id=cls.contact.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        # another rep's conversation, which wp_rep must not see
        cls.env["wiseparts.conversation"].create({"partner_id": cls.customer2.id})

    def test_inbox_tour(self):
        self.start_tour("/odoo/wiseparts-inbox", "wiseparts_conversations_inbox", login="wp_rep")
        self._check_replied_tagged_closed()

    def test_list_form_tour(self):
        self.start_tour(
            "/odoo/wiseparts-conversations", "wiseparts_conversations_list", login="wp_rep"
        )
        self._check_replied_tagged_closed()

    def _check_replied_tagged_closed(self):
        conversation = self.conversation
        self.assertEqual(conversation.state, "closed")
        self.assertEqual(conversation.tag_ids.name, "Tour tag")
        reply = conversation.message_ids.filtered(lambda m: m.wiseparts_direction == "outbound")
        self.assertEqual(len(reply), 1)
        self.assertIn("in stock", reply.body)
        self.assertEqual(reply.author_id, self.user_rep.partner_id)
        self.assertIn(self.contact, reply.partner_ids, "sent by email to the customer's contact")
        self.assertEqual(conversation.unanswered_count, 0)
