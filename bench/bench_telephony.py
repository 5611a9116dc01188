#!/usr/bin/env python3
"""Benchmark of the telephony webhook under concurrent, shuffled, retried events.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_telephony.py                  # 250 calls, 1,000 events, 10 clients
    python3 bench/bench_telephony.py --calls 50       # quicker

It installs wiseparts_activities in a throw-away database, creates 50 customers with phone
numbers in various formats, 5 agents with extensions and a telephony integration, starts Odoo
with --workers=2, then 10 clients post the 1,000 events of 250 calls (each call: ringing,
answered or missed, ended, plus one event sent twice as a PBX retry would) in a shuffled
order, as fast as they go, retrying on errors (5xx, connection errors) up to 5 times.
One call in five is from an unknown number (several calls share each unknown number).

Printed: throughput (events/s), p50/p95 of the webhook, lost events (never accepted after
the retries) next to Odoo's cheapest JSON route (/web/webclient/version_info) measured by
the same clients in the same run; then the check: exactly --calls call activities, each with
the expected outcome, one event row per (call, event), one contact per unknown number.
"""

import argparse
import functools
import json
import random
import statistics
import sys
import threading
import time

import requests
from _common import database, percentile, run_clients, say

SETUP = r"""
import json
from odoo.addons.wiseparts_base.services.secret import hash_secret
env = env(context=dict(env.context, tracking_disable=True))
env.company.country_id = env.ref("base.be")
agents = env["res.users"].create([
    {"name": f"Bench agent {i}", "login": f"bench_agent_{i}",
     "wiseparts_phone_extension": str(100 + i),
     "groups_id": [(6, 0, [env.ref("wiseparts_activities.group_callcenter_operator").id])]}
    for i in range(1, 6)
])
formats = ["+32 2 400 {:02d} {:02d}", "02/400.{:02d}.{:02d}", "0032 2 400 {:02d} {:02d}"]
env["res.partner"].create([
    {"name": f"Bench garage {i}", "is_company": True, "user_id": agents[i % 5].id,
     "phone": formats[i % 3].format(i // 100, i % 100)}
    for i in range(50)
])
integration = env["wiseparts.telephony.integration"].create({"name": "Bench PBX"})
url = integration.sudo().action_generate_url()["url"]
env.cr.commit()
print("BENCH-JSON " + json.dumps({"secret": url.rsplit("/", 1)[1]}))
"""

CHECK = r"""
import json
from collections import Counter
calls = env["wiseparts.activity"].search([("telephony_call_id", "!=", False)])
events = env["wiseparts.telephony.event"].search([])
per_key = Counter((e.call_id, e.event) for e in events)
qualify = env.ref("wiseparts_activities.partner_category_to_qualify")
new_contacts = env["res.partner"].search([("category_id", "in", qualify.ids)])
print("BENCH-JSON " + json.dumps({
    "outcomes": {c.telephony_call_id: c.call_outcome or "" for c in calls},
    "activities": len(calls),
    "events": len(events),
    "duplicated_event_rows": sum(1 for n in per_key.values() if n > 1),
    "new_contacts": len(new_contacts),
    "new_contact_numbers": len(set(new_contacts.mapped("phone"))),
}))
"""


def make_calls(count, seed=42):
    """count calls → (events, {call_id: expected outcome}, unknown numbers)."""
    rng = random.Random(seed)
    events, expected, unknown = [], {}, set()
    start = 1767261600  # 2026-01-01 10:00 UTC
    for index in range(count):
        call_id = f"bench-{index:05d}"
        if index % 5 == 4:
            number = f"+32 3 500 00 {index % 7:02d}"  # 7 unknown numbers
            unknown.add(number)
        else:
            i = rng.randrange(50)
            number = f"+32 2 400 {i // 100:02d} {i % 100:02d}"
        kind = rng.choices(["answered", "missed", "outbound"], [60, 25, 15])[0]
        direction = "outbound" if kind == "outbound" else "inbound"
        answered = kind == "answered" or (kind == "outbound" and rng.random() < 0.5)
        agent = str(101 + rng.randrange(5))
        t0 = start + index * 30

        base = {
            "call_id": call_id,
            "direction": direction,
            "t0": t0,
            "number": number,
            "extension": agent,
        }

        def event(name, offset, agent=agent, base=base, **extra):
            # the extension rung or calling is always sent; "agent" is empty when nobody
            # took the call
            inbound = base["direction"] == "inbound"
            extension = base["extension"]
            return {
                "event": name,
                "call_id": base["call_id"],
                "direction": base["direction"],
                "from": base["number"] if inbound else extension,
                "to": extension if inbound else base["number"],
                "agent": agent,
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base["t0"] + offset)),
                **extra,
            }

        if answered:
            call = [
                event("ringing", 0),
                event("answered", 8),
                event("ended", 98, duration=90),
            ]
            expected[call_id] = "answered"
        else:
            call = [
                event("ringing", 0),
                event("missed", 30, agent=""),
                event("ended", 31, agent="", duration=0),
            ]
            expected[call_id] = "missed" if direction == "inbound" else "no_answer"
        call.append(rng.choice(call))  # a PBX retry: the same event twice
        events.extend(call)
    rng.shuffle(events)
    return events, expected, unknown


def post_all(base, secret, events, clients, tries=5):
    """Post `events` from `clients` clients; return (latencies, lost, refused, retries,
    seconds)."""
    url = f"{base}/wiseparts/telephony/{secret}"
    latencies, lost, refused = [], [], []
    retries = [0]
    lock = threading.Lock()

    def post(event, session, _state):
        body = json.dumps(event)
        for attempt in range(tries):
            start = time.perf_counter()
            try:
                response = session.post(
                    url, data=body, headers={"Content-Type": "application/json"}, timeout=60
                )
                ok = response.status_code == 200
                if 400 <= response.status_code < 500:  # final: the event is refused
                    with lock:
                        refused.append((response.status_code, response.text))
                    break
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok and attempt < tries - 1:
                    retries[0] += 1
            if ok:
                break
            time.sleep(0.05 * 2**attempt)
        else:
            with lock:
                lost.append(event)

    _none, seconds = run_clients(clients, [functools.partial(post, event) for event in events])
    return latencies, lost, refused, retries[0], seconds


def reference(base, clients, count):
    """Odoo's cheapest JSON route, same clients: latencies and seconds."""
    url = f"{base}/web/webclient/version_info"
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}})

    def version_info(session, _state):
        start = time.perf_counter()
        session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=60)
        return time.perf_counter() - start

    return run_clients(clients, [version_info] * (count // clients * clients))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=250)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with database("wiseparts_activities", "tel", args.keep) as bench:
        data = bench.shell(SETUP, "setup.log")
        events, expected, unknown = make_calls(args.calls)
        with bench.server() as base:
            reference(base, args.clients, 100)  # warm up both workers
            ref_lat, ref_secs = reference(base, args.clients, len(events))
            say(f"posting {len(events)} events of {args.calls} calls, {args.clients} clients")
            lat, lost, refused, retries, secs = post_all(base, data["secret"], events, args.clients)
        check = bench.shell(CHECK, "check.log")

    wrong = {
        call_id: (outcome, check["outcomes"].get(call_id))
        for call_id, outcome in expected.items()
        if check["outcomes"].get(call_id) != outcome
    }
    p95 = percentile(lat, 95) * 1000
    ref_p95 = percentile(ref_lat, 95) * 1000
    print()
    print(f"{args.calls} calls, {len(events)} events, {args.clients} clients, --workers=2")
    print(f"{'route':<34}{'req':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    print(
        f"{'reference version_info (JSON)':<34}{len(ref_lat):>6}{len(ref_lat) / ref_secs:>8.0f}"
        f"{statistics.median(ref_lat) * 1000:>9.0f}{ref_p95:>9.0f}"
    )
    print(
        f"{'telephony webhook':<34}{len(lat):>6}{len(events) / secs:>8.0f}"
        f"{statistics.median(lat) * 1000:>9.0f}{p95:>9.0f}"
        f"   ({p95 / ref_p95:.1f}x reference p95)"
    )
    print(f"retries: {retries}   lost events: {len(lost)}   refused (4xx): {len(refused)}")
    if refused:
        print("  first refused:", refused[0])
    print(
        f"call activities: {check['activities']} (expected {args.calls})   "
        f"wrong outcomes: {len(wrong)}   event rows: {check['events']} "
        f"(expected {len(events) - args.calls})   duplicated event rows: "
        f"{check['duplicated_event_rows']}"
    )
    print(
        f"contacts to qualify: {check['new_contacts']} for {len(unknown)} unknown numbers "
        f"({check['new_contact_numbers']} distinct)"
    )
    ok = (
        not lost
        and not refused
        and not wrong
        and check["activities"] == args.calls
        and check["events"] == len(events) - args.calls
        and check["new_contacts"] == len(unknown)
    )
    print("result:", "OK" if ok else "FAILED", list(wrong.items())[:5] if wrong else "")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
