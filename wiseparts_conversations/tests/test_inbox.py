from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged, users

from .common import ConversationsCommon, InboxNotificationsMixin


@tagged("post_install", "-at_install")
class TestInbox(InboxNotificationsMixin, ConversationsCommon):
    """The server side of WiseParts ▸ Inbox (wiseparts_inbox, wiseparts_inbox_read)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Conversation = cls.env["wiseparts.conversation"]
        Partner = cls.env["res.partner"]
        Conversation.search([]).unlink()  # (demo data): the boxes hold what is created here
        cls.mine = Conversation.create({"partner_id": cls.customer.id})  # salesperson: wp_rep
        cls.other = Conversation.create({"partner_id": cls.customer2.id})  # wp_rep2's
        cls.unassigned = Conversation.create(
            {
                "partner_id": Partner.create({"name": "Gamma Parts", "is_company": True}).id,
                "user_id": False,
            }
        )
        cls.quiet = Conversation.create(
            {
                "partner_id": Partner.create(
                    {"name": "Delta Trucks", "is_company": True, "user_id": cls.user_rep.id}
                ).id,
            }
        )
        for conversation, text in (
            (cls.mine, "Brake pads for a Clio?"),
            (cls.other, "Oil filters"),
            (cls.unassigned, "Wipers"),
        ):
            conversation.with_context(
                wiseparts_channel="whatsapp", wiseparts_direction="inbound"
            ).message_post(
                body=text,
                author_id=conversation.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        cls.quiet.message_post(body="Called him about the invoice", subtype_xmlid="mail.mt_note")
        cls.mine.tag_ids = cls.tag

    def _ids(self, result):
        return [conversation["id"] for conversation in result["conversations"]]

    @users("wp_rep")
    def test_rep_boxes_and_counts(self):
        Conversation = self.env["wiseparts.conversation"]
        result = Conversation.wiseparts_inbox(options=True)
        self.assertEqual(set(self._ids(result)), {self.mine.id, self.quiet.id})
        # newest message first
        self.assertEqual(self._ids(result), [self.quiet.id, self.mine.id])
        # the rep sees no unassigned conversation of a customer not theirs, nor wp_rep2's
        self.assertEqual(result["counts"], {"mine": 1, "unassigned": 0, "all": 1})
        mine = result["conversations"][1]
        self.assertEqual(mine["partner_id"]["display_name"], "Garage Alpha")
        self.assertEqual(mine["unanswered_count"], 1)
        self.assertEqual(mine["channel"], "whatsapp")
        self.assertEqual(mine["last_message_preview"], "Brake pads for a Clio?")
        self.assertEqual([tag["display_name"] for tag in mine["tag_ids"]], ["Test urgent"])
        self.assertIn(self.tag.id, [tag["id"] for tag in result["tags"]])
        self.assertIn(self.user_rep2.id, [user["id"] for user in result["users"]])
        self.assertEqual(
            self._ids(Conversation.wiseparts_inbox(box="all", state=False)),
            [self.quiet.id, self.mine.id],
        )
        self.assertFalse(self._ids(Conversation.wiseparts_inbox(box="unassigned")))

    @users("wp_rep")
    def test_rep_filters(self):
        Conversation = self.env["wiseparts.conversation"]
        self.assertEqual(self._ids(Conversation.wiseparts_inbox(unanswered=True)), [self.mine.id])
        self.assertEqual(self._ids(Conversation.wiseparts_inbox(channel="note")), [self.quiet.id])
        self.assertEqual(
            self._ids(Conversation.wiseparts_inbox(tag_id=self.tag.id)), [self.mine.id]
        )
        self.assertEqual(self._ids(Conversation.wiseparts_inbox(search="delta")), [self.quiet.id])
        self.assertEqual(self._ids(Conversation.wiseparts_inbox(search="clio")), [self.mine.id])
        self.assertFalse(self._ids(Conversation.wiseparts_inbox(state="closed")))
        self.mine.with_env(self.env).action_close()
        closed = Conversation.wiseparts_inbox(state="closed")
        self.assertEqual(self._ids(closed), [self.mine.id])
        self.assertEqual(closed["counts"]["mine"], 1, "counted under the same filters")
        self.assertEqual(Conversation.wiseparts_inbox()["counts"]["mine"], 0)
        with self.assertRaises(UserError):
            Conversation.wiseparts_inbox(box="everything")
        with self.assertRaises(UserError):
            Conversation.wiseparts_inbox(channel="fax")
        with self.assertRaises(UserError):
            Conversation.wiseparts_inbox(tag_id="urgent")

    @users("wp_rep")
    def test_rep_reads_only_what_rules_allow(self):
        Conversation = self.env["wiseparts.conversation"]
        [read] = self.mine.with_env(self.env).wiseparts_inbox_read()
        self.assertEqual(read["id"], self.mine.id)
        with self.assertRaises(AccessError):
            Conversation.browse(self.other.id).wiseparts_inbox_read()

    @users("wp_manager")
    def test_all_documents_see_every_box(self):
        result = self.env["wiseparts.conversation"].wiseparts_inbox(box="all")
        self.assertEqual(
            set(self._ids(result)), {self.mine.id, self.other.id, self.unassigned.id, self.quiet.id}
        )
        self.assertEqual(result["counts"], {"mine": 0, "unassigned": 1, "all": 3})
        result = self.env["wiseparts.conversation"].wiseparts_inbox(box="unassigned")
        self.assertEqual(self._ids(result), [self.unassigned.id])

    @users("wp_manager")
    def test_query_count_does_not_grow_with_conversations(self):
        Conversation = self.env["wiseparts.conversation"]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = Conversation.wiseparts_inbox(box="all", state=False)
            return self.env.cr.sql_log_count - before, len(result["conversations"])

        queries()  # (caches warm)
        few, count = queries()
        self.assertEqual(count, 4)
        tags = (
            self.env["wiseparts.conversation.tag"]
            .sudo()
            .create([{"name": f"Bulk tag {index}"} for index in range(3)])
        )
        partners = (
            self.env["res.partner"]
            .sudo()
            .create([{"name": f"Bulk {index}", "is_company": True} for index in range(20)])
        )
        Conversation.sudo().create(
            [{"partner_id": partner.id, "tag_ids": tags.ids} for partner in partners]
        )
        many, count = queries()
        self.assertEqual(count, 24)
        self.assertEqual(many, few, "set-based: the same queries for 4 or 24 conversations")

    @users("wp_internal")
    def test_user_without_sales_rights_refused(self):
        with self.assertRaises(AccessError):
            self.env["wiseparts.conversation"].wiseparts_inbox()
        with self.assertRaises(AccessError):
            self.env["wiseparts.conversation"].browse(self.mine.id).wiseparts_inbox_read()

    def test_new_message_notifies_every_reader_inbox(self):
        notified = self._notified_partners(self.other)  # wp_rep2's customer
        self.assertIn(self.user_rep2.partner_id, notified, "the salesperson (and assignee)")
        self.assertIn(self.user_manager.partner_id, notified, "all documents")
        self.assertNotIn(self.user_rep.partner_id, notified, "a rep of other customers")
        self.assertNotIn(self.user_internal.partner_id, notified, "no sales rights")
        # the conversation assigned to wp_rep: wp_rep's inbox hears of it too
        self.other.user_id = self.user_rep
        self.assertIn(self.user_rep.partner_id, self._notified_partners(self.other))
        # an all documents user of another company is not told
        company2 = self.env["res.company"].create({"name": "Other Company"})
        self.user_manager.write({"company_ids": [(6, 0, company2.ids)], "company_id": company2.id})
        self.assertNotIn(self.user_manager.partner_id, self._notified_partners(self.other))

    def test_notification_query_count_does_not_grow_with_readers(self):
        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.other._wiseparts_notify_inboxes()
            return self.env.cr.sql_log_count - before

        queries()  # (caches warm)
        few = queries()
        managers = self.env["res.users"]
        for index in range(10):
            managers |= new_test_user(
                self.env,
                login=f"wp_bulk_manager{index}",
                groups="sales_team.group_sale_salesman_all_leads",
            )
        queries()  # (caches warm again: creating users with groups clears them)
        self.assertEqual(queries(), few, "set-based: the same queries for 1 or 11 managers")
        self.assertEqual(
            self._notified_partners(self.other) & managers.partner_id, managers.partner_id
        )
