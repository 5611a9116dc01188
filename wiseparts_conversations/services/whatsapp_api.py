"""The one adapter between WiseParts and Meta's WhatsApp Cloud API (Graph API)."""

import hashlib
import hmac

import requests

DEFAULT_GRAPH_API_URL = "https://graph.facebook.com/v21.0"
TIMEOUT = 20  # seconds


def media_type(mimetype):
    """WhatsApp message type of a file: image, audio and video Meta plays, else document."""
    mimetype = (mimetype or "").split(";")[0].strip().lower()
    if mimetype in ("image/jpeg", "image/png"):
        return "image"
    if mimetype in ("video/mp4", "video/3gpp"):
        return "video"
    if mimetype.startswith("audio/"):
        return "audio"
    return "document"


class WhatsAppApiError(Exception):
    """Meta refused the call or could not be reached; the message is Meta's own text."""


def signature_is_valid(app_secret, raw_body, header):
    """``X-Hub-Signature-256`` (``sha256=<hex>``) is the HMAC-SHA256 of the raw body.

    Compared in constant time; an empty secret never validates anything.
    """
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip())


def sign(app_secret, raw_body):
    """The header value Meta sends for ``raw_body`` (used by tests and the benchmark)."""
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


class WhatsAppCloudApi:
    """Calls of the Cloud API used by WiseParts; every call has a timeout."""

    def __init__(self, graph_api_url, phone_number_id, access_token, timeout=TIMEOUT):
        self.base_url = (graph_api_url or DEFAULT_GRAPH_API_URL).rstrip("/")
        self.phone_number_id = phone_number_id
        self.access_token = access_token
        self.timeout = timeout

    def _headers(self):
        return {"Authorization": f"Bearer {self.access_token}"}

    @staticmethod
    def _error_text(response):
        try:
            error = response.json().get("error") or {}
        except ValueError:
            return f"HTTP {response.status_code}"
        details = (error.get("error_data") or {}).get("details")
        parts = [error.get("message") or f"HTTP {response.status_code}"]
        if error.get("code"):
            parts.append(f"(#{error['code']})")
        if details:
            parts.append(f"- {details}")
        return " ".join(parts)

    def _call(self, method, url, **kwargs):
        try:
            response = requests.request(
                method, url, headers=self._headers(), timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise WhatsAppApiError(f"WhatsApp could not be reached: {exc}") from exc
        if response.status_code >= 400:
            raise WhatsAppApiError(self._error_text(response))
        return response

    def _json(self, response):
        try:
            return response.json()
        except ValueError as exc:
            raise WhatsAppApiError("WhatsApp answered with something that is not JSON") from exc

    def _send(self, payload):
        url = f"{self.base_url}/{self.phone_number_id}/messages"
        data = self._json(
            self._call("POST", url, json={"messaging_product": "whatsapp", **payload})
        )
        try:
            return data["messages"][0]["id"]
        except (KeyError, IndexError, TypeError) as exc:
            raise WhatsAppApiError("WhatsApp did not return a message id") from exc

    def send_text(self, to, body):
        """Send a text message to ``to`` (E.164 digits); returns Meta's message id."""
        return self._send(
            {
                "recipient_type": "individual",
                "to": to.lstrip("+"),
                "type": "text",
                "text": {"preview_url": True, "body": body},
            }
        )

    def send_template(self, to, name, language, parameters=()):
        """Send an approved template with its ``{{n}}`` body parameters; returns the id."""
        template = {"name": name, "language": {"code": language}}
        if parameters:
            template["components"] = [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": str(value)} for value in parameters],
                }
            ]
        return self._send({"to": to.lstrip("+"), "type": "template", "template": template})

    def upload_media(self, content, mimetype, filename):
        """Upload a file for an outbound message; returns Meta's media id."""
        url = f"{self.base_url}/{self.phone_number_id}/media"
        data = self._json(
            self._call(
                "POST",
                url,
                data={"messaging_product": "whatsapp", "type": mimetype},
                files={"file": (filename, content, mimetype)},
            )
        )
        if not data.get("id"):
            raise WhatsAppApiError("WhatsApp did not return a media id")
        return data["id"]

    def send_media(self, to, media_id, kind, caption="", filename=""):
        """Send an uploaded image, video, audio or document; returns Meta's message id.
        Audio takes no caption; only documents carry a file name."""
        media = {"id": media_id}
        if caption and kind != "audio":
            media["caption"] = caption
        if filename and kind == "document":
            media["filename"] = filename
        return self._send(
            {"recipient_type": "individual", "to": to.lstrip("+"), "type": kind, kind: media}
        )

    def download_media(self, media_id):
        """``(content, mime_type)`` of an inbound media (two calls: its URL, then the file)."""
        info = self._json(self._call("GET", f"{self.base_url}/{media_id}"))
        if not info.get("url"):
            raise WhatsAppApiError("WhatsApp returned no URL for the media")
        content = self._call("GET", info["url"]).content
        return content, info.get("mime_type") or "application/octet-stream"

    def list_templates(self, business_account_id):
        """Templates of the WhatsApp Business Account: ``[{name, language, status, ...}]``."""
        url = f"{self.base_url}/{business_account_id}/message_templates"
        templates = []
        params = {"limit": 100}
        for _page in range(50):  # at most 5,000 templates
            data = self._json(self._call("GET", url, params=params))
            templates.extend(data.get("data") or [])
            after = ((data.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (data.get("paging") or {}).get("next"):
                break
            params = {"limit": 100, "after": after}
        return templates
