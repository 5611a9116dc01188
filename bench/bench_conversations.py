#!/usr/bin/env python3
"""Benchmark of the WhatsApp webhook against Odoo's own chatter post, in the same run.

How to run (from the repository root, PostgreSQL and Odoo 18 as for `make test`):

    python3 bench/bench_conversations.py                     # 100,000 customers, 200 posts
    python3 bench/bench_conversations.py --customers 20000   # quicker
    python3 bench/bench_conversations.py --keep              # keep the database, then
    python3 bench/bench_conversations.py --reuse-db wp_bench_conv_NNN

It copies the `make test` template database, installs wiseparts_conversations and
wiseparts_demo, creates --customers customers with the demo generator's bulk mode (COPY;
plain SQL INSERTs when it is unavailable), gives every customer an E.164 mobile number (the
indexed column the webhook matches on), creates a WhatsApp account and a salesperson who may
post on every customer, then starts Odoo with --workers=2 and measures, with --clients
concurrent clients, interleaved in the same seconds:

- reference: POST /mail/message/post (Odoo's own chatter route, JSON-RPC, logged-in user)
  posting the text as a message on the customer (res.partner);
- webhook:   POST /wiseparts/whatsapp/webhook/<account> with a payload signed with
  X-Hub-Signature-256 (HMAC-SHA256), the same text from the customer's number: matching by
  phone, the conversation, the message, the figures, in the request.

Before measuring, one message per sender is posted (warm-up: the conversations exist, as in
daily use). It prints p50/p95 (ms) and the ratio of the p95s (target <= 1.5x), then re-sends
20 of the webhook payloads (Meta's retries) and checks that every message is stored exactly
once. The database is dropped at the end (--keep keeps it).
"""

import argparse
import hashlib
import hmac
import json
import sys
import threading
import time

from _common import database, percentile, print_latencies, run_clients, say

TARGET = 1.5
APP_SECRET = "bench-app-secret"  # noqa: S105 - throw-away benchmark database
PHONE_NUMBER_ID = "100200300400500"

SETUP = r"""
import json, time
from datetime import date
N = int(N_CUSTOMERS)
SENDERS = int(N_SENDERS)
started = time.perf_counter()
source = "demo generator (bulk)"
try:
    from odoo.addons.wiseparts_demo.services.demo_data import generate
    generate(env, seed=1, customers=N, products=50, months=1, lines=100, brands=5, bulk=True,
             today=date(2026, 6, 30))
    env.cr.commit()
except (ImportError, NotImplementedError, TypeError) as exc:
    env.cr.rollback()
    print("demo generator bulk mode unavailable (%r): plain SQL" % (exc,))
    source = "plain SQL"
    env.cr.execute('''
        INSERT INTO res_partner (name, complete_name, active, is_company, customer_rank,
                                 supplier_rank, type, autopost_bills, lang, create_date,
                                 write_date)
        SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, TRUE, 1, 0, 'contact',
               'ask', 'en_US', now(), now()
          FROM generate_series(1, %s) g''', (N,))
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id "
                   "WHERE commercial_partner_id IS NULL")
    env.cr.commit()
# every customer gets a distinct E.164 mobile (what the ORM compute stores), in one statement
env.cr.execute('''
    UPDATE res_partner
       SET mobile = '+33 7 ' || lpad(id::text, 8, '0'),
           wiseparts_mobile_e164 = '+337' || lpad(id::text, 8, '0')
     WHERE is_company AND customer_rank > 0 AND parent_id IS NULL''')
env.cr.commit()
env.invalidate_all()
customers = env["res.partner"].search(
    [("is_company", "=", True), ("customer_rank", ">", 0), ("wiseparts_mobile_e164", "!=", False)],
    order="id", limit=SENDERS)
rep = env["res.users"].create({
    "name": "Bench Rep", "login": "bench_rep", "password": "bench_rep_pw",
    "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman_all_leads").id])],
})
account = env["wiseparts.whatsapp.account"].create({
    "name": "Bench WhatsApp", "phone_number_id": "PHONE_NUMBER_ID",
    "graph_api_url": "http://127.0.0.1:9/v21.0", "access_token": "bench",
    "app_secret": "APP_SECRET", "verify_token": "bench",
})
env.cr.commit()
data = {
    "account_id": account.id,
    "senders": [[c.id, c.wiseparts_mobile_e164.lstrip("+")] for c in customers],
    "customers": env["res.partner"].search_count([("customer_rank", ">", 0)]),
    "source": source,
    "seconds": round(time.perf_counter() - started),
}
env["ir.config_parameter"].set_param("bench_conversations.data", json.dumps(data))
env.cr.commit()
print("BENCH-JSON " + json.dumps(data))
"""

COUNT = r"""
import json
env.cr.execute("SELECT count(*), count(DISTINCT wiseparts_wa_id) FROM mail_message "
               "WHERE wiseparts_wa_id LIKE 'wamid.BENCH%'")
print("BENCH-JSON " + json.dumps(env.cr.fetchone()))
"""


def payload(wa_id, sender, text):
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": PHONE_NUMBER_ID},
                            "contacts": [{"wa_id": sender, "profile": {"name": "Bench"}}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": wa_id,
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    raw = json.dumps(body).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}


def _measure(base, data, args):
    url = f"{base}/wiseparts/whatsapp/webhook/{data['account_id']}"
    senders = data["senders"]
    results = {"reference /mail/message/post": [], "webhook": []}
    sent_payloads = []
    lock = threading.Lock()

    def login(session, state):
        if state.get("logged"):
            return
        response = session.post(
            base + "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": args.db_name, "login": "bench_rep", "password": "bench_rep_pw"},
            },
            timeout=60,
        )
        if "error" in response.json():
            raise RuntimeError(response.json()["error"])
        state["logged"] = True

    def webhook(i, measured, tag):
        _partner_id, number = senders[i % len(senders)]
        raw, headers = payload(f"wamid.BENCH{tag}{i}", number, f"Need 4 brake pads, ref {i}")

        def job(session, state):
            start = time.perf_counter()
            response = session.post(url, data=raw, headers=headers, timeout=120)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"webhook -> {response.status_code}")
            with lock:
                if measured:
                    results["webhook"].append(elapsed)
                sent_payloads.append((raw, headers))

        return job

    def reference(i, measured):
        partner_id, _number = senders[i % len(senders)]

        def job(session, state):
            login(session, state)
            start = time.perf_counter()
            response = session.post(
                base + "/mail/message/post",
                json={
                    "jsonrpc": "2.0",
                    "params": {
                        "thread_model": "res.partner",
                        "thread_id": partner_id,
                        "post_data": {
                            "body": f"Need 4 brake pads, ref {i}",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                    },
                },
                timeout=120,
            )
            elapsed = time.perf_counter() - start
            if response.status_code != 200 or "error" in response.json():
                raise RuntimeError(f"post -> {response.status_code} {response.text[:300]}")
            with lock:
                if measured:
                    results["reference /mail/message/post"].append(elapsed)

        return job

    say(f"warm-up: one webhook message per sender ({len(senders)}) and as many chatter posts")
    warm = []
    for i in range(len(senders)):
        warm += [webhook(i, False, "W"), reference(i, False)]
    run_clients(args.clients, warm)
    say(f"measuring {args.requests} webhook POSTs and {args.requests} chatter posts, interleaved")
    jobs = []
    for i in range(args.requests):
        jobs += [webhook(i, True, "M"), reference(i, True)]
    run_clients(args.clients, jobs)
    say("Meta's retries: 20 payloads sent again")

    def retry(raw, headers):
        def job(session, state):
            session.post(url, data=raw, headers=headers, timeout=120)

        return job

    retries = [retry(raw, headers) for raw, headers in sent_payloads[-20:]]
    run_clients(args.clients, retries)
    _report(results, data, args)
    return len(senders) + args.requests


def _report(results, data, args):
    print()
    print(
        f"{data['customers']} customers ({data['source']}), {len(data['senders'])} senders, "
        f"{args.clients} concurrent clients, Odoo --workers=2"
    )
    reference = "reference /mail/message/post"
    reference_p95 = print_latencies(results, reference, "request", 32, "p95 / reference")
    ratio = percentile(results["webhook"], 95) / reference_p95
    print(
        f"\ntarget: webhook p95 <= {TARGET}x /mail/message/post p95 -> {ratio:.2f}x "
        f"{'OK' if ratio <= TARGET else 'MISSED'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--senders", type=int, default=200)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200, help="per kind")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse-db", help="measure again on a database kept with --keep")
    args = parser.parse_args()

    addons = "wiseparts_conversations,wiseparts_demo"
    with database(addons, "conv", args.keep, args.reuse_db) as bench:
        args.db_name = bench.name
        if args.reuse_db:
            data = bench.stored_json("bench_conversations.data")
        else:
            say(f"creating {args.customers} customers")
            setup = (
                SETUP.replace("N_CUSTOMERS", str(args.customers))
                .replace("N_SENDERS", str(args.senders))
                .replace("PHONE_NUMBER_ID", PHONE_NUMBER_ID)
                .replace("APP_SECRET", APP_SECRET)
            )
            data = bench.shell(setup, "setup.log")
            say(f"data created in {data['seconds']} s")
        with bench.server() as base:
            expected = _measure(base, data, args)
        stored, distinct = bench.shell(COUNT, "count.log")
        ok = stored == distinct == expected
        print(
            f"stored exactly once: {stored} messages, {distinct} distinct Meta ids, "
            f"{expected} expected -> {'OK' if ok else 'WRONG'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
