from urllib.parse import urlencode

from markupsafe import Markup

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import config

from ..services.quick_order import MAX_QUANTITY, client_ip

MAX_PAGE = 10000
RECENT_ORDERS = 5
SESSION_CARTS = "wiseparts_quick_order_carts"
DOCTYPE = Markup("<!DOCTYPE html>")
KEEP_PARAMS = ("search", "brand", "categ", "page")


class _Refused(Exception):
    """A request answered with a ready-made response (404, 429)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class QuickOrderController(http.Controller):
    """Public quick-order pages. Every route first checks the link's secret
    (`_find_by_secret`: hash, one query, consteq) and only then works with sudo.

    The controller parses, calls and renders: prices, carts, limits and orders are the
    models' (`wiseparts.quick.order.link`, `wiseparts.quick.order.cart`); the public
    headers of every answer are set by ir.http."""

    # ------------------------------------------------------------------
    # Access and abuse checks
    # ------------------------------------------------------------------
    def _too_many(self, kind):
        retry = 3600 if kind == "order" else 60
        return request.render(
            "wiseparts_quick_order.quick_order_too_many",
            {"doctype": DOCTYPE},
            status=429,
            headers=[("Retry-After", str(retry))],
        )

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
        link = request.env["wiseparts.quick.order.link"]._find_by_secret(token)
        # sudo: the counters are not readable by the public; only counts are written.
        if (
            request.env["wiseparts.quick.order.rate"]
            .sudo()
            ._over_limit(kind, ip, link, touch=count_use)
        ):
            raise _Refused(self._too_many(kind))
        if not link:
            raise _Refused(self._not_found())
        partner = link.partner_id
        lang = partner.lang or partner.commercial_partner_id.lang
        if lang not in dict(request.env["res.lang"].get_installed()):
            lang = request.env.lang
        request.update_context(lang=lang)
        # sudo: the secret was checked above; the customer has no user of their own.
        return link.sudo().with_company(link.company_id).with_context(lang=lang)

    # ------------------------------------------------------------------
    # Parsing, carts in the session, rendering
    # ------------------------------------------------------------------
    @staticmethod
    def _to_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    def _session_carts(self):
        return dict(request.session.get(SESSION_CARTS) or {})

    def _get_cart(self, link, create=False):
        Cart = link.env["wiseparts.quick.order.cart"]
        cart = Cart._find(link, self._session_carts().get(str(link.id)))
        if not cart and create:
            cart = Cart._new(link)
            carts = self._session_carts()
            carts[str(link.id)] = cart.key
            request.session[SESSION_CARTS] = carts
        return cart

    def _forget_cart(self, link):
        carts = self._session_carts()
        carts.pop(str(link.id), None)
        request.session[SESSION_CARTS] = carts

    def _page_url(self, token, params):
        query = {k: params[k] for k in KEEP_PARAMS if params.get(k)}
        return f"/quick-order/{token}" + (f"?{urlencode(query)}" if query else "")

    def _render_page(self, token, link, params, errors=(), status=200):
        search = (params.get("search") or "").strip()[:100]
        brand_id = self._to_int(params.get("brand"))
        categ_id = self._to_int(params.get("categ"))
        page = min(max(1, self._to_int(params.get("page")) or 1), MAX_PAGE)
        cart = self._get_cart(link)
        summary = cart._summary()
        keep = {k: params.get(k) or "" for k in KEEP_PARAMS}
        values = {
            "doctype": DOCTYPE,
            "token": token,
            "link": link,
            "partner": link.partner_id,
            "company": link.company_id,
            "currency": link._pricelist_currency()[1],
            "discount": link._customer_discount(),
            "cart": cart,
            "cart_order": summary["order"],
            "refused": summary["refused"],
            "limits_error": summary["limits_error"],
            "recent_orders": link.env["sale.order"].search(
                [("quick_order_link_id", "=", link.id)], limit=RECENT_ORDERS, order="id desc"
            ),
            "errors": list(errors),
            "max_quantity": MAX_QUANTITY,
            "page_url": self._page_url(token, params),
            "page_link": lambda target: self._page_url(token, dict(keep, page=target)),
            "keep": keep,
            "res_company": link.company_id,
            "title": link.env._("Quick order"),
            "html_data": {"lang": (link.env.lang or "en_US").replace("_", "-")},
            "search": search,
            "brand_id": brand_id,
            "categ_id": categ_id,
            "page": page,
            **link._search_catalogue(search, brand_id, categ_id, page),
        }
        return request.render("wiseparts_quick_order.quick_order_page", values, status=status)

    def _refused_page(self, token, link, params, error):
        """The page again with the model's message, nothing written (UserError raised before
        any write, or rolled back to the savepoint)."""
        return self._render_page(token, link, params, error.args[0].split("\n"), status=400)

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
        cart = self._get_cart(link, create=mode != "remove")
        try:
            with request.env.cr.savepoint():
                if cart:
                    cart._update(self._to_int(product_id), quantity, mode)
        except UserError as error:
            return self._refused_page(token, link, params, error)
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
        cart = self._get_cart(link, create=True)
        try:
            with request.env.cr.savepoint():
                some_left_out = cart._reorder(order)
        except UserError as error:
            return self._refused_page(token, link, params, error)
        if some_left_out:
            errors = [link.env._("Some products of this order are no longer available.")]
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
        try:
            order = cart._place_order(client_order_ref, note)
        except UserError as error:
            return self._refused_page(token, link, {}, error)
        self._forget_cart(link)
        return request.redirect(f"/quick-order/{token}/done/{order.id}", code=303)

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
        access without the website application); rate-limited like the pages."""
        try:
            link = self._get_link(token, kind="image")
        except _Refused as refused:
            return refused.response
        product = link._offered_products([product_id])
        if not product:
            return self._not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, "image_128")
        return stream.get_response()
