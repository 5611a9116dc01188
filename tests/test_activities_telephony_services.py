"""Pure-Python tests of wiseparts_activities/services/telephony.py."""

import importlib.util
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "wiseparts_activities" / "services" / "telephony.py"
spec = importlib.util.spec_from_file_location("wp_telephony_services", PATH)
services = importlib.util.module_from_spec(spec)
spec.loader.exec_module(services)

EVENT = {
    "event": "ringing",
    "call_id": "abc-1",
    "direction": "inbound",
    "from": "+32 2 456 12 34",
    "to": "101",
    "agent": "101",
    "timestamp": "2026-03-02T10:00:00+01:00",
}


def test_parse_event_normalises():
    event = services.parse_event(json.dumps(EVENT).encode())
    assert event["timestamp"] == datetime(2026, 3, 2, 9, 0, 0)
    assert event["number_from"] == "+32 2 456 12 34"
    assert services.remote_number(event) == "+32 2 456 12 34"
    assert services.parse_event(json.dumps({**EVENT, "timestamp": "2026-03-02T09:00:00"}))[
        "timestamp"
    ] == datetime(2026, 3, 2, 9, 0, 0)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{", "malformed JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b"null", "JSON object"),
        (json.dumps({**EVENT, "call_id": None}), "call_id"),
        (json.dumps({**EVENT, "call_id": 12}), "call_id"),
        (json.dumps({**EVENT, "event": "hold"}), "event"),
        (json.dumps({**EVENT, "direction": "in"}), "direction"),
        (json.dumps({**EVENT, "timestamp": "02/03/2026"}), "timestamp"),
        (json.dumps({**EVENT, "duration": "90"}), "duration"),
        (json.dumps({**EVENT, "duration": True}), "duration"),
        (json.dumps({**EVENT, "agent": ["101"]}), "agent"),
        (b"{" + b" " * 20000 + b"}", "larger"),
    ],
)
def test_parse_event_refuses(body, reason):
    with pytest.raises(services.EventError, match=reason):
        services.parse_event(body)


def _events(*names, direction="inbound"):
    base = datetime(2026, 3, 2, 9, 0, 0)
    offsets = {"ringing": 0, "answered": 10, "ended": 100, "missed": 30}
    return [
        {
            "event": name,
            "timestamp": base + timedelta(seconds=offsets[name]),
            "agent": "" if name == "missed" else "101",
            "duration": 90 if name == "ended" else None,
            "direction": direction,
        }
        for name in names
    ]


def test_call_summary_is_order_independent():
    events = _events("ringing", "answered", "ended")
    expected = services.call_summary(events)
    assert expected["outcome"] == "answered"
    assert expected["duration"] == 90
    assert expected["finished"]
    rng = random.Random(1)
    for _i in range(10):
        rng.shuffle(events)
        assert services.call_summary(events) == expected


def test_call_summary_outcomes():
    assert services.call_summary(_events("ringing"))["outcome"] is False
    assert services.call_summary(_events("ringing", "missed"))["outcome"] == "missed"
    assert services.call_summary(_events("ringing", "ended"))["outcome"] == "missed"
    outbound = services.call_summary(_events("ringing", "ended", direction="outbound"))
    assert outbound["outcome"] == "no_answer"
    assert outbound["duration"] == 0
