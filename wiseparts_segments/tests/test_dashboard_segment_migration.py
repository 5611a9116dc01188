from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from odoo.addons.wiseparts_base.services.dashboard import figures_xlsx

from .common import SegmentsCommon


@tagged("post_install", "-at_install")
class TestDashboardSegmentMigration(SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # run of 2021-06-30: c1 800 -> A, c2 150 -> B, c3 50 -> C (first segments: no move)
        cls._invoices(
            [
                (cls.c1, date(2021, 1, 10), 800),
                (cls.c2, date(2021, 3, 1), 150),
                (cls.c3, date(2021, 6, 30), 50),
            ]
        )
        cls.abc = cls._abc_type(is_default=True)
        cls.SegmentType.with_user(cls.user_admin).compute_assignments(cls.abc.ids, "2021-06-30")
        # run of 2021-07-31: c3 buys 2000 -> A (C -> A); c2 falls behind 95 % -> C (B -> C)
        cls._invoices([(cls.c3, date(2021, 7, 5), 2000)])
        cls.SegmentType.with_user(cls.user_admin).compute_assignments(cls.abc.ids, "2021-07-31")

    def _matrix(self, data):
        """{(from, to): count} of the non-zero cells."""
        columns = [column["label"] for column in data["table"]["columns"]]
        return {
            (row["values"][0], columns[index]): value
            for row in data["table"]["rows"]
            for index, value in enumerate(row["values"][1:-1], start=1)
            if value
        }

    def test_widget_listed(self):
        keys = [
            w["key"] for w in self.env["wiseparts.dashboard"].with_user(self.user_rep).widgets()
        ]
        self.assertIn("segment_migration", keys)
        self.assertEqual(
            self.env["wiseparts.dashboard"].with_user(self.user_internal).widgets(), []
        )
        with self.assertRaises(AccessError):
            self.env["wiseparts.dashboard"].with_user(self.user_internal).widget_data(
                "segment_migration", "2021-07-01", "2021-07-31"
            )

    @users("wp_manager")
    def test_manager_sees_every_move(self):
        data = self.env["wiseparts.dashboard"].widget_data(
            "segment_migration", "2021-07-01", "2021-07-31"
        )
        self.assertEqual(self._matrix(data), {("B", "C"): 1, ("C", "A"): 1})
        self.assertEqual(data["kpis"][0]["value"], 2)
        self.assertEqual([row["values"][0] for row in data["table"]["rows"]], ["A", "B", "C"])
        # the cell opens its customer
        cell = data["table"]["rows"][2]["actions"][1]
        moves = self.env[cell["res_model"]].search(cell["domain"])
        self.assertEqual(moves.partner_id, self.c3)
        # the first run's segments are not moves
        data = self.env["wiseparts.dashboard"].widget_data(
            "segment_migration", "2021-06-01", "2021-06-30"
        )
        self.assertEqual(data["kpis"][0]["value"], 0)

    @users("wp_rep")
    def test_rep_sees_own_customers_moves(self):
        data = self.env["wiseparts.dashboard"].widget_data(
            "segment_migration", "2021-01-01", "2021-12-31"
        )
        # c3 belongs to Oscar: only Rita's c2 moved
        self.assertEqual(self._matrix(data), {("B", "C"): 1})
        everything = self.env["wiseparts.segment.migration.report"].search(
            data["kpis"][0]["action"]["domain"]
        )
        self.assertEqual(everything.partner_id, self.c2)

    def test_export_with_text_figure(self):
        data = (
            self.env["wiseparts.dashboard"]
            .with_user(self.user_manager)
            .widget_data("segment_migration", "2021-07-01", "2021-07-31")
        )
        self.assertEqual(figures_xlsx(data)[:2], b"PK")
