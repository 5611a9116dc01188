import xmlrpc.client
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from .common import QuickOrderCommon, csrf_token, idempotency_key


@tagged("post_install", "-at_install")
class TestQuickOrderHttp(HttpCase, QuickOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.link, cls.url, cls.secret = cls._new_link()
        cls.path = f"/quick-order/{cls.secret}"

    def setUp(self):
        super().setUp()
        # One fixed rate-limit window: a test must not straddle a minute (or hour) boundary.
        self.startPatcher(
            patch(
                "odoo.addons.wiseparts_quick_order.models.wiseparts_quick_order_rate.window_start",
                return_value=datetime(2026, 1, 1, 12, 0),
            )
        )

    def _orders(self, link=None):
        return self.env["sale.order"].search([("quick_order_link_id", "=", (link or self.link).id)])

    def _open(self, path=None):
        response = self.url_open(path or self.path)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def _add(self, product, quantity="1", path=None, csrf=None, **extra):
        page = None if csrf else self._open(path)
        data = {
            "csrf_token": csrf or csrf_token(page.text),
            "product_id": product.id,
            "quantity": quantity,
            "mode": "add",
            **extra,
        }
        return self.url_open((path or self.path) + "/cart", data=data)

    def _place(self, path=None, **extra):
        page = self._open(path)
        data = {
            "csrf_token": csrf_token(page.text),
            "idempotency_key": idempotency_key(page.text),
            **extra,
        }
        return self.url_open((path or self.path) + "/order", data=data), data

    # ------------------------------------------------------------------
    def test_catalogue_prices_search_and_offer(self):
        page = self.url_open(f"{self.path}?search=QO").text
        self.assertIn("QO Alpha filter", page)
        self.assertNotIn("QO Archived part", page)
        self.assertNotIn("QO Internal part", page)
        self.assertIn('for="wqo_search">Search<', page)
        self.assertIn("Add to cart", page)
        # 100 (company currency) at rate 2 = 200 struck through, 180 after the 10% discount.
        alpha = page[page.index('data-code="QOT-A"') :][:3000]
        self.assertRegex(alpha, r"<del[^>]*>.*200\.00", alpha)
        self.assertIn("180.00", alpha)
        self.assertIn(self.foreign.symbol, alpha)
        for term in ("QOT-B", "9990001112223", "beta"):
            found = self.url_open(f"{self.path}?search={term}").text
            self.assertIn('data-code="QOT-B"', found, term)
            self.assertNotIn('data-code="QOT-A"', found, term)
        brand = self.url_open(f"{self.path}?brand={self.other_brand.id}&search=QO").text
        self.assertIn('data-code="QOT-C"', brand)
        self.assertNotIn('data-code="QOT-A"', brand)
        # Last use is stamped (and a visit counted) at most once a minute.
        self.link.invalidate_recordset(["use_count", "last_used_at"])
        self.assertEqual(self.link.use_count, 1)
        self.assertTrue(self.link.last_used_at)
        # Offer filter: only the configured brand.
        self.company.quick_order_brand_id = self.brand
        page = self.url_open(f"{self.path}?search=QO").text
        self.assertNotIn('data-code="QOT-C"', page)
        self.assertIn('data-code="QOT-A"', page)
        response = self._add(self.product_other_brand)
        self.assertEqual(response.status_code, 400)
        self.assertIn("This product is not available for ordering.", response.text)

    def test_pagination(self):
        self.env["product.product"].create(
            [{"name": f"QO Bulk {i:03d}", "default_code": f"QOB-{i:03d}"} for i in range(45)]
        )
        first = self.url_open(f"{self.path}?search=QO Bulk").text
        self.assertEqual(first.count('class="card h-100 o_wqo_product"'), 20)
        self.assertIn("QOB-000", first)
        third = self.url_open(f"{self.path}?search=QO Bulk&page=3").text
        self.assertEqual(third.count('class="card h-100 o_wqo_product"'), 5)
        self.assertIn("QOB-044", third)
        self.assertIn("?search=QO+Bulk&amp;page=2", third)

    def test_catalogue_queries_do_not_grow_with_the_page(self):
        self.env["product.product"].create(
            [{"name": f"QO Many {i:03d}", "default_code": f"QOM-{i:03d}"} for i in range(40)]
        )
        self._add(self.product_a)

        def queries(url):
            self.url_open(url)  # warm the caches
            before = self.cr.sql_log_count
            self.assertEqual(self.url_open(url).status_code, 200)
            return self.cr.sql_log_count - before

        few = queries(f"{self.path}?search=QOM-00")  # 10 products
        many = queries(f"{self.path}?search=QOM")  # 20 products (a full page)
        self.assertLessEqual(many, few + 2, (few, many))

    def test_not_found_parity(self):
        revoked, _url, revoked_secret = self._new_link()
        revoked.active = False
        expired, _url, expired_secret = self._new_link()
        expired.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        responses = {
            name: self.url_open(f"/quick-order/{secret}")
            for name, secret in (
                ("unknown", "x" * len(self.secret)),
                ("revoked", revoked_secret),
                ("expired", expired_secret),
            )
        }
        bodies = {name: r.content for name, r in responses.items()}
        for name, response in responses.items():
            self.assertEqual(response.status_code, 404, name)
        self.assertEqual(bodies["unknown"], bodies["revoked"])
        self.assertEqual(bodies["unknown"], bodies["expired"])
        self.assertNotIn(b"QO Garage", bodies["revoked"])
        # Every route of a bad link answers the same, POST included: nothing is created.
        for name, secret in (("revoked", revoked_secret), ("expired", expired_secret)):
            for suffix in ("/cart", "/order", "/reorder"):
                page = self._open()
                response = self.url_open(
                    f"/quick-order/{secret}{suffix}",
                    data={
                        "csrf_token": csrf_token(page.text),
                        "product_id": self.product_a.id,
                        "quantity": "1",
                    },
                )
                self.assertEqual(response.status_code, 404, (name, suffix))
                self.assertEqual(response.content, bodies["unknown"])
            image = self.url_open(f"/quick-order/{secret}/image/{self.product_a.id}")
            self.assertEqual(image.status_code, 404)
        self.assertFalse(self._orders(revoked) | self._orders(expired))

    def test_archived_customer_and_link_disable_at_once(self):
        self._open()
        self.customer.active = False
        self.assertEqual(self.url_open(self.path).status_code, 404)
        self.customer.active = True
        self._open()
        self.link.with_user(self.user_rep).action_revoke()
        self.assertEqual(self.url_open(self.path).status_code, 404)

    def test_rate_limit_pages(self):
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 3)
        codes = [self.url_open(self.path).status_code for _i in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])
        # Guessing other tokens from the same address is limited too.
        self.assertEqual(self.url_open("/quick-order/guess").status_code, 429)
        response = self.url_open(self.path)
        self.assertEqual(response.headers.get("Retry-After"), "60")
        counters = self.env["wiseparts.quick.order.rate"].search([("key", "like", "page:")])
        self.assertEqual(max(counters.mapped("count")), 6)

    def test_rate_limit_per_link_and_forwarded_for(self):
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 3)
        # Behind a proxy, every client address has its own counter, the link one too.
        with patch.dict(config.options, {"proxy_mode": True}):
            codes = [
                self.url_open(self.path, headers={"X-Forwarded-For": f"10.1.2.{i}"}).status_code
                for i in range(4)
            ]
        self.assertEqual(codes, [200, 200, 200, 429])
        keys = self.env["wiseparts.quick.order.rate"].search([]).mapped("key")
        self.assertIn("page:ip:10.1.2.3", keys)
        self.assertIn(f"page:link:{self.link.id}", keys)
        # Without proxy mode the header is ignored: all requests count for the socket's
        # address, so the 4th is refused although each link was opened twice only.
        secrets_ = [self._new_link()[2] for _i in range(2)]
        codes = [
            self.url_open(
                f"/quick-order/{secrets_[i // 2]}", headers={"X-Forwarded-For": f"10.9.9.{i}"}
            ).status_code
            for i in range(4)
        ]
        self.assertEqual(codes, [200, 200, 200, 429])
        self.assertFalse(
            self.env["wiseparts.quick.order.rate"].search([("key", "like", "10.9.9.")])
        )

    def test_rate_limit_orders(self):
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_orders", 1)
        self._add(self.product_a)
        response, _data = self._place()
        self.assertEqual(response.status_code, 200)
        self._add(self.product_a)
        response, _data = self._place()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(self._orders()), 1)

    def test_csrf_and_post_only(self):
        self._add(self.product_a)
        page = self._open()
        key = idempotency_key(page.text)
        response = self.url_open(f"{self.path}/order", data={"idempotency_key": key})
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            f"{self.path}/order", data={"idempotency_key": key, "csrf_token": "forged"}
        )
        self.assertEqual(response.status_code, 400)
        response = self.url_open(f"{self.path}/order?idempotency_key={key}")
        self.assertEqual(response.status_code, 405)
        response = self.url_open(
            f"{self.path}/cart", data={"product_id": self.product_b.id, "quantity": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._orders())

    def test_quantity_bounds(self):
        page = self._open()
        csrf = csrf_token(page.text)
        for bad in ("0", "-2", "10001", "abc", "", "1e9"):
            response = self._add(self.product_a, bad, csrf=csrf)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("the quantity must be a number above 0 and at most 10000", response.text)
        self.assertFalse(idempotency_key(self._open().text))
        self.assertEqual(self._add(self.product_a, "9999", csrf=csrf).status_code, 200)
        response = self._add(self.product_a, "2", csrf=csrf)
        self.assertEqual(response.status_code, 400)
        # In the cart: a new quantity replaces the old one, 0 removes the line.
        response = self._add(self.product_a, "4", csrf=csrf, mode="set")
        self.assertEqual(response.status_code, 200)
        self.assertIn('value="4.0"', response.text)
        response = self._add(self.product_a, "0", csrf=csrf, mode="set")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your cart is empty.", response.text)
        response = self._add(self.product_a, "1", csrf=csrf, mode="steal")
        self.assertEqual(response.status_code, 404)

    def test_refused_products(self):
        for product in (self.product_archived, self.product_not_saleable):
            response = self._add(product)
            self.assertEqual(response.status_code, 400)
            self.assertIn("This product is not available for ordering.", response.text)
        # A product withdrawn after it was put in the cart is refused when ordering.
        self._add(self.product_a)
        self._add(self.product_b)
        self.product_b.sale_ok = False
        response, _data = self._place()
        self.assertEqual(response.status_code, 400)
        self.assertIn("QO Beta pad is no longer available", response.text)
        self.assertFalse(self._orders())

    def test_min_max_order_value(self):
        self.company.quick_order_min_amount = 500.0  # = 1000 in the pricelist currency
        self._add(self.product_a, "2")  # 2 x 180 = 360 untaxed
        page = self._open().text
        self.assertIn("The minimum order value is", page)
        response, _data = self._place()
        self.assertEqual(response.status_code, 400)
        self.assertIn("The minimum order value is", response.text)
        self.assertIn("1,000.00", response.text)
        self.assertFalse(self._orders())
        self.company.write({"quick_order_min_amount": 0, "quick_order_max_amount": 100.0})
        response, _data = self._place()
        self.assertEqual(response.status_code, 400)
        self.assertIn("The maximum order value is", response.text)
        self.assertIn("200.00", response.text)
        self.assertFalse(self._orders())
        self.company.quick_order_max_amount = 1000.0
        response, _data = self._place()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._orders()), 1)

    def test_order_tampered_price_idempotency_and_reorder(self):
        self._add(self.product_a, "2", price_unit="0.01", discount="99")
        self._add(self.product_b, "1", price="0.01")
        response, data = self._place(
            client_order_ref="PO-77",
            note="Leave at the back door",
            amount_total="1",
            price_unit="0.01",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your order", response.text)
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertIn(order.name, response.text)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.client_order_ref, "PO-77")
        self.assertEqual(order.quick_order_note, "Leave at the back door")
        self.assertNotIn("back door", str(order.note))
        self.assertEqual(order.currency_id, self.foreign)
        self.assertEqual(order.origin, "Quick order")
        self.assertTrue(order.is_quick_order)
        self.assertEqual(order.user_id, self.user_rep)
        self.assertEqual(order.state, "draft")
        lines = {line.product_id: line for line in order.order_line}
        self.assertEqual(lines[self.product_a].price_unit, 200.0)
        self.assertEqual(lines[self.product_a].discount, 10.0)
        self.assertEqual(lines[self.product_b].price_unit, 100.0)
        self.assertEqual(lines[self.product_b].discount, 10.0)
        self.assertAlmostEqual(order.amount_untaxed, 450.0)
        self.assertAlmostEqual(order.amount_total, 540.0)
        self.assertIn(self.user_rep.partner_id, order.message_partner_ids)
        self.assertTrue(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("recipient_ids", "in", self.customer.ids),
                ]
            )
        )
        # Submitting the same cart again (double click) gives the same order.
        again = self.url_open(f"{self.path}/order", data=data)
        self.assertEqual(again.status_code, 200)
        self.assertIn(order.name, again.text)
        self.assertEqual(len(self._orders()), 1)
        # The cart is empty again; "Order again" refills it.
        page = self._open().text
        self.assertIn("Your cart is empty.", page)
        self.assertIn(order.name, page)
        response = self.url_open(
            f"{self.path}/reorder", data={"csrf_token": csrf_token(page), "order_id": order.id}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(idempotency_key(response.text))
        self.assertIn("540.00", response.text)
        # Another link cannot see this order.
        _other, _url, other_secret = self._new_link()
        done = self.url_open(f"/quick-order/{other_secret}/done/{order.id}")
        self.assertEqual(done.status_code, 404)

    def test_branch_orders_and_confirmation_setting(self):
        self.company.quick_order_confirm = True
        self.company.quick_order_user_id = self.user_rep2
        _link, _url, secret = self._new_link(partner=self.branch)
        path = f"/quick-order/{secret}"
        self._add(self.product_b, "3", path=path)
        response, _data = self._place(path=path)
        self.assertEqual(response.status_code, 200)
        order = self.env["sale.order"].search([("partner_id", "=", self.branch.id)])
        self.assertEqual(order.partner_invoice_id, self.customer)
        self.assertEqual(order.partner_shipping_id, self.branch)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.user_id, self.user_rep2)
        self.assertEqual(order.order_line.discount, 10.0)

    def test_page_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["wiseparts_quick_order"], ["fr_FR"])
        self.customer.lang = "fr_FR"
        page = self.url_open(f"{self.path}?search=QOT-A").text
        self.assertIn('<html lang="fr-FR"', page)
        self.assertIn("Ajouter au panier", page)
        self.assertIn(">Rechercher<", page)
        self.assertIn("Quantité", page)
        self.assertIn("180,00", page)
        self.assertNotIn("Add to cart", page)

    # ------------------------------------------------------------------
    # One price (issue 8, item 2)
    # ------------------------------------------------------------------
    def test_one_price_page_order_invoice_portal(self):
        """Discounts option on, a -20 % pricelist rule and the customer's 10 %: the page, the
        order line, the invoice line and Odoo's portal all show 200 x 0.8 x 0.9 = 144."""
        self.env.user.groups_id += self.env.ref("sale.group_discount_per_so_line")
        self.pricelist.item_ids = [
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.product_a.product_tmpl_id.id,
                    "compute_price": "percentage",
                    "percent_price": 20.0,
                }
            ),
            Command.create(
                {
                    "applied_on": "1_product",
                    "product_tmpl_id": self.product_b.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": 70.0,
                }
            ),
        ]
        page = self.url_open(f"{self.path}?search=QOT-").text
        alpha = page[page.index('data-code="QOT-A"') :][:3000]
        beta = page[page.index('data-code="QOT-B"') :][:3000]
        self.assertRegex(alpha, r'o_wqo_price"[^>]*>[^<]*<span[^>]*>144\.00')
        self.assertRegex(beta, r'o_wqo_price"[^>]*>[^<]*<span[^>]*>63\.00')  # 70 x 0.9
        self._add(self.product_a, "1")
        response = self._add(self.product_b, "1")
        cart = response.text[response.text.index('id="cart"') :]
        self.assertRegex(cart, r'o_wqo_unit_net"[^>]*>[^<]*<span[^>]*>144\.00')
        self.assertRegex(cart, r'o_wqo_unit_net"[^>]*>[^<]*<span[^>]*>63\.00')
        response, _data = self._place()
        self.assertEqual(response.status_code, 200)
        order = self._orders()
        lines = {line.product_id: line for line in order.order_line}
        self.assertEqual(lines[self.product_a].price_unit, 200.0)
        self.assertEqual(lines[self.product_a].discount, 28.0)  # 1 - 0.8 x 0.9
        self.assertEqual(lines[self.product_b].price_unit, 70.0)
        self.assertEqual(lines[self.product_b].discount, 10.0)
        self.assertAlmostEqual(order.amount_untaxed, 207.0)
        order.action_confirm()
        invoice = order._create_invoices()
        nets = {
            line.product_id: line.price_unit * (1 - line.discount / 100)
            for line in invoice.invoice_line_ids
        }
        self.assertAlmostEqual(nets[self.product_a], 144.0)
        self.assertAlmostEqual(nets[self.product_b], 63.0)
        order._portal_ensure_token()
        portal = self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertEqual(portal.status_code, 200)
        self.assertIn("144.00", portal.text)
        self.assertIn("207.00", portal.text)

    # ------------------------------------------------------------------
    # Bounded carts (issue 8, item 8)
    # ------------------------------------------------------------------
    def _cart_lines(self):
        carts = self.env["wiseparts.quick.order.cart"].search(
            [("link_id", "=", self.link.id), ("order_id", "=", False)]
        )
        return {line.product_id: line.quantity for line in carts.line_ids}

    def test_cart_line_limit(self):
        self.assertEqual(self.company.quick_order_max_lines, 200)  # the default
        self.company.quick_order_max_lines = 2
        self.assertEqual(self._add(self.product_a).status_code, 200)
        self.assertEqual(self._add(self.product_b).status_code, 200)
        response = self._add(self.product_other_brand)
        self.assertEqual(response.status_code, 400)
        self.assertIn("A quick order may have at most 2 lines", response.text)
        self.assertEqual(self._cart_lines(), {self.product_a: 1.0, self.product_b: 1.0})
        # Changing a line's quantity is no new line.
        self.assertEqual(self._add(self.product_a, "2").status_code, 200)
        self.assertEqual(self._cart_lines()[self.product_a], 3.0)
        # The submit checks again (the limit may have been lowered since).
        self.company.quick_order_max_lines = 1
        response, _data = self._place()
        self.assertEqual(response.status_code, 400)
        self.assertIn("A quick order may have at most 1 lines", response.text)
        self.assertFalse(self._orders())
        # "Order again" past the limit is refused as a whole.
        self.company.quick_order_max_lines = 3
        response, _data = self._place()
        self.assertEqual(response.status_code, 200)
        self._add(self.product_other_brand)
        self._add(self.env["product.product"].create({"name": "QO Delta", "default_code": "QOT-D"}))
        page = self._open().text
        response = self.url_open(
            f"{self.path}/reorder",
            data={"csrf_token": csrf_token(page), "order_id": self._orders().id},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("A quick order may have at most 3 lines", response.text)
        self.assertEqual(len(self._cart_lines()), 2)

    def test_bad_quantities_get_a_message(self):
        page = self._open()
        csrf = csrf_token(page.text)
        for bad in ("0", "-1", "abc", "nan", "", "1e400"):
            response = self._add(self.product_a, bad, csrf=csrf)
            self.assertEqual(response.status_code, 400, bad)
            self.assertIn("QO Alpha filter: the quantity must be a number above 0", response.text)
        # Below the unit's rounding (Units: 0.01): a message, not a database error.
        for tiny in ("0.001", "0.004"):
            response = self._add(self.product_a, tiny, csrf=csrf)
            self.assertEqual(response.status_code, 400, tiny)
            self.assertIn(
                "QO Alpha filter: the quantity must be at least 0.01 Units", response.text
            )
        self.assertFalse(self._cart_lines())
        self.assertEqual(self._add(self.product_a, "2.5", csrf=csrf).status_code, 200)
        response = self._add(self.product_a, "0.001", csrf=csrf, mode="set")
        self.assertEqual(response.status_code, 400)
        self.assertIn("at least 0.01 Units", response.text)
        self.assertEqual(self._cart_lines(), {self.product_a: 2.5})
        response = self._add(self.product_a, "0,00", csrf=csrf, mode="set")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._cart_lines())

    def test_withdrawn_products_can_be_removed(self):
        self._add(self.product_a)
        self._add(self.product_b)
        self._add(self.product_other_brand)
        self.product_b.sale_ok = False
        self.product_a.active = False
        self.company.quick_order_brand_id = self.brand  # no longer offers product_other_brand
        page = self._open().text
        self.assertEqual(page.count("no longer available."), 3)
        response = self._add(self.product_b, "1", mode="remove")
        self.assertEqual(response.status_code, 200)
        response = self._add(self.product_a, "0", mode="set")
        self.assertEqual(response.status_code, 200)
        response = self._add(self.product_other_brand, "", mode="remove")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._cart_lines())
        self.assertIn("Your cart is empty.", response.text)

    # ------------------------------------------------------------------
    # The customer's note (issue 8, item 9)
    # ------------------------------------------------------------------
    def test_customer_note_is_not_the_terms(self):
        self.env["ir.config_parameter"].sudo().set_param("account.use_invoice_terms", True)
        self.company.write({"terms_type": "plain", "invoice_terms": "<p>Company terms 42</p>"})
        self._add(self.product_a)
        response, _data = self._place(note="Please deliver <b>before</b> 9")
        self.assertEqual(response.status_code, 200)
        order = self._orders()
        self.assertIn("Company terms 42", str(order.note))
        self.assertNotIn("deliver", str(order.note))
        self.assertEqual(order.quick_order_note, "Please deliver <b>before</b> 9")
        bodies = "".join(str(body) for body in order.message_ids.mapped("body"))
        self.assertIn("Please deliver &lt;b&gt;before&lt;/b&gt; 9", bodies)
        self.assertIn(self.user_rep.partner_id, order.message_partner_ids)
        # Without a note the company's terms stay too.
        self._add(self.product_b)
        self._place()
        second = self._orders() - order
        self.assertIn("Company terms 42", str(second.note))
        self.assertFalse(second.quick_order_note)
        # The salesperson (and an integration, over XML-RPC) reads it; others may not.
        db = self.env.cr.dbname
        self.user_rep.password = "wp_rep"
        self.user_internal.password = "wp_internal"
        read = self.xmlrpc_object.execute(
            db, self.user_rep.id, "wp_rep", "sale.order", "read", [order.id], ["quick_order_note"]
        )
        self.assertEqual(read[0]["quick_order_note"], "Please deliver <b>before</b> 9")
        with self.assertRaises(xmlrpc.client.Fault), mute_logger("odoo.http"):
            self.xmlrpc_object.execute(
                db, self.user_internal.id, "wp_internal", "sale.order", "read", [order.id]
            )
        view = self.env["sale.order"].with_user(self.user_rep).get_views([(False, "form")])
        self.assertIn('name="quick_order_note"', view["views"]["form"]["arch"])
        self.assertEqual(
            order.with_user(self.user_rep).read(["quick_order_note"])[0]["quick_order_note"],
            "Please deliver <b>before</b> 9",
        )

    # ------------------------------------------------------------------
    # Public headers and the image rate limit (issue 8, item 10)
    # ------------------------------------------------------------------
    def assertPublicHeaders(self, response, what):
        headers = response.headers
        self.assertEqual(headers.get("Referrer-Policy"), "no-referrer", what)
        self.assertEqual(headers.get("X-Robots-Tag"), "noindex, nofollow", what)
        self.assertEqual(headers.get("Cache-Control"), "no-store", what)
        self.assertEqual(headers.get("X-Frame-Options"), "SAMEORIGIN", what)
        self.assertIn("frame-ancestors 'self'", headers.get("Content-Security-Policy", ""), what)

    def test_public_headers_on_every_answer(self):
        page = self._open()
        self.assertPublicHeaders(page, "page")
        csrf = csrf_token(page.text)
        image = self.url_open(f"{self.path}/image/{self.product_a.id}")
        self.assertEqual(image.status_code, 200)
        self.assertPublicHeaders(image, "image")
        redirect = self.url_open(
            f"{self.path}/cart",
            data={"csrf_token": csrf, "product_id": self.product_a.id, "quantity": "1"},
            allow_redirects=False,
        )
        self.assertEqual(redirect.status_code, 303)
        self.assertPublicHeaders(redirect, "redirect")
        refused = self._add(self.product_a, "abc", csrf=csrf)
        self.assertEqual(refused.status_code, 400)
        self.assertPublicHeaders(refused, "refused quantity")
        response, _data = self._place()
        self.assertPublicHeaders(response, "done page")
        for path, code in (
            ("/quick-order/unknown-secret", 404),
            (f"/quick-order/unknown-secret/image/{self.product_a.id}", 404),
            (f"{self.path}/image/{self.product_not_saleable.id}", 404),
            (f"{self.path}/no/such/route", 404),  # no route: Odoo's own 404
        ):
            response = self.url_open(path)
            self.assertEqual(response.status_code, code, path)
            self.assertPublicHeaders(response, path)
        forged = self.url_open(f"{self.path}/cart", data={"csrf_token": "forged"})
        self.assertEqual(forged.status_code, 400)
        self.assertPublicHeaders(forged, "bad CSRF token")
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 1)
        too_many = self.url_open(self.path)
        self.assertEqual(too_many.status_code, 429)
        self.assertPublicHeaders(too_many, "429")
        # Odoo's other pages keep their own headers.
        self.assertNotIn("X-Robots-Tag", self.url_open("/web/login").headers)

    def test_image_rate_limit(self):
        """Images count apart from pages (a page shows up to 20 of them), per address and
        per link, in the database."""
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 1)
        url = f"{self.path}/image/{self.product_a.id}"
        codes = [self.url_open(url).status_code for _i in range(21)]
        self.assertEqual(codes, [200] * 20 + [429])
        self.assertEqual(self.url_open(self.path).status_code, 200)  # pages count apart
        # Guessing secrets through the image route is limited too.
        guess = self.url_open(f"/quick-order/guess/image/{self.product_a.id}")
        self.assertEqual(guess.status_code, 429)
        keys = self.env["wiseparts.quick.order.rate"].search([]).mapped("key")
        self.assertIn(f"image:link:{self.link.id}", keys)

    # ------------------------------------------------------------------
    # Cheap page views (issue 8, speed)
    # ------------------------------------------------------------------
    def test_page_views_write_little(self):
        """Limits lifted: no counter is written and the link is stamped once a minute."""
        self.env["ir.config_parameter"].sudo().set_param("wiseparts_quick_order.rate_pages", 0)
        for _i in range(3):
            self._open()
        self.assertFalse(self.env["wiseparts.quick.order.rate"].search([]))
        self.link.invalidate_recordset(["use_count", "last_used_at"])
        self.assertEqual(self.link.use_count, 1)
        # A minute later the next view counts again.
        self.link.last_used_at = fields.Datetime.now() - timedelta(seconds=61)
        self.env.flush_all()
        self._open()
        self.link.invalidate_recordset(["use_count", "last_used_at"])
        self.assertEqual(self.link.use_count, 2)
