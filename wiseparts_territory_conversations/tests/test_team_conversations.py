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
