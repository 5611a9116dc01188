import re

from odoo import Command

from odoo.addons.wiseparts_base.tests.common import WisepartsCommon


class QuickOrderCommon(WisepartsCommon):
    """A customer of wp_rep paying in EUR (pricelist) with a 10% discount, a branch, a
    20% tax and a small catalogue (offered, archived, not saleable, other brand)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "quick_order_expiry_days": 90,
                "quick_order_min_amount": 0,
                "quick_order_max_amount": 0,
                "quick_order_confirm": False,
                "quick_order_user_id": False,
                "quick_order_team_id": False,
                "quick_order_categ_id": False,
                "quick_order_brand_id": False,
                "quick_order_tag_ids": [Command.clear()],
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 1000)
        cls.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_orders", 1000)
        cls.eur = cls.env.ref("base.EUR")
        cls.usd = cls.env.ref("base.USD")
        cls.foreign = cls.eur if cls.company.currency_id != cls.eur else cls.usd
        cls.foreign.active = True
        cls.env["res.currency.rate"].search([("currency_id", "=", cls.foreign.id)]).unlink()
        cls.env["res.currency.rate"].create(
            {"name": "2000-01-01", "rate": 2.0, "currency_id": cls.foreign.id}
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "QO foreign pricelist", "currency_id": cls.foreign.id}
        )
        cls.tax = cls.env["account.tax"].create(
            {"name": "QO tax 20%", "amount": 20.0, "type_tax_use": "sale"}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "QO Garage",
                "is_company": True,
                "email": "garage@example.com",
                "user_id": cls.user_rep.id,
                "discount_percent": 10.0,
                "property_product_pricelist": cls.pricelist.id,
                "lang": "en_US",
            }
        )
        cls.branch = cls.env["res.partner"].create(
            {
                "name": "QO Garage North",
                "parent_id": cls.customer.id,
                "is_branch": True,
                "type": "delivery",
                "email": "north@example.com",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "QO Other", "user_id": cls.user_rep2.id}
        )
        cls.other_brand = cls.env["wiseparts.brand"].create({"name": "QO Other Brand"})
        Product = cls.env["product.product"]
        common = {"sale_ok": True, "type": "consu", "taxes_id": [Command.set(cls.tax.ids)]}
        cls.product_a = Product.create(
            dict(
                common,
                name="QO Alpha filter",
                default_code="QOT-A",
                list_price=100.0,
                brand_id=cls.brand.id,
            )
        )
        cls.product_b = Product.create(
            dict(
                common,
                name="QO Beta pad",
                default_code="QOT-B",
                list_price=50.0,
                barcode="9990001112223",
                brand_id=cls.brand.id,
            )
        )
        cls.product_other_brand = Product.create(
            dict(
                common,
                name="QO Gamma belt",
                default_code="QOT-C",
                list_price=10.0,
                brand_id=cls.other_brand.id,
            )
        )
        cls.product_archived = Product.create(
            dict(
                common, name="QO Archived part", default_code="QOT-X", list_price=10.0, active=False
            )
        )
        cls.product_not_saleable = Product.create(
            dict(
                common,
                name="QO Internal part",
                default_code="QOT-N",
                list_price=10.0,
                sale_ok=False,
            )
        )

    @classmethod
    def _new_link(cls, partner=None, user=None, expires_at=None):
        """(link, url, secret) created as `user` (wp_rep by default)."""
        Link = cls.env["wiseparts.quick.order.link"].with_user(user or cls.user_rep)
        link, url = Link._create_links(partner or cls.customer, expires_at)[0]
        return link.sudo(), url, url.rsplit("/", 1)[1]


def csrf_token(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def idempotency_key(html):
    match = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    return match and match.group(1)
