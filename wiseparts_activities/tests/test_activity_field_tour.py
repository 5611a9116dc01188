from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ActivitiesCommon


@tagged("post_install", "-at_install")
class TestActivityPhoneTour(HttpCase, ActivitiesCommon):
    """The rep's day on a 390 px phone, after an administrator requires a report field."""

    browser_size = "390x844"
    touch_enabled = True

    @mute_logger("odoo.http")  # the refused "Mark as Done" is logged
    def test_admin_requires_a_field_then_rep_does_the_visit_on_the_phone(self):
        visit_type = self.type_report
        visit_type.report_required = []
        self.start_tour(
            f"/odoo/action-wiseparts_activities.wiseparts_activity_type_action/{visit_type.id}",
            "wiseparts_activities_required_field",
            login="wp_admin",
        )
        self.assertEqual(visit_type.report_required, ["next_step"])

        garage = self.env["res.partner"].create(
            {
                "name": "Tour Garage",
                "is_company": True,
                "user_id": self.user_rep.id,
                "phone": "+33 4 72 00 00 99",
                "street": "1 Place Bellecour",
                "city": "Lyon",
                "partner_latitude": 45.7578,
                "partner_longitude": 4.832,
            }
        )
        # the Today view is about today: the visit starts now
        visit = self.Activity.create(
            {
                "type_id": visit_type.id,
                "partner_id": garage.id,
                "user_id": self.user_rep.id,
                "start": fields.Datetime.now(),
            }
        )
        # another rep's visit of today is not on Rita's phone
        self._activity(self.c3, self.user_rep2, start=fields.Datetime.now())
        self.start_tour(
            "/odoo/action-wiseparts_activities.wiseparts_activity_action_today",
            "wiseparts_activities_phone_visit",
            login="wp_rep",
        )
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.checkin_at)
        self.assertAlmostEqual(visit.checkin_distance, 11, delta=1)
        self.assertFalse(visit.checkin_far)
        self.assertEqual(visit.report["next_step"], "Send the offer")
        self.assertEqual(visit.report_summary, "Stock checked, two competitor brands")
        # the same rule holds outside the browser
        other = self._activity(garage, self.user_rep, type_id=visit_type.id)
        with self.assertRaisesRegex(ValidationError, "Next step"):
            other.with_user(self.user_rep).action_done()
