from werkzeug.exceptions import HTTPException

from odoo import models
from odoo.http import request

URL_PREFIX = "/quick-order"

# Every answer of the public quick-order pages (pages, errors, images, redirects): the secret
# in the URL must not leave through a Referer, a search engine, a cache or a framing site.
PUBLIC_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "X-Frame-Options": "SAMEORIGIN",
}
FRAME_ANCESTORS = "frame-ancestors 'self'"


def _is_quick_order_path(path):
    return path == URL_PREFIX or path.startswith(URL_PREFIX + "/")


def _add_headers(response):
    for name, value in PUBLIC_HEADERS.items():
        response.headers[name] = value
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        response.headers["Content-Security-Policy"] = FRAME_ANCESTORS
    elif "frame-ancestors" not in csp:
        response.headers["Content-Security-Policy"] = f"{csp}; {FRAME_ANCESTORS}"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        result = super()._post_dispatch(response)
        if _is_quick_order_path(request.httprequest.path):
            _add_headers(response)
        return result

    @classmethod
    def _handle_error(cls, exception):
        """Odoo's own errors on these paths too (bad CSRF token, wrong method, no route)."""
        response = super()._handle_error(exception)
        if not _is_quick_order_path(request.httprequest.path):
            return response
        if isinstance(response, HTTPException):
            response = response.get_response(request.httprequest.environ)
        if hasattr(response, "headers"):
            _add_headers(response)
        return response
