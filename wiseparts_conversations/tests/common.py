import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.wiseparts_base.tests.common import WisepartsCommon

from ..services.whatsapp_api import sign

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
PHONE_NUMBER_ID = "109876543210"
FAILING_NUMBER = "33600000000"  # the fake Meta refuses to send to this number


class FakeServer:
    """A tiny HTTP server on 127.0.0.1 answering with ``handler(method, path, body, headers)``
    -> ``(status, payload)`` (payload: dict -> JSON, bytes as is). Requests are recorded."""

    def __init__(self, handler):
        self.handler = handler
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "body": body,
                        "headers": dict(self.headers),
                    }
                )
                status, payload = server.handler(self.command, self.path, body, self.headers)
                if isinstance(payload, (dict, list)):
                    data, content_type = json.dumps(payload).encode(), "application/json"
                elif isinstance(payload, bytes):
                    data, content_type = payload, "application/octet-stream"
                else:
                    data, content_type = str(payload).encode(), "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def json_requests(self, method="POST", path_part=""):
        return [
            json.loads(request["body"] or b"{}")
            for request in self.requests
            if request["method"] == method and path_part in request["path"]
        ]


class FakeMeta:
    """Meta's Graph API as far as WiseParts uses it."""

    def __init__(self):
        self.sent = 0
        self.uploaded = 0
        self.server = FakeServer(self.handle)
        self.url = self.server.url + "/v21.0"
        self.templates = []

    def handle(self, method, path, body, headers):
        if headers.get("Authorization") != "Bearer test-access-token":
            return 401, {"error": {"message": "Invalid OAuth access token", "code": 190}}
        if method == "POST" and path.endswith(f"/{PHONE_NUMBER_ID}/messages"):
            payload = json.loads(body)
            if payload.get("to") == FAILING_NUMBER:
                return 400, {
                    "error": {
                        "message": "(#131026) Message undeliverable",
                        "code": 131026,
                        "error_data": {"details": "Receiver is not a WhatsApp user"},
                    }
                }
            self.sent += 1
            return 200, {
                "messaging_product": "whatsapp",
                "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                "messages": [{"id": f"wamid.OUT{self.sent}"}],
            }
        if method == "POST" and path.endswith(f"/{PHONE_NUMBER_ID}/media"):
            self.uploaded += 1
            return 200, {"id": f"media-up{self.uploaded}"}
        if method == "GET" and "/message_templates" in path:
            return 200, {"data": self.templates, "paging": {"cursors": {}}}
        if method == "GET" and path.startswith("/v21.0/media-"):
            media_id = path.rsplit("/", 1)[-1]
            if media_id == "media-missing":
                return 404, {"error": {"message": "Media not found", "code": 100}}
            return 200, {"url": f"{self.server.url}/files/{media_id}", "mime_type": "image/jpeg"}
        if method == "GET" and path.startswith("/files/"):
            return 200, b"\xff\xd8\xff fake jpeg " + path.encode()
        return 404, {"error": {"message": f"unknown path {path}"}}


class FakeMetaAccountMixin:
    """A WhatsApp account on a fake Meta at 127.0.0.1, both kept for the whole test class."""

    @classmethod
    def _setup_fake_meta_account(cls):
        """Start ``cls.meta`` (a FakeMeta stopped after the class) and create ``cls.account``
        on it, with the access token the fake accepts and the secrets of ``signed``."""
        cls.meta = FakeMeta()
        cls.addClassCleanup(cls.meta.server.stop)
        cls.account = cls.env["wiseparts.whatsapp.account"].create(
            {
                "name": "Test WhatsApp",
                "graph_api_url": cls.meta.url,
                "phone_number_id": PHONE_NUMBER_ID,
                "business_account_id": "WABA1",
                "access_token": "test-access-token",
                "app_secret": APP_SECRET,
                "verify_token": VERIFY_TOKEN,
            }
        )


class InboxNotificationsMixin:
    """Which inboxes the bus tells of a new customer message."""

    def _notified_partners(self, conversation):
        """Partners whose inbox is told about a new customer message on ``conversation``."""
        Bus = self.env["bus.bus"].sudo()
        self.env.cr.precommit.run()  # (what earlier posts queued)
        Bus.search([]).unlink()
        conversation.with_context(
            wiseparts_channel="email", wiseparts_direction="inbound"
        ).message_post(
            body="Any news?",
            author_id=conversation.partner_id.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.env.cr.precommit.run()  # the bus sends at commit
        partners = self.env["res.partner"]
        for notification in Bus.search([]):
            message = json.loads(notification.message)
            if message["type"] == "wiseparts_conversations/updated":
                self.assertEqual(message["payload"], {"id": conversation.id}, "only the id")
                _db, model, res_id = json.loads(notification.channel)
                self.assertEqual(model, "res.partner")
                partners |= partners.browse(res_id)
        return partners


def webhook_payload(messages=(), statuses=(), phone_number_id=PHONE_NUMBER_ID, contacts=()):
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "33472000000", "phone_number_id": phone_number_id},
    }
    if contacts:
        value["contacts"] = [
            {"profile": {"name": name}, "wa_id": wa_id} for wa_id, name in contacts
        ]
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}],
    }


def text_message(wa_id, sender, text, timestamp=None):
    return {
        "from": sender,
        "id": wa_id,
        "timestamp": str(int(timestamp or time.time())),
        "type": "text",
        "text": {"body": text},
    }


def signed(payload, secret=APP_SECRET):
    body = json.dumps(payload).encode()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(secret, body)}


class ConversationsCommon(WisepartsCommon):
    @property
    def Conversation(self):
        return self.env["wiseparts.conversation"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Garage Alpha",
                "is_company": True,
                "email": "contact@garage-alpha.example",
                "phone": "+33 4 72 11 22 33",
                "country_id": cls.env.ref("base.fr").id,
                "user_id": cls.user_rep.id,
                "lang": "en_US",
            }
        )
        cls.contact = Partner.create(
            {
                "name": "Paul Alpha",
                "parent_id": cls.customer.id,
                "email": "paul@garage-alpha.example",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.customer2 = Partner.create(
            {
                "name": "Beta Motors",
                "is_company": True,
                "email": "hello@beta-motors.example",
                "user_id": cls.user_rep2.id,
            }
        )
        cls.tag = cls.env["wiseparts.conversation.tag"].create({"name": "Test urgent"})


class SenderRaceMixin:
    """Deliveries at the same moment, each in its own committed transaction (as two workers),
    for TransactionCase classes that commit their set-up through ``_in_new_env``."""

    def _in_new_env(self, func):
        with self.env.registry.cursor() as cr:
            return func(api.Environment(cr, SUPERUSER_ID, {}))

    def _deliver_at_once(self, keys, deliver, context=None, retry=True):
        """Run ``deliver(env, key)`` for every key in its own thread and transaction, all
        snapshots taken before any commits. With ``retry``, a serialization failure runs the
        delivery again, as Odoo's ``retrying`` does with a request (not called: it looks the
        registry up, which waits for the test runner's lock). Checks no ERROR is logged, no
        thread hangs and none fails; returns the keys that were run again."""
        barrier, errors, retries = threading.Barrier(len(keys)), [], []

        def run(key):
            try:
                with self.env.registry.cursor() as cr:
                    # the registry is given: looking it up would wait for the runner's lock
                    cr.transaction = api.Transaction(self.env.registry)
                    env = api.Environment(cr, SUPERUSER_ID, context or {})
                    # this transaction's snapshot is taken before the others commit
                    cr.execute(SQL("SELECT 1 FROM res_partner LIMIT 1"))
                    barrier.wait(timeout=30)
                    for tries_left in reversed(range(3 if retry else 1)):
                        try:
                            deliver(env, key)
                            env.flush_all()
                            break
                        except SerializationFailure:
                            if not retry or not tries_left:
                                raise
                            retries.append(key)
                            cr.rollback()
            except Exception as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(key,)) for key in keys]
        with self.assertNoLogs("odoo", "ERROR"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse([thread for thread in threads if thread.is_alive()], "deadlock")
        self.assertEqual(errors, [])
        return retries
