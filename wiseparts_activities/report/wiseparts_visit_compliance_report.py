from odoo import fields, models, tools
from odoo.tools import SQL

MONTHS = 12


class WisepartsVisitComplianceReport(models.Model):
    _name = "wiseparts.visit.compliance.report"
    _description = "Visit Compliance Report"
    _auto = False
    _order = "date desc, type_id, segment_priority, segment_id"
    _rec_name = "segment_id"

    date = fields.Date(readonly=True)
    type_id = fields.Many2one("wiseparts.segment.type", string="Segment Type", readonly=True)
    segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    segment_priority = fields.Integer(readonly=True, aggregator=False)
    company_id = fields.Many2one("res.company", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    compliant_count = fields.Integer(string="Compliant", readonly=True)
    percent = fields.Float(
        string="Compliance %",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Customers with a done visit in the segment's visit frequency up to the date, "
        "per 100 customers of the segment.",
    )

    def _dates_sql(self):
        """Today and the last day of each of the previous 12 months."""
        return SQL(
            """
            SELECT CURRENT_DATE AS date
             UNION
            SELECT (date_trunc('month', CURRENT_DATE) - make_interval(months => k)
                    - interval '1 day')::date
              FROM generate_series(0, %s) k
            """,
            MONTHS - 1,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        compliance = self.env["wiseparts.activity"]._visit_compliance_sql(
            self._dates_sql(),
            SQL("SELECT type_id FROM (%s) vt", self.env["res.partner"]._wiseparts_visit_types_sql()),
        )
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT row_number() OVER (ORDER BY c.date, c.segment_id) AS id,
                       c.date, c.type_id, c.segment_id, s.priority AS segment_priority,
                       t.company_id, c.customers AS customer_count,
                       c.compliant AS compliant_count, c.percent::float8 AS percent
                  FROM (%(compliance)s) c
                  JOIN wiseparts_segment s ON s.id = c.segment_id
                  JOIN wiseparts_segment_type t ON t.id = c.type_id
            )
            """,
                table=SQL.identifier(self._table),
                compliance=compliance,
            )
        )
