import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.wiseparts_conversations.tests.common import InboxNotificationsMixin
from odoo.addons.wiseparts_territory.tests.common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestTeamConversations(InboxNotificationsMixin, TerritoryCommon):
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
        notified = self._notified_partners(conversation)
        self.assertIn(self.user_south.partner_id, notified)
        self.assertIn(self.user_team.partner_id, notified, "member of the South team")
        self.assertNotIn(self.user_none.partner_id, notified, "team documents, no team")
        self.assertNotIn(self.user_rep.partner_id, notified, "North team rep")
        # Tina leaves the South team: no more notifications (nor access)
        self.team_south.member_ids = self.user_south
        Bus = self.env["bus.bus"].sudo()
        Bus.search([]).unlink()
        conversation._wiseparts_notify_inboxes()
        self.env.cr.precommit.run()
        notified = {json.loads(notification.channel)[2] for notification in Bus.search([])}
        self.assertNotIn(self.user_team.partner_id.id, notified)
