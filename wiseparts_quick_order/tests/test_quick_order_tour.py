from odoo.tests import HttpCase, tagged

from .common import QuickOrderCommon


@tagged("post_install", "-at_install")
class TestQuickOrderTour(HttpCase, QuickOrderCommon):
    def test_tour_order_two_products(self):
        link, _url, secret = self._new_link()
        self.start_tour(f"/quick-order/{secret}", "wiseparts_quick_order_tour")
        order = self.env["sale.order"].search([("quick_order_link_id", "=", link.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.client_order_ref, "PO-TOUR-1")
        self.assertEqual(order.origin, "Quick order")
        self.assertTrue(order.is_quick_order)
        self.assertEqual(order.currency_id, self.foreign)
        self.assertEqual(order.pricelist_id, self.pricelist)
        quantities = {line.product_id: line.product_uom_qty for line in order.order_line}
        self.assertEqual(quantities, {self.product_a: 3.0, self.product_b: 1.0})
        self.assertEqual(order.order_line.mapped("discount"), [10.0, 10.0])
        self.assertEqual(
            {line.product_id: line.price_unit for line in order.order_line},
            {self.product_a: 200.0, self.product_b: 100.0},
        )
        link.invalidate_recordset()
        self.assertEqual(link.order_ids, order)
        self.assertTrue(link.last_used_at)
