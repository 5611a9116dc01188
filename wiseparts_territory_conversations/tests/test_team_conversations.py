import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.wiseparts_territory.tests.common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestTeamConversations(TerritoryCommon):
    def test_team_user_sees_the_teams_conversations(self):
        Conversation = self.env["wiseparts.conversation"]
        conversations = Conversation.create(
            [
                {"partner_id": partner.id}
                for partner in (self.c1, self.c3, self.c_south, self.c_alone)
            ]
        )
        seen = Conversation.with_user(self.user_team).search([("id", "in", conversations.ids)])
        self.assertEqual(seen.partner_id, self.c1 | self.c3 | self.c_south)
        seen = Conversation.with_user(self.user_none).search([("id", "in", conversations.ids)])
        self.assertEqual(seen.partner_id, self.c_alone)
        with self.assertRaises(AccessError):
            conversations[-1].with_user(self.user_team).read(["state"])

    def test_team_user_inbox_is_told_of_new_messages(self):
        """A new customer message refreshes the open inboxes of the team documents users of
        the salesperson's teams (they may read it), not of the others."""
        conversation = self.env["wiseparts.conversation"].create({"partner_id": self.c_south.id})
        Bus = self.env["bus.bus"].sudo()
        self.env.cr.precommit.run()  # (what earlier posts queued)
        Bus.search([]).unlink()
        conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body="Any news?",
            author_id=self.c_south.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.env.cr.precommit.run()  # the bus sends at commit
        notified = {
            json.loads(notification.channel)[2]
            for notification in Bus.search([])
            if json.loads(notification.message)["type"] == "wiseparts_conversations/updated"
        }
        self.assertIn(self.user_south.partner_id.id, notified)
        self.assertIn(self.user_team.partner_id.id, notified, "member of the South team")
        self.assertNotIn(self.user_none.partner_id.id, notified, "team documents, no team")
        self.assertNotIn(self.user_rep.partner_id.id, notified, "North team rep")
        # Tina leaves the South team: no more notifications (nor access)
        self.team_south.member_ids = self.user_south
        Bus.search([]).unlink()
        conversation._wiseparts_notify_inboxes()
        self.env.cr.precommit.run()
        notified = {json.loads(notification.channel)[2] for notification in Bus.search([])}
        self.assertNotIn(self.user_team.partner_id.id, notified)
