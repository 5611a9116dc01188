from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_manager_builds_dashboard(self):
        manager = new_test_user(
            self.env,
            login="wp_dash_manager",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Dana Dashboard",
        )
        # start from an empty page (no default for the manager's groups)
        self.env["wiseparts.dashboard.layout"].search([("group_id", "!=", False)]).unlink()
        self.start_tour(
            "/odoo/action-wiseparts_base.wiseparts_dashboard_action",
            "wiseparts_dashboard_tour",
            login="wp_dash_manager",
        )
        layout = self.env["wiseparts.dashboard.layout"].search([("user_id", "=", manager.id)])
        self.assertEqual(
            [(item.widget_key, item.size, item.period) for item in layout.item_ids],
            [
                ("sales_vs_goal", "large", "this_month"),
                ("sales_vs_goal", "medium", "this_month"),
                ("sales_vs_goal", "medium", "last_12_months"),
            ],
        )
