import html
import io
import re
import zipfile

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

    def test_pareto_chart_tour(self):
        self.abc.compute_assignments(self.abc.ids, RUN)
        self.start_tour(
            f"/odoo/action-wiseparts_segments.wiseparts_segment_type_action/{self.abc.id}",
            "wiseparts_segments_pareto",
            login="wp_rep",
        )

    def test_override_from_customers_list_tour(self):
        self.abc.compute_assignments(self.abc.ids, RUN)
        self.start_tour("/odoo/wiseparts-customers", "wiseparts_segments_override", login="wp_rep")
        assignment = self._assignment(self.abc, self.c1)
        self.assertEqual(assignment.manual_segment_id.name, "C")
        self.assertEqual(self.c1.default_segment_id.name, "C")

    def test_xlsx_export(self):
        self.c2.name = '=HYPERLINK("http://evil.example/","Click")'
        self._invoices([(self.c3, RUN, 50)])  # Oscar's customer
        foreign = self.env["res.partner"].create(
            {
                "name": "Foreign Garage",
                "is_company": True,
                "company_id": self.env["res.company"].create({"name": "Export Company 2"}).id,
            }
        )
        self.abc.shared = True
        self.abc.compute_assignments(self.abc.ids, RUN)
        # as a run of the shared type for company 2 would write it
        self.env["wiseparts.segment.assignment"].create(
            {"partner_id": foreign.id, "type_id": self.abc.id, "eligible_amount": 70}
        )
        self.authenticate("wp_rep", "wp_rep")
        response = self.url_open(f"/wiseparts_segments/xlsx/{self.abc.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX (zip) workbook")
        with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
            sheets = {
                name: workbook.read(name).decode()
                for name in workbook.namelist()
                if name.startswith("xl/worksheets/")
            }
            strings = workbook.read("xl/sharedStrings.xml").decode()
        customers = sheets["xl/worksheets/sheet2.xml"]
        self.assertNotIn("<f>", customers, "no formula from user data")
        self.assertIn("=HYPERLINK(", html.unescape(strings))
        self.assertNotIn("Foreign Garage", strings, "no other company's customer")
        self.assertIn("Segment Customer 3", strings, "every letter is listed")
        numbers = {
            float(value) for value in re.findall(r'<c r="F\d+"[^>]*><v>([^<]*)</v>', customers)
        }
        self.assertIn(900.0, numbers)
        self.assertNotIn(50.0, numbers, "not the amounts of another rep's customer")

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
