import io
import zipfile
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestDashboardXlsx(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="wp_xlsx_rep", groups="sales_team.group_sale_salesman", name="Xena"
        )
        new_test_user(cls.env, login="wp_xlsx_internal", groups="base.group_user")
        customer = cls.env["res.partner"].create({"name": "XLSX Garage"})
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": cls.rep.id,
                "invoice_date": date(2026, 1, 10),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Disc", "quantity": 1, "price_unit": 4321.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()

    def _sheet(self, content):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return (
                archive.read("xl/worksheets/sheet1.xml").decode()
                + archive.read("xl/sharedStrings.xml").decode()
            )

    def test_export_as_rep(self):
        self.authenticate("wp_xlsx_rep", "wp_xlsx_rep")
        response = self.url_open(
            "/wiseparts/dashboard/xlsx/sales_vs_goal?date_from=2026-01-01&date_to=2026-01-31"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(
            "sales_vs_goal-2026-01-01-2026-01-31.xlsx", response.headers["Content-Disposition"]
        )
        sheet = self._sheet(response.content)
        self.assertIn("Sales performance vs goals", sheet)
        self.assertIn("My sales", sheet)
        self.assertIn("<v>4321</v>", sheet)

    @mute_logger("odoo.http")
    def test_export_refused(self):
        url = "/wiseparts/dashboard/xlsx/sales_vs_goal?date_from=2026-01-01&date_to=2026-01-31"
        self.authenticate("wp_xlsx_internal", "wp_xlsx_internal")
        self.assertEqual(self.url_open(url).status_code, 403)
        self.authenticate("wp_xlsx_rep", "wp_xlsx_rep")
        bad = "/wiseparts/dashboard/xlsx/sales_vs_goal?date_from=2026-02-01&date_to=2026-01-31"
        self.assertEqual(self.url_open(bad).status_code, 400)
        self.assertEqual(
            self.url_open(
                "/wiseparts/dashboard/xlsx/nope?date_from=2026-01-01&date_to=2026-01-31"
            ).status_code,
            400,
        )
        # not logged in: redirected to the login page, no figures
        self.logout()
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
