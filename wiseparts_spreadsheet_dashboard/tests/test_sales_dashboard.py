import base64
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.wiseparts_segments.tests.common import RUN, SegmentsCommon


@tagged("post_install", "-at_install")
class TestSalesDashboard(SegmentsCommon):
    """The "WiseParts sales" dashboard of Odoo's Dashboards app: its spreadsheet only uses
    models and fields that exist, and a sales manager reads its figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "wiseparts_spreadsheet_dashboard.spreadsheet_dashboard_wiseparts_sales"
        )
        cls.data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))

    def _sources(self):
        """(name, model, domain, groupbys, measures, field matchings) of every pivot and chart."""
        sources = []
        for pivot in self.data["pivots"].values():
            sources.append(
                (
                    pivot["name"],
                    pivot["model"],
                    pivot["domain"],
                    [row["fieldName"] for row in pivot["rows"] + pivot["columns"]],
                    [measure["fieldName"] for measure in pivot["measures"]],
                    pivot["fieldMatching"],
                )
            )
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if chart["type"].startswith("odoo_"):
                    sources.append(
                        (
                            figure["id"],
                            chart["metaData"]["resModel"],
                            chart["searchParams"]["domain"],
                            chart["metaData"]["groupBy"],
                            [chart["metaData"]["measure"]],
                            chart["fieldMatching"],
                        )
                    )
        return sources

    def test_spreadsheet_references_exist(self):
        self.assertEqual(self.dashboard.name, "WiseParts sales")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(self.data["sheets"][0]["name"], "Dashboard")
        sources = self._sources()
        self.assertEqual(len(sources), 8)  # 5 pivots, 3 charts
        filters = {f["id"]: f for f in self.data["globalFilters"]}
        for name, model, domain, groupbys, measures, matching in sources:
            with self.subTest(source=name):
                Model = self.env[model]
                for fname in [g.split(":")[0] for g in groupbys] + measures:
                    self.assertIn(fname, Model._fields)
                Model._where_calc(domain)  # a domain on unknown fields raises
                self.assertEqual(set(matching), set(filters))
                for filter_id, match in matching.items():
                    field = Model._fields[match["chain"]]
                    if filters[filter_id]["type"] == "relation":
                        self.assertEqual(field.comodel_name, filters[filter_id]["modelName"])
                    else:
                        self.assertEqual(field.type, "date")
        for xmlid in self.data["chartOdooMenusReferences"].values():
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)

    def test_manager_reads_every_source(self):
        """A sales manager (all documents) sees the dashboard and every pivot and chart
        answers with the invoices' figures, grouped as the dashboard groups them."""
        self.c1.write({"temperature": "hot", "customer_status": "current"})
        self.c3.write({"temperature": "cold"})
        self._invoices([(self.c1, RUN, 100), (self.c3, RUN, 25), (self.c1, RUN, 10, "out_refund")])
        manager_env = self.env(user=self.user_manager)
        self.assertIn(
            self.dashboard, manager_env["spreadsheet.dashboard"].search([]), "manager sees it"
        )
        self.assertEqual(
            manager_env["spreadsheet.dashboard"]
            .browse(self.dashboard.id)
            .get_readonly_dashboard()["snapshot"]["sheets"][0]["name"],
            "Dashboard",
        )
        customers = [("commercial_partner_id", "in", (self.c1 + self.c3).ids)]
        for name, model, domain, groupbys, measures, _matching in self._sources():
            with self.subTest(source=name):
                aggregates = [
                    f"{m}:count_distinct" if m.endswith("_id") else f"{m}:sum" for m in measures
                ]
                groups = manager_env[model].read_group(
                    domain + customers, aggregates, groupbys, lazy=False
                )
                self.assertTrue(groups, aggregates)
                self.assertAlmostEqual(sum(g["price_subtotal"] for g in groups), 115.0)
        Report = manager_env["account.invoice.report"]
        by_temperature = dict(
            Report._read_group(
                [("state", "=", "posted"), *customers], ["temperature"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(by_temperature, {"hot": 90.0, "cold": 25.0})
        by_status = dict(
            Report._read_group(
                [("state", "=", "posted"), *customers], ["customer_status"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(by_status, {"current": 115.0})
        # the pivot's headers: the partner's labels
        selection = Report.fields_get(["temperature"])["temperature"]["selection"]
        self.assertIn(["hot", "Hot"], [list(option) for option in selection])

    def test_salesperson_does_not_get_it(self):
        """Own-documents salespeople do not have the dashboard (it shows everyone's sales)."""
        rep_env = self.env(user=self.user_rep)
        self.assertNotIn(self.dashboard, rep_env["spreadsheet.dashboard"].search([]))
        with self.assertRaises(AccessError):
            rep_env["spreadsheet.dashboard"].browse(self.dashboard.id).read(["name"])
