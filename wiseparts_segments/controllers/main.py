import io

import xlsxwriter

from odoo import http
from odoo.http import content_disposition, request


class SegmentExport(http.Controller):
    @http.route("/wiseparts_segments/xlsx/<int:type_id>", type="http", auth="user", methods=["GET"])
    def export_xlsx(self, type_id):
        """Segments and assignments of one type as an XLSX workbook (read access checked)."""
        segment_type = request.env["wiseparts.segment.type"].browse(type_id).exists()
        if not segment_type:
            raise request.not_found()
        segment_type.check_access("read")
        assignments = request.env["wiseparts.segment.assignment"].search(
            [("type_id", "=", segment_type.id)]
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet(request.env._("Segments"))
        headers = [
            request.env._("Segment"),
            request.env._("Customers"),
            request.env._("Eligible Sales"),
            request.env._("Sales %"),
        ]
        sheet.write_row(0, 0, headers, bold)
        for row, segment in enumerate(segment_type.segment_ids, start=1):
            sheet.write_string(row, 0, segment.name or "")
            sheet.write_number(row, 1, segment.customer_count)
            sheet.write_number(row, 2, segment.eligible_amount, money)
            sheet.write_number(row, 3, segment.sales_percent)
        sheet = workbook.add_worksheet(request.env._("Customers"))
        headers = [
            request.env._("Customer"),
            request.env._("Salesperson"),
            request.env._("Automatic Segment"),
            request.env._("Manual Segment"),
            request.env._("Segment"),
            request.env._("Eligible Sales"),
            request.env._("Last Purchase Date"),
        ]
        sheet.write_row(0, 0, headers, bold)
        for row, assignment in enumerate(assignments, start=1):
            # text from users (names) is written as text: never a formula
            texts = [
                assignment.partner_id.display_name,
                assignment.user_id.name,
                assignment.auto_segment_id.name,
                assignment.manual_segment_id.name,
                assignment.segment_id.name,
            ]
            for col, text in enumerate(texts):
                sheet.write_string(row, col, text or "")
            # figures of customers whose invoices the user cannot read stay empty
            if assignment.amounts_visible:
                sheet.write_number(row, 5, assignment.eligible_amount, money)
                if assignment.last_purchase_date:
                    sheet.write_datetime(row, 6, assignment.last_purchase_date, date_format)
        workbook.close()
        filename = f"{segment_type.name}.xlsx"
        return request.make_response(
            output.getvalue(),
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
