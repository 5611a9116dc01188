from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestGoal(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        invoices = cls._invoices(
            [
                (cls.c1, "2026-02-28", 500.0),  # Rita, February
                (cls.c1, "2026-03-01", 1000.0),  # Rita, March
                (cls.c1, "2026-03-31", 200.0),  # Rita, March
                (cls.c1, "2026-03-15", 150.0, "out_refund"),  # Rita, March credit note
                (cls.c3, "2026-03-10", 300.0),  # Oscar, March
                (cls.c_south, "2026-03-10", 999.0),  # Sam, other team
            ]
        )
        for invoice in invoices:
            invoice.invoice_user_id = invoice.partner_id.user_id
        cls.Goal = cls.env["wiseparts.goal"]

    def test_sales_goals_of_user_and_team(self):
        rita, north = self.Goal.create(
            [
                {"user_id": self.user_rep.id, "date_start": "2026-03-01", "target": 2000.0},
                {"team_id": self.team_north.id, "date_start": "2026-03-01", "target": 4000.0},
            ]
        )
        self.assertEqual(rita.actual, 1050.0)  # 1000 + 200 - 150; February not counted
        self.assertEqual(rita.percent, 52.5)
        self.assertEqual(north.actual, 1350.0)  # Rita + Oscar (+ Tina: nothing)
        february = self.Goal.create(
            {"user_id": self.user_rep.id, "date_start": "2026-02-01", "target": 100.0}
        )
        self.assertEqual(february.actual, 500.0)
        self.assertEqual(february.percent, 500.0)

    def test_visits_and_new_customers(self):
        done = self.Activity.create(
            [
                {"partner_id": self.c1.id, "user_id": self.user_rep.id, "start": day}
                for day in ("2026-03-01 08:00:00", "2026-03-31 15:00:00", "2026-04-01 08:00:00")
            ]
        )
        done.action_done()
        visits, new_customers = self.Goal.create(
            [
                {
                    "user_id": self.user_rep.id,
                    "date_start": "2026-03-01",
                    "metric": "visits",
                    "target": 4,
                },
                {
                    "user_id": self.user_rep.id,
                    "date_start": "2026-03-01",
                    "metric": "new_customers",
                    "target": 1,
                },
            ]
        )
        self.assertEqual(visits.actual, 2)
        self.assertEqual(visits.percent, 50.0)
        # c1's first invoice is in February: not new in March
        self.assertEqual(new_customers.actual, 0)
        self.c2.user_id = self.user_rep
        self._invoices([(self.c2, "2026-03-20", 10.0)])
        new_customers.invalidate_recordset()
        self.assertEqual(new_customers.actual, 1)

    def test_rules_and_constraints(self):
        goals = self.Goal.create(
            [
                {"user_id": self.user_rep.id, "date_start": "2026-03-01", "target": 1.0},
                {"user_id": self.user_rep2.id, "date_start": "2026-03-01", "target": 1.0},
                {"team_id": self.team_north.id, "date_start": "2026-03-01", "target": 1.0},
                {"team_id": self.team_south.id, "date_start": "2026-03-01", "target": 1.0},
            ]
        )
        seen = self.Goal.with_user(self.user_rep).search([("id", "in", goals.ids)])
        self.assertEqual(seen, goals[0] | goals[2])
        seen = self.Goal.with_user(self.user_team).search([("id", "in", goals.ids)])
        self.assertEqual(seen, goals)
        with self.assertRaises(AccessError):
            goals[0].with_user(self.user_rep).target = 5
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Goal.create({"user_id": self.user_rep.id, "date_start": "2026-03-02", "target": 1})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Goal.create({"user_id": self.user_rep.id, "date_start": "2026-03-01", "target": 1})
