from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.wiseparts_base.tests.common import assert_views_readable

from .common import ActivitiesCommon

VISIT_AT = "2026-03-02 09:00:00"


@tagged("post_install", "-at_install")
class TestOrderAttribution(ActivitiesCommon):
    """An order confirmed within the attribution window (14 days) after a done visit or call
    of the same customer is credited to the latest such activity before its confirmation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.wiseparts_attribution_days = 14
        cls.type_event = cls.env.ref("wiseparts_activities.activity_type_event")
        cls.tax = cls.env["account.tax"].create(
            {"name": "Test VAT 20", "amount": 20.0, "type_tax_use": "sale"}
        )

    def _done(self, partner, start=VISIT_AT, activity_type=None, user=None):
        user = user or self.user_rep
        activity = self._activity(
            partner, user, start=start, type_id=(activity_type or self.type_visit).id
        )
        with freeze_time(start):
            activity.with_user(user).action_done()
        return activity

    def _order(self, partner, amount=100.0, user=None):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or self.user_rep).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )

    def _confirm(self, orders, when, user=None):
        with freeze_time(when):
            orders.with_user(user or self.user_rep).action_confirm()
        return orders

    def test_window_edges(self):
        visit = self._done(self.c1)
        day_0 = self._confirm(self._order(self.c1), "2026-03-02 15:00:00")
        day_n = self._confirm(self._order(self.branch1), "2026-03-16 17:30:00")
        day_n1 = self._confirm(self._order(self.c1), "2026-03-17 08:00:00")
        self.assertEqual(day_0.wiseparts_activity_id, visit, "day 0, after the visit")
        self.assertEqual(day_n.wiseparts_activity_id, visit, "day 14, from a branch")
        self.assertFalse(day_n1.wiseparts_activity_id, "day 15 is outside the window")
        self.assertEqual(visit.attributed_order_ids, day_0 | day_n)
        self.assertEqual(visit.with_user(self.user_rep).attributed_order_count, 2)
        self.assertEqual(visit.attributed_amount, 200.0, "untaxed")

    def test_window_follows_the_company_setting(self):
        self.env.company.wiseparts_attribution_days = 3
        visit = self._done(self.c1)
        inside = self._confirm(self._order(self.c1), "2026-03-05 18:00:00")
        outside = self._confirm(self._order(self.c1), "2026-03-06 07:00:00")
        self.assertEqual(inside.wiseparts_activity_id, visit)
        self.assertFalse(outside.wiseparts_activity_id)

    def test_days_are_counted_in_the_salespersons_timezone(self):
        self.user_rep.tz = "Europe/Paris"
        # 23:30 UTC is already the next day in Paris: day 14 there, day 15 in UTC
        visit = self._done(self.c1, start="2026-03-02 23:30:00")
        order = self._confirm(self._order(self.c1), "2026-03-17 10:00:00")
        self.assertEqual(order.wiseparts_activity_id, visit)

    def test_order_confirmed_before_the_visit_is_never_credited(self):
        visit = self._activity(self.c1, self.user_rep, start=VISIT_AT)
        before = self._confirm(self._order(self.c1), "2026-03-02 08:59:00")
        with freeze_time(VISIT_AT):
            visit.with_user(self.user_rep).action_done()
        self.assertFalse(before.wiseparts_activity_id)
        self.assertFalse(visit.attributed_order_ids)
        self.assertEqual(visit.attributed_amount, 0.0)

    def test_latest_activity_wins_calls_count_events_do_not(self):
        visit = self._done(self.c1)
        call = self._done(self.c1, start="2026-03-05 10:00:00", activity_type=self.type_call)
        self._done(self.c1, start="2026-03-06 10:00:00", activity_type=self.type_event)
        order = self._confirm(self._order(self.c1), "2026-03-07 11:00:00")
        self.assertEqual(order.wiseparts_activity_id, call, "the latest visit or call")
        self.assertFalse(visit.attributed_order_ids)
        other_customer = self._confirm(self._order(self.c2), "2026-03-07 11:00:00")
        self.assertFalse(other_customer.wiseparts_activity_id, "another customer's visit")

    def test_batch_confirmation(self):
        visit1 = self._done(self.c1)
        visit2 = self._done(self.c2, start="2026-03-03 09:00:00")
        orders = self._order(self.c1) | self._order(self.c2, 50.0) | self._order(self.c5)
        self._confirm(orders, "2026-03-04 09:00:00")
        self.assertEqual(orders.mapped("wiseparts_activity_id"), visit1 | visit2)
        self.assertFalse(orders[2].wiseparts_activity_id)
        self.assertEqual(visit2.attributed_amount, 50.0)

    def test_report_written_after_the_order(self):
        """The visit took place before the order; its report is written later."""
        visit = self._activity(self.c1, self.user_rep, start=VISIT_AT)
        order = self._confirm(self._order(self.c1), "2026-03-02 16:00:00")
        self.assertFalse(order.wiseparts_activity_id, "not done yet")
        with freeze_time("2026-03-03 08:00:00"):
            visit.with_user(self.user_rep).action_done()
        self.assertEqual(order.wiseparts_activity_id, visit)
        visit.with_user(self.user_rep).action_reset()
        self.assertFalse(order.wiseparts_activity_id, "a planned visit is credited nothing")

    def test_reset_gives_the_order_back_to_the_previous_activity(self):
        visit = self._done(self.c1)
        call = self._done(self.c1, start="2026-03-04 10:00:00", activity_type=self.type_call)
        order = self._confirm(self._order(self.c1), "2026-03-05 11:00:00")
        self.assertEqual(order.wiseparts_activity_id, call)
        call.with_user(self.user_rep).action_reset()
        self.assertEqual(order.wiseparts_activity_id, visit)

    def test_cancelled_order_is_no_longer_credited(self):
        visit = self._done(self.c1)
        order = self._confirm(self._order(self.c1), "2026-03-03 09:00:00")
        self.assertEqual(visit.attributed_amount, 100.0)
        order.with_user(self.user_rep)._action_cancel()
        self.assertFalse(order.wiseparts_activity_id)
        self.assertEqual(visit.attributed_amount, 0.0)

    def test_order_of_another_rep_is_credited_to_the_visit(self):
        visit = self._done(self.c1)
        order = self._confirm(
            self._order(self.c1, user=self.user_manager), "2026-03-03 09:00:00", self.user_manager
        )
        self.assertEqual(order.wiseparts_activity_id, visit)
        self.assertEqual(visit.attributed_amount, 100.0)

    def test_roles_open_the_forms(self):
        visit = self._done(self.c1)
        order = self._confirm(self._order(self.c1), "2026-03-03 09:00:00")
        assert_views_readable(
            self,
            {
                "rep": self.user_rep,
                "manager": self.user_manager,
                "admin": self.user_admin,
            },
            "sale.order",
            [("sale.view_order_form", "form")],
            order,
        )
        assert_views_readable(
            self,
            {"rep": self.user_rep, "manager": self.user_manager, "admin": self.user_admin},
            "wiseparts.activity",
            [
                ("wiseparts_activities.wiseparts_activity_view_form", "form"),
                ("wiseparts_activities.wiseparts_activity_view_list", "list"),
            ],
            visit,
        )

    def test_attribution_queries_do_not_grow_with_the_orders(self):
        def queries(partner, count):
            visit = self._done(partner)
            orders = self.env["sale.order"].browse()
            for _n in range(count):
                orders |= self._order(partner)
            orders.write({"state": "sale", "date_order": "2026-03-03 10:00:00"})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            orders._wiseparts_attribute_activity()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - before
            self.assertEqual(orders.wiseparts_activity_id, visit)
            return count

        self.assertEqual(queries(self.c1, 6), queries(self.c2, 1))
