from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ConversationsCommon


@tagged("post_install", "-at_install")
class TestResponseTimesWidget(ConversationsCommon):
    def test_figures_as_rep_and_manager(self):
        Conversation = self.env["wiseparts.conversation"]
        mine = Conversation.create({"partner_id": self.customer.id})
        other = Conversation.create({"partner_id": self.customer2.id})
        mine.write(
            {
                "last_message_at": "2026-03-10 09:00:00",
                "first_response_minutes": 10.0,
                "unanswered_count": 2,
            }
        )
        other.write({"last_message_at": "2026-03-11 09:00:00", "first_response_minutes": 90.0})
        Dashboard = self.env["wiseparts.dashboard"]

        def figures(user):
            data = Dashboard.with_user(user).widget_data(
                "response_times", "2026-03-01", "2026-03-31"
            )
            kpis = [kpi["value"] for kpi in data["kpis"]]
            buckets = {row["values"][0]: row["values"][1] for row in data["table"]["rows"]}
            return kpis, buckets

        kpis, buckets = figures(self.user_rep)
        self.assertEqual(kpis[0], 10.0)
        self.assertEqual(kpis[2], 1)  # mine: open with unanswered messages
        self.assertEqual(buckets["< 15 min"], 1)
        self.assertEqual(buckets["1-4 h"], 0)  # Oscar's conversation is not Rita's
        kpis, buckets = figures(self.user_manager)
        self.assertEqual(kpis[0], 50.0)
        self.assertEqual((buckets["< 15 min"], buckets["1-4 h"]), (1, 1))
        with self.assertRaises(AccessError):
            Dashboard.with_user(self.user_internal).widget_data(
                "response_times", "2026-03-01", "2026-03-31"
            )
