import math
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

MIN_INVOICES = 3


class WisepartsReorderInterval(models.Model):
    """Per customer and brand, the usual reorder interval: the median gap between the
    customer's invoices of that brand over the last 12 months (at least 3 invoices).

    Written only by ``_refresh`` (one SQL statement for all customers)."""

    _name = "wiseparts.reorder.interval"
    _description = "Customer Reorder Interval"
    _order = "next_expected_date, id"
    _rec_name = "partner_id"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", readonly=True
    )
    brand_id = fields.Many2one(
        "wiseparts.brand", required=True, ondelete="cascade", readonly=True, index=True
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    invoice_count = fields.Integer(string="Invoices (12 Months)", readonly=True)
    usual_interval = fields.Float(string="Usual Interval (Days)", digits=(16, 1), readonly=True)
    last_purchase_date = fields.Date(readonly=True)
    next_expected_date = fields.Date(
        string="Next Expected", readonly=True, index=True, help="Last purchase + usual interval."
    )

    _sql_constraints = [
        (
            "partner_brand_uniq",
            "unique(partner_id, brand_id)",
            "One reorder interval per customer and brand.",
        ),
    ]

    def _compute_display_name(self):
        for row in self:
            row.display_name = f"{row.partner_id.display_name} — {row.brand_id.name}"

    def _overdue_date(self, factor):
        """The day after which the reorder is overdue: last purchase + factor x interval."""
        self.ensure_one()
        return self.last_purchase_date + timedelta(days=math.ceil(factor * self.usual_interval))

    @api.model
    def _overdue(self, factor, today):
        """Rows whose reorder is overdue today (set-based)."""
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM wiseparts_reorder_interval "
                "WHERE last_purchase_date + CEIL(%s * usual_interval)::int < %s",
                factor,
                today,
            )
        )
        return self.browse([row[0] for row in rows])

    @api.model
    def _refresh(self, today=None):
        """Recompute every customer x brand row in one statement (posted invoices)."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH invoices AS (
                    SELECT DISTINCT am.commercial_partner_id AS partner_id, pt.brand_id,
                           am.id AS move_id, am.invoice_date
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                      JOIN product_product pp ON pp.id = aml.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
                       AND am.move_type = 'out_invoice' AND pt.brand_id IS NOT NULL
                       AND am.invoice_date > %(first)s AND am.invoice_date <= %(today)s
                ),
                gaps AS (
                    SELECT partner_id, brand_id, invoice_date,
                           invoice_date - LAG(invoice_date) OVER (
                               PARTITION BY partner_id, brand_id ORDER BY invoice_date, move_id
                           ) AS gap
                      FROM invoices
                ),
                stats AS (
                    SELECT partner_id, brand_id, COUNT(*) AS invoice_count,
                           MAX(invoice_date) AS last_date,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS usual
                      FROM gaps
                     GROUP BY partner_id, brand_id
                    HAVING COUNT(*) >= %(minimum)s
                ),
                upsert AS (
                    INSERT INTO wiseparts_reorder_interval AS r
                           (partner_id, brand_id, invoice_count, usual_interval,
                            last_purchase_date, next_expected_date)
                    SELECT partner_id, brand_id, invoice_count, usual, last_date,
                           last_date + ROUND(usual)::int
                      FROM stats
                    ON CONFLICT (partner_id, brand_id) DO UPDATE SET
                           invoice_count = EXCLUDED.invoice_count,
                           usual_interval = EXCLUDED.usual_interval,
                           last_purchase_date = EXCLUDED.last_purchase_date,
                           next_expected_date = EXCLUDED.next_expected_date
                    RETURNING r.id
                )
                DELETE FROM wiseparts_reorder_interval
                 WHERE id NOT IN (SELECT id FROM upsert)
                """,
                first=today - relativedelta(months=12),
                today=today,
                minimum=MIN_INVOICES,
            )
        )
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(["wiseparts_reorder_interval_ids"])

    @api.model
    def _cron_refresh(self):
        self._refresh()
