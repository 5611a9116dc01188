"""Pure helpers of the telephony webhook (no Odoo import: unit-tested in tests/).

The webhook's secret and the numbers of calls go through wiseparts_base's helpers
(services/secret.py, services/phone.py).
"""

import json
from datetime import UTC, datetime

MAX_BODY_BYTES = 16384
MAX_TEXT = 128

EVENTS = ("ringing", "answered", "ended", "missed")
DIRECTIONS = ("inbound", "outbound")
REQUIRED = ("event", "call_id", "direction", "from", "to", "timestamp")


class EventError(ValueError):
    """A malformed event; the message is the reason given back to the phone system."""


def parse_timestamp(value):
    """ISO 8601 text → naive UTC datetime (no offset: taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        raise EventError("timestamp: an ISO 8601 date and time is required")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise EventError(f"timestamp: {value!r} is not an ISO 8601 date and time") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def parse_event(body):
    """Raw request body (bytes or str) → the event as a dict with normalised values.

    Raises EventError with the reason when the body is not a JSON object with the fields of
    the webhook contract (see readme/CONFIGURE.md)."""
    if isinstance(body, bytes | bytearray):
        if len(body) > MAX_BODY_BYTES:
            raise EventError(f"body larger than {MAX_BODY_BYTES} bytes")
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EventError("body is not UTF-8") from exc
    try:
        data = json.loads(body)
    except (TypeError, ValueError) as exc:
        raise EventError(f"malformed JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise EventError("the body must be a JSON object")
    missing = [key for key in REQUIRED if data.get(key) in (None, "")]
    if missing:
        raise EventError("missing field(s): " + ", ".join(missing))
    for key in ("event", "call_id", "direction", "from", "to"):
        if not isinstance(data[key], str) or len(data[key]) > MAX_TEXT:
            raise EventError(f"{key}: a text of at most {MAX_TEXT} characters is expected")
    if data["event"] not in EVENTS:
        raise EventError("event: one of " + ", ".join(EVENTS) + " is expected")
    if data["direction"] not in DIRECTIONS:
        raise EventError("direction: inbound or outbound is expected")
    agent = data.get("agent") or ""
    if not isinstance(agent, str) or len(agent) > MAX_TEXT:
        raise EventError(f"agent: a text of at most {MAX_TEXT} characters is expected")
    duration = data.get("duration")
    if duration is not None:
        if isinstance(duration, bool) or not isinstance(duration, int | float):
            raise EventError("duration: a number of seconds is expected")
        if duration < 0 or duration > 7 * 24 * 3600:
            raise EventError("duration: between 0 and 604800 seconds is expected")
        duration = round(duration)
    return {
        "event": data["event"],
        "call_id": data["call_id"].strip(),
        "direction": data["direction"],
        "number_from": data["from"].strip(),
        "number_to": data["to"].strip(),
        "agent": agent.strip(),
        "timestamp": parse_timestamp(data["timestamp"]),
        "duration": duration,
    }


def remote_number(event):
    """The customer's side of a call: the caller of an inbound call, the callee otherwise."""
    return event["number_from"] if event["direction"] == "inbound" else event["number_to"]


def call_summary(events):
    """Outcome of one call from the set of its events received so far (any order).

    `events`: [{"event", "timestamp", "agent", "duration", "direction"}].
    Returns {"start", "stop", "outcome", "finished", "duration", "agent"}: what the call
    activity shows; the same whatever order the events came in.
    """
    by_kind = {event["event"]: event for event in events}
    start = min(event["timestamp"] for event in events)
    finished = "ended" in by_kind or "missed" in by_kind
    answered = "answered" in by_kind
    direction = events[0]["direction"]
    if answered:
        outcome = "answered"
    elif finished:
        outcome = "missed" if direction == "inbound" else "no_answer"
    else:
        outcome = False
    end_event = by_kind.get("ended") or by_kind.get("missed")
    stop = max(end_event["timestamp"], start) if end_event else None
    duration = 0
    if answered and by_kind.get("ended"):
        ended = by_kind["ended"]
        if ended.get("duration") is not None:
            duration = ended["duration"]
        else:
            duration = max(
                0, int((ended["timestamp"] - by_kind["answered"]["timestamp"]).total_seconds())
            )
    agent = ""
    for kind in ("answered", "ringing", "ended", "missed"):
        if kind in by_kind and by_kind[kind].get("agent"):
            agent = by_kind[kind]["agent"]
            break
    return {
        "start": start,
        "stop": stop,
        "outcome": outcome,
        "finished": finished,
        "duration": duration,
        "agent": agent,
    }
