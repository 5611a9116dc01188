import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from odoo.tests import TransactionCase, tagged


class FakeNominatim(BaseHTTPRequestHandler):
    """Knows Lyon; answers 500 for 'Broken'; nothing for the rest. Records each request."""

    requests = []

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)["q"][0]
        FakeNominatim.requests.append((time.monotonic(), query))
        if "Broken" in query:
            self.send_response(500)
            self.end_headers()
            return
        body = [{"lat": "45.7578", "lon": "4.8320"}] if "Lyon" in query else []
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestGeocode(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.shutdown)
        cls.env["ir.config_parameter"].sudo().set_param(
            "wiseparts_territory.nominatim_url",
            f"http://127.0.0.1:{cls.server.server_address[1]}/search",
        )
        Partner = cls.env["res.partner"]
        # only these customers need geocoding in this test (demo data may hold others)
        Partner.search(Partner._wiseparts_geocode_domain()).write(
            {"wiseparts_geocode_state": "failed"}
        )
        cls.lyon1, cls.lyon2, cls.nowhere, cls.broken = Partner.create(
            [
                {
                    "name": "A",
                    "customer_rank": 1,
                    "street": "1 rue X",
                    "zip": "69001",
                    "city": "Lyon",
                },
                {
                    "name": "B",
                    "customer_rank": 1,
                    "street": "1 rue X",
                    "zip": "69001",
                    "city": "Lyon",
                },
                {"name": "C", "customer_rank": 1, "city": "Nowhere"},
                {"name": "D", "customer_rank": 1, "city": "Broken"},
            ]
        )

    def setUp(self):
        super().setUp()
        FakeNominatim.requests = []

    def test_geocodes_caches_paces_and_lists_failures(self):
        done = self.env["res.partner"]._wiseparts_cron_geocode()
        self.assertEqual(done, 4)
        self.assertAlmostEqual(self.lyon1.partner_latitude, 45.7578)
        self.assertAlmostEqual(self.lyon2.partner_longitude, 4.832)
        # same address asked once; three distinct addresses, at least a second apart
        self.assertEqual(len(FakeNominatim.requests), 3)
        times = [t for t, _q in FakeNominatim.requests]
        self.assertTrue(all(b - a >= 0.95 for a, b in itertools.pairwise(times)))
        self.assertEqual(self.nowhere.wiseparts_geocode_state, "failed")
        self.assertIn("not found", self.nowhere.wiseparts_geocode_message)
        self.assertEqual(self.broken.wiseparts_geocode_state, "failed")
        self.assertIn("500", self.broken.wiseparts_geocode_message)
        mine = self.lyon1 | self.lyon2 | self.nowhere | self.broken
        failed = self.env["res.partner"].search(
            [("wiseparts_geocode_state", "=", "failed"), ("id", "in", mine.ids)]
        )
        self.assertEqual(failed, self.nowhere | self.broken)
        # a second run asks nothing: failures wait for an address change
        FakeNominatim.requests = []
        self.assertEqual(self.env["res.partner"]._wiseparts_cron_geocode(), 0)
        self.assertEqual(FakeNominatim.requests, [])
        self.nowhere.write({"city": "Lyon"})
        self.assertFalse(self.nowhere.wiseparts_geocode_state)
        self.assertEqual(self.env["res.partner"]._wiseparts_cron_geocode(), 1)
        self.assertAlmostEqual(self.nowhere.partner_latitude, 45.7578)
