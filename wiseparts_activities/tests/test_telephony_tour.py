from odoo.tests import HttpCase, tagged

from .test_telephony import TelephonyFixtures


@tagged("post_install", "-at_install")
class TestScreenPopTour(TelephonyFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_telephony()

    def test_operator_gets_screen_pop_and_logs_the_call(self):
        self.url_open(
            f"/wiseparts/telephony/{self.secret}",
            data='{"event": "ringing", "call_id": "tour-call-1", "direction": "inbound", '
            '"from": "+3224561234", "to": "101", "agent": "101", '
            '"timestamp": "2026-03-02T09:00:00Z"}',
            headers={"Content-Type": "application/json"},
        ).raise_for_status()
        call = self._call("tour-call-1")
        self.assertEqual(call.user_id, self.operator)
        self.start_tour("/odoo", "wiseparts_screen_pop_tour", login="wp_operator")
        self.assertEqual(call.state, "done")
        self.assertEqual(call.report_summary, "Asked for brake pads prices")
