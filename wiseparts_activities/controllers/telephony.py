import json
import logging

from odoo import http
from odoo.http import request

from ..services.telephony import EventError, parse_event

_logger = logging.getLogger(__name__)


def _json_response(payload, status):
    return request.make_response(
        json.dumps(payload),
        headers=[("Content-Type", "application/json"), ("Cache-Control", "no-store")],
        status=status,
    )


class TelephonyController(http.Controller):
    """Webhook of the phone system: POST one JSON event per request (readme/CONFIGURE.md).

    The controller parses, checks the secret and calls the integration; the call activity,
    its idempotency and the call-back rules are the models'."""

    @http.route(
        "/wiseparts/telephony/<string:secret>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def telephony_event(self, secret, **kwargs):
        integration = request.env["wiseparts.telephony.integration"]._find_by_secret(secret)
        if not integration:
            # The same answer for an unknown and an archived integration.
            return _json_response({"error": "not found"}, 404)
        try:
            event = parse_event(request.httprequest.get_data(cache=False))
        except EventError as exc:
            return _json_response({"error": str(exc)}, 400)
        # superuser: the secret was checked above; the phone system is no Odoo user and every
        # event is applied the same way whoever's customer calls (record rules do not apply).
        status, activity_id = integration._process_event_safely(event)
        return _json_response({"status": status, "activity_id": activity_id}, 200)
