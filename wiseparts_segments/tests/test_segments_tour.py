from odoo.tests import HttpCase, tagged

from .common import RUN, SegmentsCommon


@tagged("post_install", "-at_install")
class TestSegmentsTour(HttpCase, SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1.name = "Tour Top Customer"
        cls._invoices([(cls.c1, RUN, 900), (cls.c2, RUN, 100)])
        cls.abc = cls._abc_type(name="Tour ABC", is_default=True, period_months=1200)

    def test_auto_assign_from_type_form_then_badge(self):
        self.start_tour(
            f"/odoo/action-wiseparts_segments.wiseparts_segment_type_action/{self.abc.id}",
            "wiseparts_segments_auto_assign",
            login="wp_admin",
        )
        run = self.abc.run_ids
        self.assertEqual(run.state, "queued")
        self.assertEqual(run.requested_by_id, self.user_admin)
        # the background job, run synchronously here
        self.env.ref("wiseparts_segments.ir_cron_segment_runs").method_direct_trigger()
        self.assertEqual(run.state, "done")
        self.assertEqual(self.c1.default_segment_id.name, "A")
        self.start_tour(
            "/odoo/wiseparts-customers",
            "wiseparts_segments_badge",
            login="wp_rep",
        )

    def test_xlsx_export(self):
        self.abc.compute_assignments(self.abc.ids, RUN)
        self.authenticate("wp_rep", "wp_rep")
        response = self.url_open(f"/wiseparts_segments/xlsx/{self.abc.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX (zip) workbook")

    def test_compute_assignments_over_xmlrpc(self):
        counts = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.user_admin.id,
            "wp_admin",
            "wiseparts.segment.type",
            "compute_assignments",
            [self.abc.ids, "2021-06-30"],
        )
        # 900 / 1000 -> A; the second customer starts at 90 % -> B
        self.assertEqual(counts, {"A": 1, "B": 1, "C": 0})
