import json
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.wiseparts_base.services.secret import hash_secret
from odoo.addons.wiseparts_base.tests.common import assert_views_readable

from ..services.telephony import parse_event

T0 = datetime(2026, 3, 2, 9, 0, 0)


def ts(minutes=0, seconds=0):
    return (T0 + timedelta(minutes=minutes, seconds=seconds)).isoformat() + "Z"


class TelephonyFixtures:
    """A Belgian company, a customer with a national-format number and a contact person,
    call-centre operators with extensions, a manager and an integration."""

    @classmethod
    def _setup_telephony(cls):
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.company = env.company
        cls.company.country_id = env.ref("base.be")
        cls.company.wiseparts_callback_delay = 15
        cls.operator = new_test_user(
            env,
            login="wp_operator",
            groups="wiseparts_activities.group_callcenter_operator",
            name="Olga Operator",
        )
        cls.operator.wiseparts_phone_extension = "101"
        cls.operator2 = new_test_user(
            env,
            login="wp_operator2",
            email="paul.phone@example.com",
            groups="wiseparts_activities.group_callcenter_operator",
            name="Paul Phone",
        )
        cls.operator2.wiseparts_phone_extension = "102"
        cls.cc_manager = new_test_user(
            env,
            login="wp_cc_manager",
            groups="wiseparts_activities.group_callcenter_manager",
            name="Carla Centre",
        )
        cls.rep = new_test_user(
            env, login="wp_tel_rep", groups="sales_team.group_sale_salesman", name="Rita Rep"
        )
        cls.rep2 = new_test_user(
            env, login="wp_tel_rep2", groups="sales_team.group_sale_salesman", name="Oscar Other"
        )
        cls.sysadmin = new_test_user(
            env,
            login="wp_tel_admin",
            groups="base.group_system,sales_team.group_sale_manager",
            name="Adam Admin",
        )
        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Garage Dupont",
                "is_company": True,
                "phone": "02 456 12 34",
                "country_id": env.ref("base.be").id,
                "user_id": cls.rep.id,
            }
        )
        cls.contact = Partner.create(
            {
                "name": "Jean Dupont",
                "parent_id": cls.customer.id,
                "mobile": "+32 470 12 34 56",
                "country_id": env.ref("base.be").id,
            }
        )
        cls.customer_fr = Partner.create(
            {
                "name": "Pièces Martin",
                "is_company": True,
                "phone": "0033 1 23 45 67 89",
                "user_id": cls.rep2.id,
            }
        )
        cls.orphan = Partner.create(
            {"name": "Garage Sans Vendeur", "is_company": True, "phone": "+32 9 222 33 44"}
        )
        cls.integration = env["wiseparts.telephony.integration"].create({"name": "Office PBX"})
        cls.secret = "test-secret-" + "x" * 20
        cls.integration.sudo().token_hash = hash_secret(cls.secret)
        cls.Activity = env["wiseparts.activity"]

    @classmethod
    def _event(cls, event, call_id, number="+3224561234", direction="inbound", minutes=0, **kw):
        payload = {
            "event": event,
            "call_id": call_id,
            "direction": direction,
            "from": number if direction == "inbound" else "101",
            "to": "101" if direction == "inbound" else number,
            "agent": kw.pop("agent", "101"),
            "timestamp": ts(minutes, kw.pop("seconds", 0)),
        }
        payload.update(kw)
        return payload

    def _call(self, call_id):
        return self.Activity.search([("telephony_call_id", "=", call_id)])


@tagged("post_install", "-at_install")
class TestTelephonyWebhook(TelephonyFixtures, HttpCase):
    """The webhook as the phone system sees it: HTTP status, idempotency, order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_telephony()

    def _post(self, payload, secret=None):
        body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
        return self.url_open(
            f"/wiseparts/telephony/{secret or self.secret}",
            data=body,
            headers={"Content-Type": "application/json"},
        )

    def _assert_answered_call(self, call_id):
        call = self._call(call_id)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.kind, "call")
        self.assertEqual(call.type_id, self.env.ref("wiseparts_activities.activity_type_call"))
        self.assertEqual(call.partner_id, self.customer)
        self.assertEqual(call.user_id, self.operator)
        self.assertEqual(call.call_direction, "inbound")
        self.assertEqual(call.call_outcome, "answered")
        self.assertEqual(call.call_duration, 95)
        self.assertEqual(call.call_number, "+3224561234")
        self.assertEqual(call.start, T0)
        self.assertEqual(call.stop, T0 + timedelta(minutes=2))
        self.assertEqual(call.state, "planned", "an answered call waits for its agent's log")
        self.assertFalse(call.call_callback_state)
        return call

    def test_ring_answer_end(self):
        for payload in (
            self._event("ringing", "c-1"),
            self._event("answered", "c-1", seconds=25),
            self._event("ended", "c-1", minutes=2, duration=95),
        ):
            response = self._post(payload)
            self.assertEqual(response.status_code, 200, response.text)
            self.assertEqual(response.json()["status"], "ok")
        self._assert_answered_call("c-1")
        events = self.env["wiseparts.telephony.event"].search([("call_id", "=", "c-1")])
        self.assertEqual(sorted(events.mapped("event")), ["answered", "ended", "ringing"])

    def test_ring_missed(self):
        self._post(self._event("ringing", "c-2"))
        self._post(self._event("missed", "c-2", minutes=1, agent=""))
        call = self._call("c-2")
        self.assertEqual(call.call_outcome, "missed")
        self.assertEqual(call.state, "done")
        self.assertEqual(call.call_duration, 0)
        self.assertEqual(call.call_callback_state, "pending")
        self.assertEqual(call.call_callback_due, T0 + timedelta(minutes=16))

    def test_duplicates_change_nothing(self):
        first = self._post(self._event("ringing", "c-3"))
        self._post(self._event("answered", "c-3", seconds=25))
        ended = self._event("ended", "c-3", minutes=2, duration=95)
        self._post(ended)
        again = self._post(ended)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["status"], "duplicate")
        self.assertEqual(again.json()["activity_id"], first.json()["activity_id"])
        retry = self._post(self._event("ringing", "c-3"))
        self.assertEqual(retry.json()["status"], "duplicate")
        self._assert_answered_call("c-3")
        self.assertEqual(
            self.env["wiseparts.telephony.event"].search_count([("call_id", "=", "c-3")]), 3
        )

    def test_out_of_order(self):
        self._post(self._event("ended", "c-4", minutes=2, duration=95))
        call = self._call("c-4")
        self.assertEqual(call.call_outcome, "missed", "no answer seen yet")
        self._post(self._event("answered", "c-4", seconds=25))
        self._post(self._event("ringing", "c-4"))
        self._assert_answered_call("c-4")

    def test_bad_secret(self):
        response = self._post(self._event("ringing", "c-5"), secret="not-the-secret")
        self.assertEqual(response.status_code, 404)
        self.integration.active = False
        response = self._post(self._event("ringing", "c-5"))
        self.assertEqual(response.status_code, 404, "an archived integration stops its URL")
        self.assertFalse(self._call("c-5"))
        self.assertFalse(self.env["wiseparts.telephony.event"].search([("call_id", "=", "c-5")]))

    def test_regenerated_url_replaces_the_old_one(self):
        url = self.integration.with_user(self.sysadmin).action_generate_url()["url"]
        self.assertEqual(self._post(self._event("ringing", "c-6")).status_code, 404)
        new_secret = url.rsplit("/", 1)[1]
        self.assertEqual(self._post(self._event("ringing", "c-6"), new_secret).status_code, 200)

    def test_bad_json(self):
        cases = [
            ("{not json", "malformed JSON"),
            ("[1, 2]", "JSON object"),
            (json.dumps({**self._event("ringing", "c-7"), "call_id": ""}), "call_id"),
            (
                json.dumps({k: v for k, v in self._event("ringing", "c-7").items() if k != "to"}),
                "to",
            ),
            (json.dumps(self._event("hangup", "c-7")), "event"),
            (json.dumps(self._event("ringing", "c-7", direction="sideways")), "direction"),
            (json.dumps({**self._event("ringing", "c-7"), "timestamp": "yesterday"}), "timestamp"),
            (json.dumps(self._event("ended", "c-7", duration=-3)), "duration"),
        ]
        for body, reason in cases:
            with self.subTest(reason=reason):
                response = self._post(body)
                self.assertEqual(response.status_code, 400)
                self.assertIn(reason, response.json()["error"])
        self.assertFalse(self._call("c-7"))
        self.assertFalse(self.env["wiseparts.telephony.event"].search([("call_id", "=", "c-7")]))

    def test_get_is_refused(self):
        response = self.url_open(f"/wiseparts/telephony/{self.secret}")
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.env["wiseparts.telephony.event"].search([]))


class TestTelephony(TelephonyFixtures, TransactionCase):
    """Matching, call-back tasks, screen pop, statistics and rights (events applied
    through the integration, as the controller does after the secret check)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_telephony()

    def _send(self, payload):
        event = parse_event(json.dumps(payload))
        return self.integration.sudo()._process_event(event)

    def _missed(self, call_id, number="+3224561234", minutes=0):
        self._send(self._event("ringing", call_id, number, minutes=minutes))
        self._send(self._event("missed", call_id, number, minutes=minutes + 1, agent=""))
        return self._call(call_id)

    def _answered(self, call_id, number, direction, minutes, duration=60, agent="101"):
        self._send(self._event("ringing", call_id, number, direction, minutes, agent=agent))
        self._send(self._event("answered", call_id, number, direction, minutes, agent=agent))
        self._send(
            self._event(
                "ended", call_id, number, direction, minutes + 1, agent=agent, duration=duration
            )
        )
        return self._call(call_id)

    # -- matching ---------------------------------------------------------
    def test_number_formats(self):
        formats = {
            "+3224561234": self.customer,
            "0032 2 456 12 34": self.customer,
            "+32 (0)2 456.12.34": self.customer,
            "024561234": self.customer,
            "+32470123456": self.contact,
            "0470/12.34.56": self.contact,
            "+33123456789": self.customer_fr,
        }
        for index, (number, partner) in enumerate(formats.items()):
            with self.subTest(number=number):
                self._send(self._event("ringing", f"fmt-{index}", number))
                call = self._call(f"fmt-{index}")
                self.assertEqual(call.partner_id, partner)
        self.assertEqual(self._call("fmt-4").commercial_partner_id, self.customer)

    def test_unknown_number_gets_a_contact_to_qualify(self):
        self._send(self._event("ringing", "u-1", "+32 3 555 66 77"))
        self._send(self._event("ringing", "u-2", "03 555 66 77"))
        first, second = self._call("u-1"), self._call("u-2")
        self.assertEqual(first.partner_id, second.partner_id, "one contact per unknown number")
        partner = first.partner_id
        self.assertEqual(partner.phone, "+3235556677")
        self.assertIn(
            self.env.ref("wiseparts_activities.partner_category_to_qualify"), partner.category_id
        )

    def test_agent_by_extension_or_email(self):
        self._send(self._event("ringing", "a-1", agent="102"))
        self.assertEqual(self._call("a-1").user_id, self.operator2)
        self._send(self._event("ringing", "a-2", agent="Paul.Phone@example.com"))
        self.assertEqual(self._call("a-2").user_id, self.operator2)
        self._send(self._event("ringing", "a-3", agent="999"))
        self.assertEqual(self._call("a-3").user_id, self.rep, "unknown agent: the salesperson")
        self._send(self._event("answered", "a-3", agent="101"))
        self.assertEqual(self._call("a-3").user_id, self.operator, "who answered takes it")

    def test_extension_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.operator2.wiseparts_phone_extension = "101"
            self.env.flush_all()
        other_company = self.env["res.company"].create({"name": "Other WiseParts"})
        self.operator2.write(
            {"company_ids": [(4, other_company.id)], "company_id": other_company.id}
        )
        self.operator2.wiseparts_phone_extension = "101"
        self.env.flush_all()  # another company: allowed
        self.assertEqual(self.operator2.wiseparts_phone_extension, "101")

    # -- missed calls -----------------------------------------------------
    def test_missed_call_task_then_closed_by_call_back(self):
        with freeze_time(T0 + timedelta(minutes=1)):
            missed = self._missed("m-1")
        self.assertEqual(missed.call_callback_state, "pending")
        self.assertFalse(missed.followup_task_ids, "no task before the call-back delay")
        with freeze_time(T0 + timedelta(minutes=17)):
            self.Activity._cron_telephony_callback()
        task = missed.followup_task_ids
        self.assertEqual(len(task), 1)
        self.assertEqual(task.type_id, self.env.ref("wiseparts_activities.task_type_call_back"))
        self.assertEqual(task.user_ids, self.rep, "the customer's salesperson calls back")
        self.assertEqual(task.partner_id, self.customer)
        self.assertEqual(missed.call_callback_state, "task")
        self.assertEqual(task.state, "open")
        # the rep calls back (outbound, answered): the task closes
        self.rep.wiseparts_phone_extension = "201"
        callback = self._answered("m-1b", "02 456 12 34", "outbound", 30, agent="201")
        self.assertEqual(callback.user_id, self.rep)
        self.assertEqual(task.state, "closed")
        self.assertEqual(task.closed_by_id, self.rep)
        self.assertEqual(missed.call_callback_state, "done")

    def test_called_back_within_delay_no_task(self):
        missed = self._missed("m-2")
        self._answered("m-2b", "+3224561234", "outbound", 10)
        self.assertEqual(missed.call_callback_state, "done")
        with freeze_time(T0 + timedelta(minutes=30)):
            self.Activity._cron_telephony_callback()
        self.assertFalse(missed.followup_task_ids)

    def test_unanswered_call_back_keeps_the_task(self):
        missed = self._missed("m-3")
        self._send(self._event("ringing", "m-3b", "+3224561234", "outbound", 5))
        self._send(self._event("ended", "m-3b", "+3224561234", "outbound", 6, duration=0))
        self.assertEqual(self._call("m-3b").call_outcome, "no_answer")
        self.assertEqual(missed.call_callback_state, "pending")

    def test_missed_call_without_salesperson_goes_to_the_team(self):
        team = self.env["crm.team"].create(
            {"name": "Call centre", "member_ids": [(6, 0, (self.operator | self.operator2).ids)]}
        )
        self.company.write({"wiseparts_callcenter_team_id": team.id, "wiseparts_callback_delay": 0})
        missed = self._missed("m-4", "+3292223344")
        self.assertEqual(missed.partner_id, self.orphan)
        self.assertEqual(missed.call_callback_state, "task", "delay 0: the task at once")
        self.assertEqual(missed.followup_task_ids.user_ids, self.operator | self.operator2)

    def test_outbound_no_answer_is_no_missed_call(self):
        self._send(self._event("ringing", "o-1", "+3224561234", "outbound"))
        self._send(self._event("missed", "o-1", "+3224561234", "outbound", 1))
        call = self._call("o-1")
        self.assertEqual(call.call_outcome, "no_answer")
        self.assertFalse(call.call_callback_state)

    # -- screen pop -------------------------------------------------------
    def test_screen_pop_to_the_agent_only(self):
        self.env["wiseparts.customer.note"].create(
            {"partner_id": self.customer.id, "body": "Prefers morning deliveries"}
        )
        bus = type(self.env["bus.bus"])
        with patch.object(bus, "_sendone", autospec=True) as sendone:
            self._send(self._event("ringing", "p-1", agent="102"))
            self._send(self._event("answered", "p-1", agent="102"))
            self._send(self._event("ringing", "p-2", "+3224561234", "outbound", agent="101"))
            self._send(self._event("missed", "p-3", minutes=1, agent="101"))
            self._send(self._event("ringing", "p-3", agent="101"))
        self.assertEqual(sendone.call_count, 1, "inbound ringing only, not after the end")
        _bus, target, notification_type, payload = sendone.call_args.args
        self.assertEqual(target, self.operator2.partner_id)
        self.assertEqual(notification_type, "wiseparts_screen_pop")
        self.assertEqual(payload["activity_id"], self._call("p-1").id)
        self.assertEqual(payload["partner_name"], "Garage Dupont")
        self.assertEqual(payload["salesperson"], "Rita Rep")
        self.assertEqual(payload["notes"][0]["body"], "Prefers morning deliveries")

    def test_screen_pop_open_quotes(self):
        self.env["sale.order"].create({"partner_id": self.contact.id})
        self._send(self._event("ringing", "p-4"))
        card = self._call("p-4").with_user(self.operator).get_screen_pop()
        self.assertEqual(card["open_quotes"], 1)
        self.assertEqual(card["customer_id"], self.customer.id)

    # -- statistics -------------------------------------------------------
    def test_statistics(self):
        self._answered("s-1", "+3224561234", "inbound", 0, duration=100)
        self._answered("s-2", "+33123456789", "outbound", 60, duration=50, agent="102")
        self._missed("s-3", "+3292223344", minutes=120)
        self._send(self._event("ringing", "s-4", minutes=200))
        self._send(self._event("missed", "s-4", minutes=201, agent=""))
        # a manually logged visit and a call of another day do not count
        self.Activity.create({"partner_id": self.customer.id, "user_id": self.rep.id, "start": T0})
        self._answered("s-5", "+3224561234", "inbound", 60 * 24 * 3)
        self.env.flush_all()
        stats = (
            self.env["wiseparts.call.report"]
            .with_user(self.cc_manager)
            ._call_center_stats("2026-03-02", "2026-03-02")
        )
        self.assertEqual(stats["calls"], 4)
        self.assertEqual((stats["inbound"], stats["outbound"]), (3, 1))
        self.assertEqual((stats["answered"], stats["missed"]), (2, 2))
        self.assertEqual(stats["answered_rate"], 50.0)
        self.assertEqual(stats["missed_not_called_back"], 1, "s-3's number was never called back")
        self.assertEqual(stats["duration_total"], 150)
        self.assertEqual(stats["duration_avg"], 75.0)
        agents = {row["name"]: row for row in stats["per_agent"]}
        self.assertEqual(agents["Paul Phone"]["calls"], 1)
        self.assertEqual(agents["Olga Operator"]["answered"], 1)
        self.assertEqual(sum(row["calls"] for row in stats["per_hour"]), 4)
        self.assertEqual(stats["per_day"], [{"day": "2026-03-02", "calls": 4}])
        with self.assertRaises(AccessError):
            self.env["wiseparts.call.report"].with_user(self.operator)._call_center_stats(
                "2026-03-02", "2026-03-02"
            )
        with self.assertRaises(AccessError):
            self.env["wiseparts.call.report"].with_user(self.operator).search([])

    # -- rights -----------------------------------------------------------
    def test_operator_handles_every_call(self):
        self._missed("r-1", "+33123456789")  # a customer of Oscar Other
        call = self._call("r-1")
        self.company.wiseparts_callback_delay = 0
        self._missed("r-2", "+33123456789")
        task = self._call("r-2").followup_task_ids
        self.assertEqual(task.user_ids, self.rep2)
        visit = self.Activity.create({"partner_id": self.customer_fr.id, "user_id": self.rep2.id})
        as_operator = self.Activity.with_user(self.operator)
        self.assertIn(call, as_operator.search([]))
        self.assertNotIn(visit, as_operator.search([]), "visits stay with their salesperson")
        answered = self._answered("r-3", "+33123456789", "inbound", 5, agent="102")
        answered.with_user(self.operator).write({"report_summary": "Wants a call on Monday"})
        answered.with_user(self.operator).action_done()
        self.assertIn(task, self.env["wiseparts.task"].with_user(self.operator).search([]))
        self.customer_fr.with_user(self.operator).check_access("read")
        # a salesperson does not see the calls of another salesperson's customers
        self.assertNotIn(call, self.Activity.with_user(self.rep).search([]))
        with self.assertRaises(AccessError):
            call.with_user(self.rep).read(["name"])

    def test_integration_admins_only(self):
        for user in (self.operator, self.cc_manager, self.rep):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self.env["wiseparts.telephony.integration"].with_user(user).search([])
        integration = self.env["wiseparts.telephony.integration"].with_user(self.sysadmin)
        integration = integration.create({"name": "Cloud PBX"})
        url = integration.action_generate_url()["url"]
        secret = url.rsplit("/", 1)[1]
        self.assertTrue(url.startswith(integration.get_base_url() + "/wiseparts/telephony/"))
        self.assertGreaterEqual(len(secret), 32)
        self.assertEqual(integration.sudo().token_hash, hash_secret(secret))
        self.assertEqual(integration._find_by_secret(secret), integration)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM mail_message WHERE body ILIKE %s", [f"%{secret}%"]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute(
            "SELECT count(*) FROM wiseparts_telephony_integration WHERE token_hash = %s", [secret]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "never stored in clear")
        with self.assertRaises(AccessError):
            integration.with_user(self.operator).action_generate_url()

    def test_views_readable(self):
        self._send(self._event("ringing", "v-1", "+33123456789"))
        call = self._call("v-1")
        assert_views_readable(
            self,
            {"operator": self.operator, "manager": self.cc_manager, "salesperson": self.rep2},
            "wiseparts.activity",
            [("wiseparts_activities.wiseparts_activity_view_form", "form"), (False, "list")],
            call,
        )
        assert_views_readable(
            self,
            {"administrator": self.sysadmin},
            "wiseparts.telephony.integration",
            [(False, "form"), (False, "list")],
            self.integration,
        )
        self.env.flush_all()
        groups = (
            self.env["wiseparts.call.report"]
            .with_user(self.cc_manager)
            .web_read_group([], ["nbr:sum"], ["hour"])
        )
        self.assertEqual(groups["groups"][0]["nbr"], 1)
