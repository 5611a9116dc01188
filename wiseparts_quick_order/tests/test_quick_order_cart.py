from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import QuickOrderCommon


@tagged("post_install", "-at_install")
class TestQuickOrderCart(QuickOrderCommon):
    """The cart's rules on the model (the controller only parses, calls and renders)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.link = cls._new_link()[0]
        cls.cart = cls.env["wiseparts.quick.order.cart"]._new(cls.link)
        cls.dozen = cls.env["uom.uom"].create(
            {
                "name": "QO whole boxes",
                "category_id": cls.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 12.0,
                "rounding": 1.0,
            }
        )
        cls.product_box = cls.env["product.product"].create(
            {
                "name": "QO Box of plugs",
                "default_code": "QOT-BOX",
                "uom_id": cls.dozen.id,
                "uom_po_id": cls.dozen.id,
            }
        )

    def test_quantity_rounded_to_the_unit(self):
        Cart = self.env["wiseparts.quick.order.cart"]
        self.assertEqual(Cart._check_quantity(self.product_box, "2.6"), 3.0)
        self.assertEqual(Cart._check_quantity(self.product_a, "2.555"), 2.56)
        with self.assertRaisesRegex(UserError, "QO Box of plugs: the quantity must be at least 1"):
            Cart._check_quantity(self.product_box, "0.4")
        for bad in ("0", "-3", "x", "1e9"):
            with self.assertRaisesRegex(UserError, "QO Box of plugs: the quantity must be"):
                Cart._check_quantity(self.product_box, bad)

    def test_line_limit_and_removal_on_the_model(self):
        self.company.quick_order_max_lines = 1
        self.cart._update(self.product_a.id, "1")
        with self.assertRaisesRegex(UserError, "at most 1 lines"):
            self.cart._update(self.product_b.id, "1")
        self.assertEqual(self.cart.line_ids.product_id, self.product_a)
        self.product_a.sale_ok = False
        with self.assertRaisesRegex(UserError, "not available"):
            self.cart._update(self.product_a.id, "2")
        self.cart._update(self.product_a.id, "", "remove")
        self.assertFalse(self.cart.line_ids)

    def test_max_lines_setting(self):
        with self.assertRaisesRegex(ValidationError, "maximum cart lines cannot be negative"):
            self.company.quick_order_max_lines = -1
        settings = self.env["res.config.settings"].create({"quick_order_max_lines": 50})
        settings.execute()
        self.assertEqual(self.company.quick_order_max_lines, 50)

    def test_carts_are_not_for_salespeople(self):
        with self.assertRaises(AccessError):
            self.cart.with_user(self.user_rep).read(["key"])
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_admin).quick_order_max_lines = 1000
