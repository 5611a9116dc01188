import json
import logging

from odoo import http
from odoo.http import request
from odoo.tools import consteq

_logger = logging.getLogger(__name__)


class WhatsAppWebhook(http.Controller):
    @http.route(
        "/wiseparts/whatsapp/webhook/<int:account_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,  # Meta's server-to-server calls: authenticated by token / HMAC signature
        save_session=False,
    )
    def wiseparts_whatsapp_webhook(self, account_id, **params):
        # sudo: only to read this account's secrets and compare them below; nothing else is
        # read or written before the token or the signature is checked
        account = request.env["wiseparts.whatsapp.account"].sudo().browse(account_id).exists()
        if request.httprequest.method == "GET":
            return self._verify(account, params)
        raw_body = request.httprequest.get_data(cache=True)
        signature = request.httprequest.headers.get("X-Hub-Signature-256", "")
        if (
            not account
            or not account.active
            or not account._wiseparts_check_signature(raw_body, signature)
        ):
            _logger.warning("WhatsApp webhook %s: refused signature", account_id)
            return request.make_response("Forbidden", status=403)
        try:
            payload = json.loads(raw_body)
        except ValueError:
            return request.make_response("Bad Request", status=400)
        # stored in this request (one worker, no cron needed); Meta gets its 200 afterwards
        account._wiseparts_receive(payload)
        return request.make_response("OK", headers=[("Content-Type", "text/plain")])

    def _verify(self, account, params):
        token = params.get("hub.verify_token") or ""
        if (
            account
            and account.active
            and params.get("hub.mode") == "subscribe"
            and account.verify_token
            and consteq(token, account.verify_token)
        ):
            return request.make_response(
                params.get("hub.challenge") or "", headers=[("Content-Type", "text/plain")]
            )
        return request.make_response("Forbidden", status=403)
