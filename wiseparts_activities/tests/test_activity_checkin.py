from xmlrpc.client import Fault

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.wiseparts_base.tests.common import assert_views_readable

from .common import ActivitiesCommon

RPC_ACCESS_ERROR = 4  # odoo.addons.base.controllers.rpc.RPC_FAULT_CODE_ACCESS_ERROR
RPC_USER_ERROR = 2  # RPC_FAULT_CODE_WARNING

# Lyon, Place Bellecour; about 111 m per 0.001 degree of latitude
CUSTOMER = (45.7578, 4.8320)


class CheckinCommon(ActivitiesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1.write(
            {
                "partner_latitude": CUSTOMER[0],
                "partner_longitude": CUSTOMER[1],
                "phone": "+33 4 72 00 00 01",
                "street": "1 Place Bellecour",
                "city": "Lyon",
            }
        )
        cls.env.company.wiseparts_checkin_radius = 300


@tagged("post_install", "-at_install")
class TestActivityCheckin(CheckinCommon):
    def test_checkin_near_and_far_from_the_customer(self):
        visit = self._activity(self.c1, self.user_rep).with_user(self.user_rep)
        visit.action_checkin(CUSTOMER[0] + 0.001, CUSTOMER[1])
        self.assertAlmostEqual(visit.checkin_latitude, CUSTOMER[0] + 0.001)
        self.assertAlmostEqual(visit.checkin_longitude, CUSTOMER[1])
        self.assertTrue(visit.checkin_at)
        self.assertAlmostEqual(visit.checkin_distance, 111, delta=1)
        self.assertFalse(visit.checkin_far)
        # 2 km north: flagged
        visit.action_checkin(CUSTOMER[0] + 0.018, CUSTOMER[1])
        self.assertAlmostEqual(visit.checkin_distance, 2001, delta=5)
        self.assertTrue(visit.checkin_far)

    def test_branch_without_coordinates_uses_the_customers(self):
        visit = self._activity(self.branch1, self.user_rep).with_user(self.user_rep)
        visit.action_checkin(CUSTOMER[0], CUSTOMER[1] + 0.01)
        self.assertAlmostEqual(visit.checkin_distance, 777, delta=5)
        self.assertTrue(visit.checkin_far)

    def test_customer_without_coordinates_is_never_flagged(self):
        visit = self._activity(self.c2, self.user_rep).with_user(self.user_rep)
        visit.action_checkin(10.0, 10.0)
        self.assertTrue(visit.checkin_at)
        self.assertFalse(visit.checkin_distance)
        self.assertFalse(visit.checkin_far)

    def test_invalid_positions_are_refused(self):
        visit = self._activity(self.c1, self.user_rep).with_user(self.user_rep)
        for latitude, longitude in [
            (91, 4.8),
            (45.7, -180.5),
            ("45.7", 4.8),
            (True, 4.8),
            (float("nan"), 4.8),
            (None, None),
        ]:
            with self.subTest(latitude=latitude, longitude=longitude):
                with self.assertRaisesRegex(UserError, "not a valid latitude"):
                    visit.action_checkin(latitude, longitude)
        self.assertFalse(visit.checkin_at)

    def test_only_planned_visits_check_in(self):
        call = self._activity(self.c1, self.user_rep, type_id=self.type_call.id)
        with self.assertRaisesRegex(UserError, "not a visit"):
            call.with_user(self.user_rep).action_checkin(*CUSTOMER)
        visit = self._activity(self.c1, self.user_rep)
        visit.with_user(self.user_rep).action_done()
        with self.assertRaisesRegex(UserError, "not planned"):
            visit.with_user(self.user_rep).action_checkin(*CUSTOMER)

    def test_rep_cannot_check_in_on_another_reps_visit(self):
        visit = self._activity(self.c3, self.user_rep2)
        with self.assertRaises(AccessError):
            visit.with_user(self.user_rep).action_checkin(*CUSTOMER)

    def test_today_card_links(self):
        visit = self._activity(self.c1, self.user_rep).with_user(self.user_rep)
        self.assertEqual(visit.partner_phone, "+33 4 72 00 00 01")
        self.assertIn("1 Place Bellecour", visit.partner_address)
        self.assertEqual(
            visit.partner_maps_url,
            "https://www.google.com/maps/search/?api=1&query=45.7578000%2C4.8320000",
        )
        # a branch without coordinates or phone: its address, the company's phone
        self.branch1.write({"street": "3 Rue Neuve", "city": "Lyon"})
        branch_visit = self._activity(self.branch1, self.user_rep).with_user(self.user_rep)
        self.assertEqual(branch_visit.partner_phone, "+33 4 72 00 00 01")
        self.assertIn("3 Rue Neuve", branch_visit.partner_address)
        self.assertIn("query=45.7578000", branch_visit.partner_maps_url)
        c2_visit = self._activity(self.c2, self.user_rep).with_user(self.user_rep)
        self.c2.write({"street": "8 Quai Arloing", "city": "Lyon"})
        self.assertIn("query=8+Quai+Arloing", c2_visit.partner_maps_url)

    def test_today_and_form_open_for_every_sales_role(self):
        visit = self._activity(self.c1, self.user_rep)
        visit.action_checkin(*CUSTOMER)
        users = {
            "salesperson (own documents)": self.user_rep,
            "salesperson (all documents)": self.user_manager,
            "sales administrator": self.user_admin,
        }
        views = [
            ("wiseparts_activities.wiseparts_activity_view_kanban_today", "kanban"),
            ("wiseparts_activities.wiseparts_activity_view_form", "form"),
        ]
        assert_views_readable(self, users, "wiseparts.activity", views, visit)


@tagged("post_install", "-at_install")
class TestActivityCheckinRpc(HttpCase, CheckinCommon):
    """A mobile app checks in over XML-RPC as the rep."""

    def _execute(self, user, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            user.login.ljust(8, "x"),  # new_test_user's password: the login, padded to 8
            "wiseparts.activity",
            method,
            list(args),
        )

    @mute_logger("odoo.http")
    def test_checkin_over_xmlrpc(self):
        visit = self._activity(self.c1, self.user_rep)
        self.assertTrue(
            self._execute(self.user_rep, "action_checkin", visit.ids, CUSTOMER[0], CUSTOMER[1])
        )
        self.assertTrue(visit.checkin_at)
        self.assertAlmostEqual(visit.checkin_distance, 0, delta=1)
        self.assertFalse(visit.checkin_far)
        with self.assertRaises(Fault) as caught:
            self._execute(self.user_rep, "action_checkin", visit.ids, 123.0, 4.8)
        self.assertEqual(caught.exception.faultCode, RPC_USER_ERROR)
        self.assertIn("not a valid latitude", caught.exception.faultString)
        other = self._activity(self.c3, self.user_rep2)
        with self.assertRaises(Fault) as caught:
            self._execute(self.user_rep, "action_checkin", other.ids, *CUSTOMER)
        self.assertEqual(caught.exception.faultCode, RPC_ACCESS_ERROR)
        self.assertFalse(other.checkin_at)
