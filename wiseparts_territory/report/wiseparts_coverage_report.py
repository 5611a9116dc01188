from odoo import fields, models
from odoo.tools import SQL


class WisepartsCoverageReport(models.Model):
    """One row per customer (commercial partner that is a customer) and one per territory
    without customers: the pivot sums them per territory and salesperson, and each figure
    opens the customers behind it."""

    _name = "wiseparts.coverage.report"
    _description = "Coverage Gaps"
    _auto = False
    _order = "territory_id, user_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    territory_id = fields.Many2one("wiseparts.territory", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    territory_user_id = fields.Many2one("res.users", string="Territory Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    next_visit_date = fields.Date(readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    overdue_count = fields.Integer(string="Overdue for a Visit", readonly=True)
    on_time_rate = fields.Float(
        string="Visited on Time (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the customers with a visit frequency whose next visit is not past.",
    )
    outside_count = fields.Integer(string="Outside Every Territory", readonly=True)
    no_salesperson_count = fields.Integer(
        string="Territories without Salesperson",
        readonly=True,
        help="Territories that have no salesperson (counted once per territory).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id AS id,
                   p.id AS partner_id,
                   p.wiseparts_territory_id AS territory_id,
                   p.user_id AS user_id,
                   t.user_id AS territory_user_id,
                   COALESCE(p.company_id, t.company_id) AS company_id,
                   p.default_segment_id AS segment_id,
                   vs.next_visit_date AS next_visit_date,
                   1 AS customer_count,
                   CASE WHEN vs.next_visit_date < CURRENT_DATE THEN 1 ELSE 0 END AS overdue_count,
                   CASE WHEN vs.next_visit_date IS NULL THEN NULL
                        WHEN vs.next_visit_date >= CURRENT_DATE THEN 100.0 ELSE 0.0
                   END AS on_time_rate,
                   CASE WHEN p.wiseparts_territory_id IS NULL THEN 1 ELSE 0 END AS outside_count,
                   0 AS no_salesperson_count
              FROM res_partner p
              LEFT JOIN wiseparts_territory t ON t.id = p.wiseparts_territory_id
              LEFT JOIN wiseparts_visit_schedule vs ON vs.id = p.visit_schedule_id
             WHERE p.active AND p.customer_rank > 0 AND p.id = p.commercial_partner_id
            UNION ALL
            SELECT -t.id, NULL, t.id, NULL, NULL, t.company_id, NULL, NULL, 0, 0, NULL, 0, 1
              FROM wiseparts_territory t
             WHERE t.active AND t.user_id IS NULL
            """
        )
