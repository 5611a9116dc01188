from odoo import fields, models
from odoo.tools import SQL


class WisepartsSegmentMigrationReport(models.Model):
    _name = "wiseparts.segment.migration.report"
    _description = "Segment Migration Analysis"
    _auto = False
    _order = "run_date desc"
    _rec_name = "partner_id"

    type_id = fields.Many2one("wiseparts.segment.type", string="Segment Type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    run_id = fields.Many2one("wiseparts.segment.run", readonly=True)
    run_date = fields.Date(readonly=True)
    previous_run_date = fields.Date(readonly=True)
    from_segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    to_segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    is_changed = fields.Boolean(string="Changed", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        # every history row (a run that changed the customer's segment) next to the same
        # customer's previous row of the type
        return SQL(
            """
            SELECT h.id, r.type_id, t.company_id, h.partner_id, p.user_id, h.run_id,
                   r.run_date, h.segment_id AS to_segment_id,
                   LAG(h.segment_id) OVER w AS from_segment_id,
                   LAG(r.run_date) OVER w AS previous_run_date,
                   (LAG(h.run_id) OVER w) IS NOT NULL
                       AND LAG(h.segment_id) OVER w IS DISTINCT FROM h.segment_id AS is_changed,
                   1 AS customer_count
              FROM wiseparts_segment_history h
              JOIN wiseparts_segment_run r ON r.id = h.run_id
              JOIN wiseparts_segment_type t ON t.id = r.type_id
              JOIN res_partner p ON p.id = h.partner_id
            WINDOW w AS (PARTITION BY r.type_id, h.partner_id ORDER BY r.run_date, h.run_id)
            """
        )
