from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestTeamVisibility(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customers = cls.c1 | cls.c3 | cls.c_south | cls.c_alone
        # c1: Rita (North), c3: Oscar (North), c_south: Sam (South), c_alone: Nora (no team)
        cls.customers = customers
        cls.orders = cls.env["sale.order"].create(
            [{"partner_id": c.id, "user_id": c.user_id.id} for c in customers]
        )
        cls.invoices = cls._invoices([(c, "2026-03-05", 100.0) for c in customers])
        for invoice, customer in zip(cls.invoices, customers, strict=True):
            invoice.invoice_user_id = customer.user_id
        cls.activities = cls.Activity.create(
            [
                {"type_id": cls.type_visit.id, "partner_id": c.id, "user_id": c.user_id.id}
                for c in customers
            ]
        )
        cls.tasks = cls.Task.create(
            [{"name": c.name, "partner_id": c.id, "user_ids": [c.user_id.id]} for c in customers]
        )

    def _seen(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_user_in_two_teams_sees_both(self):
        expected = self.customers - self.c_alone
        for records, partner_field in [
            (self.orders, "partner_id"),
            (self.invoices, "partner_id"),
            (self.activities, "partner_id"),
            (self.tasks, "partner_id"),
        ]:
            seen = self._seen(self.user_team, records)
            self.assertEqual(seen.mapped(partner_field), expected, records._name)
        with self.assertRaises(AccessError):
            self.orders[-1].with_user(self.user_team).read(["name"])

    def test_user_in_no_team_sees_only_own(self):
        for records in (self.orders, self.invoices, self.activities, self.tasks):
            seen = self._seen(self.user_none, records)
            self.assertEqual(seen.partner_id, self.c_alone, records._name)

    def test_own_documents_unchanged_and_all_documents_see_all(self):
        self.assertEqual(self._seen(self.user_rep, self.orders).partner_id, self.c1)
        self.assertEqual(self._seen(self.user_manager, self.orders), self.orders)

    def test_leaving_a_team_takes_effect_at_once(self):
        self.assertIn(self.c_south, self._seen(self.user_team, self.orders).partner_id)
        self.team_south.member_ids = [(3, self.user_team.id)]
        self.assertNotIn(self.c_south, self._seen(self.user_team, self.orders).partner_id)

    def test_customer_visibility_own(self):
        Partner = self.env["res.partner"]
        everyone = self.customers | self.user_rep2.partner_id | self.env.company.partner_id
        # default: every internal user reads every partner (Odoo's behaviour)
        self.assertEqual(self._seen(self.user_rep, everyone), everyone)
        self.env.company.wiseparts_customer_visibility = "own"
        # invoiced customers are customers (customer_rank > 0); users and the company are not
        self.assertEqual(
            self._seen(self.user_rep, everyone),
            self.c1 | self.user_rep2.partner_id | self.env.company.partner_id,
        )
        self.assertEqual(self._seen(self.user_team, self.customers), self.customers - self.c_alone)
        self.assertEqual(self._seen(self.user_manager, self.customers), self.customers)
        # a contact of a visible customer stays visible
        contact = Partner.create({"name": "Buyer", "parent_id": self.c1.id})
        self.assertEqual(self._seen(self.user_rep, contact), contact)
        # Odoo's own flow: a quote for a visible customer
        order = self.env["sale.order"].with_user(self.user_rep).create({"partner_id": self.c1.id})
        self.assertEqual(order.partner_invoice_id, self.c1)
        with self.assertRaises(AccessError):
            self.c3.with_user(self.user_rep).read(["name"])

    def test_customer_visibility_own_call_centre_operator_reads_all(self):
        operator = new_test_user(
            self.env,
            login="wp_operator",
            groups="wiseparts_activities.group_callcenter_operator",
            name="Olga Operator",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Olga's Garage",
                "is_company": True,
                "user_id": operator.id,
                "customer_rank": 1,
            }
        )
        self.env.company.wiseparts_customer_visibility = "own"
        # a plain salesperson (own documents) is restricted, the operator is not
        self.assertEqual(self._seen(self.user_rep2, self.customers), self.c3)
        self.assertEqual(self._seen(operator, self.customers | customer), self.customers | customer)
        with self.assertRaises(AccessError):
            customer.with_user(self.user_rep2).read(["name"])
