"""Reading Meta's webhook payloads (no ORM): what was received, in a flat form."""

from odoo.addons.wiseparts_base.services.phone import to_e164

MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
STATUS_ORDER = {"sent": 1, "delivered": 2, "read": 3}


def _text_of(message):
    kind = message.get("type")
    if kind == "text":
        return (message.get("text") or {}).get("body") or ""
    if kind in MEDIA_TYPES:
        media = message.get(kind) or {}
        return media.get("caption") or media.get("filename") or ""
    if kind == "location":
        location = message.get("location") or {}
        label = " - ".join(part for part in (location.get("name"), location.get("address")) if part)
        return label
    if kind == "button":
        return (message.get("button") or {}).get("text") or ""
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return reply.get("title") or ""
    return ""


def wa_id_to_e164(wa_id):
    """WhatsApp's sender id (digits of the international number) to E.164."""
    digits = "".join(char for char in str(wa_id or "") if char.isdigit())
    return to_e164("+" + digits) if digits else None


def parse(payload, phone_number_id):
    """``(messages, statuses)`` of a ``whatsapp_business_account`` payload for one number.

    messages: dicts ``id, from, name, timestamp, type, text, media_id, mime_type, filename,
    latitude, longitude``; statuses: dicts ``id, status, timestamp, error``.
    Changes for another phone number id are ignored.
    """
    messages, statuses = [], []
    if not isinstance(payload, dict):
        return messages, statuses
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            metadata = value.get("metadata") or {}
            if str(metadata.get("phone_number_id") or "") != str(phone_number_id):
                continue
            names = {
                contact.get("wa_id"): (contact.get("profile") or {}).get("name")
                for contact in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                if not message.get("id") or not message.get("from"):
                    continue
                kind = message.get("type") or "unsupported"
                media = message.get(kind) if kind in MEDIA_TYPES else None
                location = message.get("location") if kind == "location" else None
                messages.append(
                    {
                        "id": message["id"],
                        "from": message["from"],
                        "name": names.get(message["from"]),
                        "timestamp": int(message.get("timestamp") or 0),
                        "type": kind,
                        "text": _text_of(message),
                        "media_id": (media or {}).get("id"),
                        "mime_type": (media or {}).get("mime_type"),
                        "filename": (media or {}).get("filename"),
                        "latitude": (location or {}).get("latitude"),
                        "longitude": (location or {}).get("longitude"),
                    }
                )
            for status in value.get("statuses") or []:
                if not status.get("id"):
                    continue
                errors = status.get("errors") or []
                error = None
                if errors:
                    first = errors[0]
                    details = (first.get("error_data") or {}).get("details")
                    error = " - ".join(
                        str(part)
                        for part in (first.get("code"), first.get("title"), details)
                        if part
                    )
                statuses.append(
                    {
                        "id": status["id"],
                        "status": status.get("status"),
                        "timestamp": int(status.get("timestamp") or 0),
                        "error": error,
                    }
                )
    return messages, statuses


def next_state(current, new):
    """Delivery states only move forward (Meta may deliver ``read`` before ``delivered``);
    ``failed`` always wins."""
    if new == "failed":
        return "failed"
    if new not in STATUS_ORDER:
        return current
    if current == "failed":
        return current
    if STATUS_ORDER.get(new, 0) > STATUS_ORDER.get(current, 0):
        return new
    return current


def combined_state(states):
    """State of a message sent as several parts: ``failed`` when a part failed, else the
    state of the least advanced part (``read`` once every part is read)."""
    states = [state for state in states if state]
    if not states:
        return False
    if "failed" in states:
        return "failed"
    return min(states, key=lambda state: STATUS_ORDER.get(state, 0))
