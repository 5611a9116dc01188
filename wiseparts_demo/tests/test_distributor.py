from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.wiseparts_demo.cli import wiseparts_demo
from odoo.addons.wiseparts_demo.services import demo_data, distributor

from .test_demo_generator import SMALL


@tagged("post_install", "-at_install")
class TestDistributorCompany(TransactionCase):
    """`make run`'s company is a French parts distributor: name, Lyon address, EUR, French
    and Spanish installed next to English."""

    def test_company_becomes_the_lyon_distributor(self):
        company = self.env["res.company"].create({"name": "Fresh company"})
        pricelist = self.env["product.pricelist"].create(
            {"name": "Default", "company_id": company.id, "currency_id": company.currency_id.id}
        )
        ModuleModel = type(self.env["ir.module.module"])
        with patch.object(ModuleModel, "_update_translations") as update_translations:
            distributor.configure_company(self.env, company)
        self.assertEqual(company.name, "Pièces Auto Rhône-Alpes")
        self.assertEqual((company.city, company.zip), ("Lyon", "69008"))
        self.assertEqual(company.country_id, self.env.ref("base.fr"))
        self.assertEqual(company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(pricelist.currency_id, company.currency_id, "prices are shown in EUR")
        languages = self.env["res.lang"].search([("code", "in", ["fr_FR", "es_ES", "en_US"])])
        self.assertEqual(len(languages), 3, "French, Spanish and English are active")
        update_translations.assert_called_once_with(["fr_FR", "es_ES"])

    def test_company_with_journal_items_keeps_its_currency(self):
        company = self.env.company
        account = self.env["account.account"].search([("company_ids", "in", company.id)], limit=1)
        self.env["account.move"].create(
            {
                "move_type": "entry",
                "line_ids": [
                    Command.create({"account_id": account.id, "debit": 10.0}),
                    Command.create({"account_id": account.id, "credit": 10.0}),
                ],
            }
        )
        if company.currency_id == self.env.ref("base.EUR"):
            self.skipTest("the company already uses EUR")
        currency = company.currency_id
        with self.assertRaisesRegex(UserError, "journal items"):
            distributor.configure_company(self.env, company)
        self.assertEqual(company.currency_id, currency)
        self.assertNotEqual(company.name, "Pièces Auto Rhône-Alpes")

    def test_command_line_options(self):
        opts, _odoo_args = wiseparts_demo._parser().parse_known_args(
            ["-d", "db", "--company", "--quick-order-link"]
        )
        self.assertTrue(opts.company and opts.quick_order_link)
        opts, _odoo_args = wiseparts_demo._parser().parse_known_args(["-d", "db"])
        self.assertFalse(opts.company or opts.quick_order_link)


@tagged("post_install", "-at_install")
class TestDemoQuickOrderLink(HttpCase):
    """The printed quick-order link belongs to a generated customer and opens with its
    prices."""

    def test_link_opens_the_generated_customers_page(self):
        demo_data.generate(self.env, **SMALL)
        plan = demo_data.make_plan(seed=1, **SMALL)
        link = distributor.publish_demo_link(self.env, plan)
        partner = link.partner_id
        self.assertEqual(partner.ref, distributor.demo_customer_ref(plan))
        self.assertTrue(partner.ref.startswith("C"), "a generated customer")
        self.assertGreater(partner.discount_percent, 0)
        self.assertEqual(
            self.env["wiseparts.quick.order.link"].search_count(
                [("token_hash", "=", link.sudo().token_hash)]
            ),
            1,
            "the published secret opens one link only",
        )
        product = self.env["product.product"].search(
            [("default_code", "=like", "%-000001")], limit=1
        )
        response = self.url_open(f"{distributor.DEMO_LINK_PATH}?search={product.default_code}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(partner.name, response.text)
        net = link.company_id.currency_id.round(
            product.lst_price * (1 - partner.discount_percent / 100)
        )
        self.assertIn(f"{net:,.2f}", response.text, "the customer's discounted price")
        self.assertEqual(self.url_open("/quick-order/not-the-demo-secret").status_code, 404)
