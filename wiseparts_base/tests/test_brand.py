from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import WisepartsCommon


@tagged("post_install", "-at_install")
class TestBrand(WisepartsCommon):
    @users("wp_rep")
    def test_rep_reads_brands_and_cannot_create_them(self):
        brand = self.brand.with_env(self.env)
        self.assertEqual(brand.name, "Test Brand")
        with self.assertRaises(AccessError):
            self.env["wiseparts.brand"].create({"name": "Rogue"})

    @users("wp_admin")
    def test_admin_manages_brands_and_counts_products(self):
        brand = self.env["wiseparts.brand"].create({"name": "Bosch Test"})
        self.env["product.template"].create(
            [{"name": "Brake pad", "brand_id": brand.id}, {"name": "Filter", "brand_id": brand.id}]
        )
        self.assertEqual(brand.product_count, 2)
        action = brand.action_view_products()
        self.assertEqual(self.env["product.template"].search_count(action["domain"]), 2)
