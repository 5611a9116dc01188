from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WisepartsCommon


@tagged("post_install", "-at_install")
class TestPriceCascade(WisepartsCommon):
    """One net price: pricelist price x (1 - customer %), on the order line, the invoice line
    and product.pricelist._wiseparts_net_prices (the quick-order catalogue)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.discount_group = cls.env.ref("sale.group_discount_per_so_line")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Cascade part",
                "list_price": 100.0,
                "type": "consu",
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.pricelists = {}
        for name, rule in (
            ("percentage", {"compute_price": "percentage", "percent_price": 20.0}),
            ("fixed", {"compute_price": "fixed", "fixed_price": 75.0}),
            (
                "formula",
                {
                    "compute_price": "formula",
                    "base": "list_price",
                    "price_discount": 20.0,
                    "price_surcharge": 5.0,
                },
            ),
        ):
            cls.pricelists[name] = cls.env["product.pricelist"].create(
                {
                    "name": f"Cascade {name}",
                    "item_ids": [
                        Command.create(
                            dict(
                                rule,
                                applied_on="1_product",
                                product_tmpl_id=cls.product.product_tmpl_id.id,
                            )
                        )
                    ],
                }
            )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cascade Garage", "is_company": True, "discount_percent": 10.0}
        )
        cls.branch_own = cls.env["res.partner"].create(
            {"name": "Cascade North", "parent_id": cls.customer.id, "discount_percent": 5.0}
        )
        cls.branch_inherits = cls.env["res.partner"].create(
            {"name": "Cascade South", "parent_id": cls.customer.id}
        )
        cls.env["res.partner"].flush_model()

    def _set_discounts_option(self, enabled):
        if enabled:
            self.env.user.groups_id += self.discount_group
        else:
            self.env.user.groups_id -= self.discount_group
        self.assertEqual(self.env["product.pricelist.item"]._is_discount_feature_enabled(), enabled)

    def _net(self, line):
        return line.price_unit * (1 - line.discount / 100.0)

    def test_one_net_price_everywhere(self):
        # pricelist price: percentage 80, fixed 75, formula 100 - 20 % + 5 = 85.
        expected = {
            # partner: customer 10 %, branch with its own 5 %, branch without (its company's)
            "percentage": {"customer": 72.0, "branch_own": 76.0, "branch_inherits": 72.0},
            "fixed": {"customer": 67.5, "branch_own": 71.25, "branch_inherits": 67.5},
            "formula": {"customer": 76.5, "branch_own": 80.75, "branch_inherits": 76.5},
        }
        Order = self.env["sale.order"].with_user(self.user_rep)
        for enabled in (True, False):
            self._set_discounts_option(enabled)
            for rule, nets in expected.items():
                pricelist = self.pricelists[rule]
                for partner_name, net in nets.items():
                    partner = getattr(self, partner_name)
                    with self.subTest(discounts=enabled, rule=rule, partner=partner_name):
                        page = pricelist._wiseparts_net_prices(self.product, partner)
                        self.assertAlmostEqual(page[self.product.id], net, places=6)
                        order = Order.create(
                            {
                                "partner_id": partner.id,
                                "pricelist_id": pricelist.id,
                                "order_line": [Command.create({"product_id": self.product.id})],
                            }
                        )
                        line = order.order_line
                        self.assertAlmostEqual(self._net(line), net, places=6)
                        self.assertAlmostEqual(line.price_subtotal, net)
                        if enabled and rule == "percentage":
                            # The pricelist's discount is shown: 1 - 0.8 x 0.9 = 28 %.
                            self.assertEqual(line.price_unit, 100.0)
                            expected_discount = 28.0 if partner_name != "branch_own" else 24.0
                            self.assertAlmostEqual(line.discount, expected_discount)
                        # Changing the quantity recomputes the same discount, not a cascade
                        # of the cascade.
                        line.product_uom_qty = 3
                        self.assertAlmostEqual(self._net(line), net, places=6)
                        order.sudo().action_confirm()
                        invoice = order.sudo()._create_invoices()
                        inv_line = invoice.invoice_line_ids
                        self.assertAlmostEqual(self._net(inv_line), net, places=6)
                        self.assertAlmostEqual(inv_line.price_subtotal, 3 * net)

    def test_no_pricelist_and_uneven_percentages(self):
        """An uneven cascade is rounded once, the same way on the line and in the catalogue;
        without a pricelist rule the customer % alone applies."""
        self._set_discounts_option(True)
        pricelist = self.pricelists["percentage"]
        pricelist.item_ids.percent_price = 33.33
        self.customer.discount_percent = 7.5
        order = (
            self.env["sale.order"]
            .with_user(self.user_rep)
            .create(
                {
                    "partner_id": self.customer.id,
                    "pricelist_id": pricelist.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        self.assertAlmostEqual(order.order_line.discount, 38.33)  # 1 - 0.6667 x 0.925
        page = pricelist._wiseparts_net_prices(self.product, self.customer)
        self.assertAlmostEqual(page[self.product.id], self._net(order.order_line), places=6)
        other = self.env["product.product"].create(
            {"name": "Not in the pricelist", "list_price": 100}
        )
        self.assertAlmostEqual(
            pricelist._wiseparts_net_prices(other, self.customer)[other.id], 92.5
        )

    def test_users_without_sales_rights_cannot_order(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.user_internal).create(
                {"partner_id": self.customer.id}
            )
