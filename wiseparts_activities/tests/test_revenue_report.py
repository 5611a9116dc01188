from datetime import datetime

from freezegun import freeze_time

from odoo import Command, models
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActivitiesCommon

MARCH, APRIL = datetime(2026, 3, 1), datetime(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestRevenueReport(ActivitiesCommon):
    """Revenue after visits: activities, activities followed by an order, conversion and
    attributed revenue per salesperson, type and segment; a rep sees only their own lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.wiseparts_attribution_days = 14
        cls.env.company.wiseparts_visit_segment_type_id = False
        cls.abc = cls._computed_default_abc()  # c1 A, c3 B
        cls.Report = cls.env["wiseparts.activity.revenue.report"]
        specs = [
            (cls.c1, cls.user_rep, cls.type_visit, "2026-03-02 09:00:00"),
            (cls.c2, cls.user_rep, cls.type_call, "2026-03-02 11:00:00"),
            (cls.c1, cls.user_rep, cls.type_visit, "2026-04-06 09:00:00"),
            (cls.c3, cls.user_rep2, cls.type_visit, "2026-03-03 09:00:00"),
        ]
        cls.activities = cls.Activity.browse()
        for partner, user, activity_type, start in specs:
            activity = cls._activity(partner, user, start=start, type_id=activity_type.id)
            with freeze_time(start):
                activity.with_user(user).action_done()
            cls.activities |= activity
        cls.event = cls._activity(
            cls.c1,
            cls.user_rep,
            start="2026-03-04 09:00:00",
            type_id=cls.env.ref("wiseparts_activities.activity_type_event").id,
        )
        cls.event.action_done()
        cls.env.flush_all()
        # c1 orders twice after the March visit, c3 once after Oscar's visit
        for partner, user, amount, when in [
            (cls.c1, cls.user_rep, 100.0, "2026-03-03 10:00:00"),
            (cls.c1, cls.user_rep, 50.0, "2026-03-10 10:00:00"),
            (cls.c3, cls.user_rep2, 300.0, "2026-03-05 10:00:00"),
        ]:
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "price_unit": amount, "tax_id": False}
                        )
                    ],
                }
            )
            with freeze_time(when):
                order.with_user(user).action_confirm()

    def _figures(self, user, groupby):
        groups = self.Report.with_user(user)._read_group(
            [("activity_id", "in", self.activities.ids + self.event.ids)],
            groupby,
            [
                "activity_count:sum",
                "converted_count:sum",
                "conversion_rate:avg",
                "attributed_amount:sum",
            ],
        )
        figures = {}
        for row in groups:
            key = tuple(
                value.display_name if isinstance(value, models.BaseModel) else value
                for value in row[: len(groupby)]
            )
            count, converted, rate, amount = row[len(groupby) :]
            figures[key] = (count, converted, round(rate, 2), amount)
        return figures

    def test_rep_sees_only_own_lines(self):
        figures = self._figures(self.user_rep, ["user_id", "type_id"])
        self.assertEqual(
            figures,
            {
                ("Rita Rep", "Visit"): (2, 1, 50.0, 150.0),
                ("Rita Rep", "Call"): (1, 0, 0.0, 0.0),
            },
            "no event, no line of Oscar's",
        )
        self.assertFalse(
            self.Report.with_user(self.user_rep).search(
                [("activity_id", "=", self.activities[3].id)]
            )
        )

    def test_manager_sees_all_by_segment_and_month(self):
        figures = self._figures(self.user_manager, ["segment_id", "date:month"])
        self.assertEqual(
            figures,
            {
                ("A", MARCH): (1, 1, 100.0, 150.0),
                (False, MARCH): (1, 0, 0.0, 0.0),
                ("B", MARCH): (1, 1, 100.0, 300.0),
                ("A", APRIL): (1, 0, 0.0, 0.0),
            },
        )
        by_user = self._figures(self.user_manager, ["user_id"])
        self.assertEqual(by_user[("Oscar Other",)], (1, 1, 100.0, 300.0))
        self.assertEqual(by_user[("Rita Rep",)][:3], (3, 1, 33.33))

    def test_internal_user_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_internal).search([])
