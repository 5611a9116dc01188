from urllib.parse import urlencode

from markupsafe import Markup

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL, config, float_compare, plaintext2html

from ..services.quick_order import MAX_QUANTITY, client_ip, new_secret, parse_quantity

PAGE_SIZE = 20
MAX_PAGE = 10000
RECENT_ORDERS = 5
SESSION_CARTS = "wiseparts_quick_order_carts"
DOCTYPE = Markup("<!DOCTYPE html>")


class _Refused(Exception):
    """A request answered with a ready-made response (404, 429)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class _OrderValueRefused(Exception):
    """Raised inside a savepoint to drop an order outside the min/max order value."""


class QuickOrderController(http.Controller):
    """Public quick-order pages. Every route first checks the link's secret
    (`_find_by_secret`: hash, one query, consteq) and only then works with sudo."""

    # ------------------------------------------------------------------
    # Access and abuse checks
    # ------------------------------------------------------------------
    def _rate_limited(self, keys, kind):
        param = "rate_orders" if kind == "order" else "rate_pages"
        limit = int(
            request.env["ir.config_parameter"]
            .sudo()
            .get_param(f"wiseparts_quick_order.{param}", 60 if kind != "order" else 10)
            or 0
        )
        if limit <= 0:
            return False
        seconds = 3600 if kind == "order" else 60
        # sudo: the counters table is not readable by the public; only counts are written.
        count = request.env["wiseparts.quick.order.rate"].sudo()._hit(keys, seconds)
        return count > limit

    def _too_many(self, kind):
        retry = 3600 if kind == "order" else 60
        response = request.render(
            "wiseparts_quick_order.quick_order_too_many",
            {"doctype": DOCTYPE},
            status=429,
            headers=[("Retry-After", str(retry))],
        )
        return response

    def _not_found(self):
        # The same page for unknown, revoked and expired links: no hint they ever existed.
        return request.render(
            "wiseparts_quick_order.quick_order_not_found", {"doctype": DOCTYPE}, status=404
        )

    def _get_link(self, token, kind="page", count_use=False):
        """The link of `token` (sudo, in its company and customer's language) or _Refused."""
        httprequest = request.httprequest
        ip = client_ip(
            httprequest.remote_addr,
            httprequest.headers.get("X-Forwarded-For"),
            config.get("proxy_mode"),
        )
        if self._rate_limited([f"{kind}:ip:{ip}"], kind):
            raise _Refused(self._too_many(kind))
        link = request.env["wiseparts.quick.order.link"]._find_by_secret(token)
        if not link:
            raise _Refused(self._not_found())
        if self._rate_limited([f"{kind}:link:{link.id}"], kind):
            raise _Refused(self._too_many(kind))
        if count_use:
            link._touch()
        partner = link.partner_id
        lang = partner.lang or partner.commercial_partner_id.lang
        if lang not in dict(request.env["res.lang"].get_installed()):
            lang = request.env.lang
        request.update_context(lang=lang)
        # sudo: the secret was checked above; the customer has no user of their own.
        return link.sudo().with_company(link.company_id).with_context(lang=lang)

    # ------------------------------------------------------------------
    # Catalogue, prices and cart
    # ------------------------------------------------------------------
    @staticmethod
    def _discount(partner):
        return partner.discount_percent or partner.commercial_partner_id.discount_percent

    @staticmethod
    def _is_zero(value):
        try:
            return float(str(value).strip().replace(",", ".")) == 0
        except ValueError:
            return False

    @staticmethod
    def _to_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    def _catalogue(self, link, params):
        Product = link.env["product.product"]
        base_domain = link._offered_products_domain()
        domain = list(base_domain)
        search = (params.get("search") or "").strip()[:100]
        if search:
            domain += [
                "|",
                "|",
                ("name", "ilike", search),
                ("default_code", "ilike", search),
                ("barcode", "ilike", search),
            ]
        brand_id = self._to_int(params.get("brand"))
        categ_id = self._to_int(params.get("categ"))
        if brand_id:
            domain.append(("brand_id", "=", brand_id))
        if categ_id:
            domain.append(("categ_id", "child_of", categ_id))
        # No count: one indexed-order query for one page plus one row to know if more follow
        # (counting 20,000 matches on every page load costs as much as the page itself).
        page = min(max(1, self._to_int(params.get("page")) or 1), MAX_PAGE)
        products = Product.search(
            domain, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, order="default_code, id"
        )
        has_next = len(products) > PAGE_SIZE
        products = products[:PAGE_SIZE]
        Template = link.env["product.template"]
        tmpl_domain = [
            ("sale_ok", "=", True),
            ("company_id", "in", [False, link.company_id.id]),
        ] + [term for term in base_domain if term[0] in ("categ_id", "brand_id", "product_tag_ids")]
        # One grouped query for both filters' choices (a few hundred groups at most).
        groups = Template._read_group(tmpl_domain, ["brand_id", "categ_id"])
        brands = {brand for brand, _categ in groups if brand}
        categs = {categ for _brand, categ in groups if categ}
        return {
            "products": products,
            "prices": self._prices(link, products),
            "stock": self._availability(link, products),
            "search": search,
            "brand_id": brand_id,
            "categ_id": categ_id,
            "brands": sorted(brands, key=lambda b: b.name or ""),
            "categs": sorted(categs, key=lambda c: c.complete_name or ""),
            "page": page,
            "has_next": has_next,
        }

    def _pricelist_currency(self, link):
        partner = link.partner_id
        pricelist = partner.property_product_pricelist
        currency = pricelist.currency_id or link.company_id.currency_id
        return pricelist, currency

    def _prices(self, link, products):
        """{product id: (base price, net unit price)} in the pricelist currency, untaxed."""
        pricelist, currency = self._pricelist_currency(link)
        company = link.company_id
        today = fields.Date.context_today(link)
        prices = pricelist._get_products_price(products, quantity=1.0, currency=currency)
        discount = self._discount(link.partner_id)
        result = {}
        for product in products:
            base = company.currency_id._convert(product.lst_price, currency, company, today)
            price = prices.get(product.id, base)
            result[product.id] = (base, price * (1 - discount / 100.0))
        return result

    def _availability(self, link, products):
        """{product id: in stock?} when shown (setting on and Inventory installed), else {}."""
        if not link.company_id.quick_order_show_stock or "qty_available" not in products._fields:
            return {}
        return {
            product.id: product.qty_available > 0
            for product in products
            if product.type == "consu" and product.is_storable
        }

    def _session_carts(self):
        return dict(request.session.get(SESSION_CARTS) or {})

    def _get_cart(self, link, create=False):
        key = self._session_carts().get(str(link.id))
        Cart = link.env["wiseparts.quick.order.cart"]
        cart = Cart.search([("link_id", "=", link.id), ("key", "=", key or "")], limit=1)
        if cart.order_id:
            cart = Cart
        if not cart and create:
            cart = Cart.create({"link_id": link.id, "key": new_secret()})
            carts = self._session_carts()
            carts[str(link.id)] = cart.key
            request.session[SESSION_CARTS] = carts
        return cart

    def _order_values(self, link, lines):
        """sale.order values for [(product, quantity)]; Odoo computes prices and taxes."""
        partner = link.partner_id
        commercial = partner.commercial_partner_id
        company = link.company_id
        user = company.quick_order_user_id or partner.user_id or commercial.user_id
        team = company.quick_order_team_id or partner.team_id or commercial.team_id
        return {
            "partner_id": partner.id,
            "partner_invoice_id": commercial.address_get(["invoice"])["invoice"],
            "company_id": company.id,
            "user_id": user.id,
            "team_id": team.id or False,
            # Not translated: reps filter and read it, whatever the customer's language.
            "origin": "Quick order",
            "is_quick_order": True,
            "quick_order_link_id": link.id,
            "order_line": [
                fields.Command.create({"product_id": product.id, "product_uom_qty": quantity})
                for product, quantity in lines
            ],
        }

    def _cart_summary(self, link, cart):
        """Cart lines, refused lines and Odoo-computed totals (an unsaved sale.order)."""
        if not cart.line_ids:
            return {"order": None, "refused": []}
        refused = self._refused_products(link, cart)
        accepted = [
            (line.product_id, line.quantity)
            for line in cart.line_ids
            if line.product_id not in refused
        ]
        order = link.env["sale.order"].new(self._order_values(link, accepted))
        return {"order": order, "refused": refused}

    def _refused_products(self, link, cart):
        """Products of the cart no longer offered (archived, not saleable, filtered out)."""
        offered = link.env["product.product"].search(
            [*link._offered_products_domain(), ("id", "in", cart.line_ids.product_id.ids)]
        )
        return cart.line_ids.product_id - offered

    def _limits_error(self, link, amount, currency):
        company = link.company_id
        minimum = company.currency_id._convert(
            company.quick_order_min_amount, currency, company, fields.Date.today()
        )
        maximum = company.currency_id._convert(
            company.quick_order_max_amount, currency, company, fields.Date.today()
        )
        fmt = request.env["ir.qweb.field.monetary"]
        options = {"display_currency": currency}
        if minimum and float_compare(amount, minimum, precision_rounding=currency.rounding) < 0:
            return link.env._(
                "The minimum order value is %(minimum)s (excl. taxes); your order is %(amount)s.",
                minimum=fmt.value_to_html(minimum, options),
                amount=fmt.value_to_html(amount, options),
            )
        if maximum and float_compare(amount, maximum, precision_rounding=currency.rounding) > 0:
            return link.env._(
                "The maximum order value is %(maximum)s (excl. taxes); your order is %(amount)s.",
                maximum=fmt.value_to_html(maximum, options),
                amount=fmt.value_to_html(amount, options),
            )
        return ""

    def _page_url(self, token, params):
        query = {k: params[k] for k in ("search", "brand", "categ", "page") if params.get(k)}
        return f"/quick-order/{token}" + (f"?{urlencode(query)}" if query else "")

    def _render_page(self, token, link, params, errors=(), status=200):
        cart = self._get_cart(link)
        summary = self._cart_summary(link, cart)
        _pricelist, currency = self._pricelist_currency(link)
        values = {
            "token": token,
            "link": link,
            "partner": link.partner_id,
            "company": link.company_id,
            "currency": currency,
            "discount": self._discount(link.partner_id),
            "cart": cart,
            "cart_order": summary["order"],
            "refused": summary["refused"],
            "recent_orders": link.env["sale.order"].search(
                [("quick_order_link_id", "=", link.id)], limit=RECENT_ORDERS, order="id desc"
            ),
            "errors": list(errors),
            "max_quantity": MAX_QUANTITY,
            "page_url": self._page_url(token, params),
            "keep": {k: params.get(k) or "" for k in ("search", "brand", "categ", "page")},
            "res_company": link.company_id,
            "title": link.env._("Quick order"),
            "html_data": {"lang": (link.env.lang or "en_US").replace("_", "-")},
            **self._catalogue(link, params),
        }
        keep = values["keep"]
        values["page_link"] = lambda page: self._page_url(token, dict(keep, page=page))
        order = summary["order"]
        if order and order.order_line:
            values["limits_error"] = self._limits_error(link, order.amount_untaxed, currency)
        return request.render("wiseparts_quick_order.quick_order_page", values, status=status)

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route("/quick-order/<string:token>", type="http", auth="public", methods=["GET"])
    def quick_order_page(self, token, **params):
        try:
            link = self._get_link(token, count_use=True)
        except _Refused as refused:
            return refused.response
        return self._render_page(token, link, params)

    @http.route("/quick-order/<string:token>/cart", type="http", auth="public", methods=["POST"])
    def quick_order_cart(self, token, product_id=None, quantity=None, mode="add", **params):
        try:
            link = self._get_link(token)
        except _Refused as refused:
            return refused.response
        if mode not in ("add", "set", "remove"):
            return self._not_found()
        if mode == "set" and self._is_zero(quantity):
            mode = "remove"  # typing 0 in the cart removes the line
        product = link.env["product.product"].search(
            [*link._offered_products_domain(), ("id", "=", self._to_int(product_id))], limit=1
        )
        if not product:
            return self._render_page(
                token,
                link,
                params,
                [link.env._("This product is not available for ordering.")],
                status=400,
            )
        cart = self._get_cart(link, create=mode != "remove")
        if mode == "remove":
            cart.line_ids.filtered(lambda line: line.product_id == product).unlink()
            return request.redirect(self._page_url(token, params), code=303)
        qty = parse_quantity(quantity)
        current = sum(
            cart.line_ids.filtered(lambda line: line.product_id == product).mapped("quantity")
        )
        if qty is None or (mode == "add" and current + qty > MAX_QUANTITY):
            return self._render_page(
                token,
                link,
                params,
                [
                    link.env._(
                        "%(product)s: the quantity must be a number above 0 and at most %(max)s.",
                        product=product.display_name,
                        max=MAX_QUANTITY,
                    )
                ],
                status=400,
            )
        cart._set_quantity(product, qty, add=mode == "add")
        return request.redirect(self._page_url(token, params), code=303)

    @http.route("/quick-order/<string:token>/reorder", type="http", auth="public", methods=["POST"])
    def quick_order_reorder(self, token, order_id=None, **params):
        try:
            link = self._get_link(token)
        except _Refused as refused:
            return refused.response
        order = link.env["sale.order"].search(
            [("id", "=", self._to_int(order_id)), ("quick_order_link_id", "=", link.id)]
        )
        if not order:
            return self._not_found()
        offered = link.env["product.product"].search(
            [*link._offered_products_domain(), ("id", "in", order.order_line.product_id.ids)]
        )
        cart = self._get_cart(link, create=True)
        for line in order.order_line.filtered(lambda line: line.product_id in offered):
            current = sum(
                cart.line_ids.filtered(lambda cl, p=line.product_id: cl.product_id == p).mapped(
                    "quantity"
                )
            )
            cart._set_quantity(line.product_id, min(MAX_QUANTITY, current + line.product_uom_qty))
        errors = []
        if len(offered) < len(order.order_line.product_id):
            errors.append(link.env._("Some products of this order are no longer available."))
        if errors:
            return self._render_page(token, link, params, errors)
        return request.redirect(self._page_url(token, params), code=303)

    @http.route("/quick-order/<string:token>/order", type="http", auth="public", methods=["POST"])
    def quick_order_submit(self, token, idempotency_key=None, client_order_ref="", note="", **kw):
        try:
            link = self._get_link(token, kind="order")
        except _Refused as refused:
            return refused.response
        Cart = link.env["wiseparts.quick.order.cart"]
        cart = Cart.search(
            [("link_id", "=", link.id), ("key", "=", idempotency_key or "")], limit=1
        )
        if not cart:
            return self._render_page(
                token, link, {}, [link.env._("Your cart is empty.")], status=400
            )
        # Serialise submits of one cart: a double click waits here, then finds the order.
        request.env.cr.execute(
            SQL("SELECT id FROM wiseparts_quick_order_cart WHERE id = %s FOR UPDATE", cart.id)
        )
        cart.invalidate_recordset(["order_id"])
        if cart.order_id:
            return request.redirect(f"/quick-order/{token}/done/{cart.order_id.id}", code=303)
        errors = []
        for product in self._refused_products(link, cart):
            errors.append(
                link.env._(
                    "%(product)s is no longer available: remove it from your cart.",
                    product=product.display_name,
                )
            )
        if not cart.line_ids:
            errors.append(link.env._("Your cart is empty."))
        if errors:
            return self._render_page(token, link, {}, errors, status=400)
        lines = [(line.product_id, line.quantity) for line in cart.line_ids]
        values = dict(
            self._order_values(link, lines),
            client_order_ref=(client_order_ref or "").strip()[:64] or False,
            note=plaintext2html((note or "").strip()[:2000]) if (note or "").strip() else False,
            quick_order_key=cart.key,
        )
        _pricelist, currency = self._pricelist_currency(link)
        try:
            with request.env.cr.savepoint():
                order = link.env["sale.order"].create(values)
                limits_error = self._limits_error(link, order.amount_untaxed, currency)
                if limits_error:
                    raise _OrderValueRefused(limits_error)
        except _OrderValueRefused as refused:
            return self._render_page(token, link, {}, [refused.args[0]], status=400)
        cart.order_id = order
        if link.company_id.quick_order_confirm:
            order.action_confirm()
        self._notify(link, order)
        carts = self._session_carts()
        carts.pop(str(link.id), None)
        request.session[SESSION_CARTS] = carts
        return request.redirect(f"/quick-order/{token}/done/{order.id}", code=303)

    def _notify(self, link, order):
        """Tell the salesperson and followers; email the customer a confirmation."""
        if order.user_id:
            order.message_subscribe(partner_ids=order.user_id.partner_id.ids)
        order.message_post(
            body=link.env._(
                "Order placed by %(partner)s through a quick-order link.",
                partner=link.partner_id.display_name,
            ),
            author_id=link.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if link.partner_id.email:
            template = link.env.ref("wiseparts_quick_order.mail_template_quick_order_confirmation")
            template.send_mail(order.id, email_layout_xmlid="mail.mail_notification_light")

    @http.route(
        "/quick-order/<string:token>/done/<int:order_id>",
        type="http",
        auth="public",
        methods=["GET"],
    )
    def quick_order_done(self, token, order_id, **kw):
        try:
            link = self._get_link(token)
        except _Refused as refused:
            return refused.response
        order = link.env["sale.order"].search(
            [("id", "=", order_id), ("quick_order_link_id", "=", link.id)]
        )
        if not order:
            return self._not_found()
        return request.render(
            "wiseparts_quick_order.quick_order_done",
            {
                "token": token,
                "order": order,
                "partner": link.partner_id,
                "res_company": link.company_id,
                "title": link.env._("Order received"),
                "html_data": {"lang": (link.env.lang or "en_US").replace("_", "-")},
            },
        )

    @http.route(
        "/quick-order/<string:token>/image/<int:product_id>",
        type="http",
        auth="public",
        methods=["GET"],
    )
    def quick_order_image(self, token, product_id, **kw):
        """Product images, readable through a valid link only (the public has no product
        access without the website application)."""
        link = request.env["wiseparts.quick.order.link"]._find_by_secret(token)
        if not link:
            return self._not_found()
        product = link.env["product.product"].search(
            [*link._offered_products_domain(), ("id", "=", product_id)], limit=1
        )
        if not product:
            return self._not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, "image_128")
        return stream.get_response(max_age=3600)
