from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerTour(HttpCase):
    def test_salesperson_creates_customer_with_note_and_finds_it_by_phone(self):
        rep = new_test_user(
            self.env, login="wp_tour_rep", groups="sales_team.group_sale_salesman", name="Tina Tour"
        )
        self.start_tour(
            "/odoo/action-wiseparts_base.res_partner_action_customers",
            "wiseparts_customer_tour",
            login="wp_tour_rep",
        )
        customer = self.env["res.partner"].search([("name", "=", "Garage Zéphyr Tour")])
        self.assertEqual(len(customer), 1)
        self.assertEqual(customer.phone, "+33 6 12 34 56 78")
        self.assertEqual(customer.temperature, "hot")
        self.assertEqual(customer.customer_status, "potential")
        self.assertEqual(customer.wiseparts_note_ids.priority, "high")
        self.assertEqual(customer.wiseparts_note_ids.author_id, rep)
        self.assertEqual(customer.last_note_preview, "Call back about the brake pads order")
