from datetime import date

from odoo.tests import tagged

from .common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestDashboardGoals(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Goal = cls.env["wiseparts.goal"]
        Goal.create(
            [
                {"user_id": cls.user_rep.id, "date_start": "2026-01-01", "target": 150.0},
                {"user_id": cls.user_rep.id, "date_start": "2026-02-01", "target": 250.0},
                # not a sales goal, another user: ignored for Rita
                {
                    "user_id": cls.user_rep.id,
                    "date_start": "2026-01-01",
                    "metric": "visits",
                    "target": 9.0,
                },
                {"user_id": cls.user_rep2.id, "date_start": "2026-01-01", "target": 999.0},
                {"team_id": cls.team_north.id, "date_start": "2026-01-01", "target": 1000.0},
                {"team_id": cls.team_south.id, "date_start": "2026-01-01", "target": 500.0},
                {"team_id": cls.team_south.id, "date_start": "2026-02-01", "target": 700.0},
            ]
        )
        cls.Dashboard = cls.env["wiseparts.dashboard"]

    def test_salesperson_sees_own_goals(self):
        data = self.Dashboard.with_user(self.user_rep).widget_data(
            "sales_vs_goal", "2026-01-01", "2026-03-31"
        )
        self.assertEqual([row["values"][2] for row in data["table"]["rows"]], [150.0, 250.0, None])
        self.assertEqual(data["kpis"][1]["value"], 400.0)
        self.assertEqual(data["chart"]["datasets"][1]["data"], [150.0, 250.0, None])

    def test_team_scope_sums_the_goals_of_the_users_teams(self):
        self.team_north.member_ids = [(4, self.user_manager.id)]
        self.team_south.member_ids = [(4, self.user_manager.id)]
        goals = self.Dashboard.with_user(self.user_manager)._sales_vs_goal_goals(
            ["mine", "team"], [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
        )
        self.assertEqual(goals, {"team": {date(2026, 1, 1): 1500.0, date(2026, 2, 1): 700.0}})
        self.team_south.member_ids = [(3, self.user_manager.id)]
        goals = self.Dashboard.with_user(self.user_manager)._sales_vs_goal_goals(
            ["mine", "team"], [date(2026, 1, 1), date(2026, 2, 1)]
        )
        self.assertEqual(goals, {"team": {date(2026, 1, 1): 1000.0}})
        data = self.Dashboard.with_user(self.user_manager).widget_data(
            "sales_vs_goal", "2026-01-01", "2026-01-31"
        )
        self.assertEqual(data["table"]["rows"][0]["values"][4], 1000.0)

    def test_no_goal_no_line(self):
        data = self.Dashboard.with_user(self.user_south).widget_data(
            "sales_vs_goal", "2026-01-01", "2026-02-28"
        )
        self.assertEqual([row["values"][2] for row in data["table"]["rows"]], [None, None])
        self.assertIsNone(data["kpis"][1]["value"])
