from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSalesDashboardTour(HttpCase):
    def test_manager_opens_wiseparts_sales(self):
        new_test_user(
            self.env,
            login="wp_spreadsheet_manager",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Sam Spreadsheet",
        )
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "wiseparts_sales_dashboard_tour",
            login="wp_spreadsheet_manager",
        )
