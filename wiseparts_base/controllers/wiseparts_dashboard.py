import re

from odoo import http
from odoo.http import content_disposition, request

from ..services.dashboard import figures_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WisepartsDashboardController(http.Controller):
    @http.route(
        "/wiseparts/dashboard/xlsx/<string:key>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def widget_xlsx(self, key, date_from=None, date_to=None, **kwargs):
        """A widget's figures as an XLSX file.

        The figures come from ``wiseparts.dashboard.widget_data`` as the logged-in user: the
        same validation, widget groups and record rules as the page (UserError and
        AccessError are answered by Odoo's HTTP error handling).
        """
        figures = request.env["wiseparts.dashboard"].widget_data(key, date_from, date_to)
        filename = "{}-{}-{}.xlsx".format(
            re.sub(r"[^\w-]+", "_", key), figures["date_from"], figures["date_to"]
        )
        return request.make_response(
            figures_xlsx(figures),
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
