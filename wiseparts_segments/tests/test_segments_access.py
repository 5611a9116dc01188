from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import RUN, SegmentsCommon


@tagged("post_install", "-at_install")
class TestSegmentsAccess(SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abc = cls._computed_default_abc()

    @users("wp_rep")
    def test_rep_reads_segments_and_overrides_own_customers(self):
        segment_type = self.abc.with_env(self.env)
        self.assertEqual(segment_type.segment_ids.mapped("name"), ["A", "B", "C"])
        own = self._assignment(segment_type, self.c1)
        others = self._assignment(segment_type, self.c3)
        self.assertEqual(others.segment_id.name, "B", "reps read every customer's segment")
        own.manual_segment_id = self._segment(segment_type, "C")
        self.assertEqual(own.segment_id.name, "C")
        self.assertEqual(self.c1.with_env(self.env).default_segment_id.name, "C")
        with self.assertRaises(AccessError):
            others.manual_segment_id = self._segment(segment_type, "A")
        with self.assertRaises(AccessError):
            own.write({"auto_segment_id": self._segment(segment_type, "A").id})
        # a customer not computed yet: the rep creates the override
        new = self.env["wiseparts.segment.assignment"].create(
            {
                "partner_id": self.c5.id,
                "type_id": segment_type.id,
                "manual_segment_id": self._segment(segment_type, "A").id,
            }
        )
        self.assertEqual(new.segment_id.name, "A")

    @users("wp_rep")
    def test_rep_cannot_configure_or_run(self):
        segment_type = self.abc.with_env(self.env)
        with self.assertRaises(AccessError):
            segment_type.name = "Renamed"
        with self.assertRaises(AccessError):
            segment_type.segment_ids[0].sales_percent = 70
        with self.assertRaises(AccessError):
            self.env["wiseparts.segment.type"].compute_assignments(segment_type.ids, RUN)
        with self.assertRaises(AccessError):
            segment_type.action_auto_assign()
        with self.assertRaises(AccessError):
            segment_type.action_clear_manual()
        with self.assertRaises(AccessError):
            self.env["wiseparts.segment.type"].create({"name": "Mine"})

    @users("wp_manager")
    def test_manager_overrides_every_customer_but_cannot_run(self):
        segment_type = self.abc.with_env(self.env)
        others = self._assignment(segment_type, self.c3)
        others.manual_segment_id = self._segment(segment_type, "A")
        self.assertEqual(others.segment_id.name, "A")
        with self.assertRaises(AccessError):
            self.env["wiseparts.segment.type"].compute_assignments(segment_type.ids, RUN)

    @users("wp_admin")
    def test_admin_configures_and_runs(self):
        segment_type = self.abc.with_env(self.env)
        segment_type.name = "Renamed"
        counts = self.env["wiseparts.segment.type"].compute_assignments(segment_type.ids, RUN)
        self.assertEqual(counts, {"A": 1, "B": 1, "C": 0})
        segment_type.action_auto_assign()
        queued = self.env["wiseparts.segment.run"].search(
            [("type_id", "=", segment_type.id), ("state", "=", "queued")]
        )
        self.assertEqual(queued.requested_by_id, self.env.user)

    @users("wp_internal")
    def test_internal_user_sees_badge_only(self):
        self.assertEqual(self.c1.with_env(self.env).default_segment_id.name, "A")
        with self.assertRaises(AccessError):
            self.env["wiseparts.segment.assignment"].search([])

    def test_other_company_cannot_see_private_type(self):
        company2 = self.env["res.company"].create({"name": "Segments Company 2"})
        user2 = self.env["res.users"].create(
            {
                "name": "Other Company Admin",
                "login": "wp_seg_company2",
                "company_id": company2.id,
                "company_ids": [(6, 0, company2.ids)],
                "groups_id": [(6, 0, self.env.ref("sales_team.group_sale_manager").ids)],
            }
        )
        Type = self.env["wiseparts.segment.type"].with_user(user2)
        self.assertFalse(Type.search([("id", "=", self.abc.id)]))
        self.abc.shared = True
        self.assertTrue(Type.search([("id", "=", self.abc.id)]))
