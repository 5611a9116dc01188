from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..services.quick_order import window_start


class WisepartsQuickOrderRate(models.Model):
    """Rate-limit counters of the public quick-order pages, one row per key and window.

    Kept in the database so that every Odoo worker sees the same counters. Users have no
    access (administrators may read it); the controller uses it through sudo only, via
    `_hit`, which is reached before or after the token check but never returns data.
    """

    _name = "wiseparts.quick.order.rate"
    _description = "Quick-Order Rate Counter"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime(required=True, readonly=True)
    count = fields.Integer(readonly=True)

    _sql_constraints = [
        ("key_window_uniq", "unique(key, window_start)", "One counter per key and window."),
    ]

    @api.model
    def _hit(self, keys, seconds):
        """Count one hit for every key in the current window; return the highest count.

        Upserted in its own short READ COMMITTED transaction: concurrent hits add up instead
        of conflicting, and the count stays even when the request itself fails.
        """
        start = window_start(fields.Datetime.now(), seconds)
        values = SQL(", ").join(SQL("(%s, %s, 1)", key, start) for key in keys)
        with self.env.registry.cursor() as cr:
            if not self.env.registry.in_test_mode():
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(
                SQL(
                    """
                    INSERT INTO wiseparts_quick_order_rate AS rate (key, window_start, count)
                    VALUES %s
                    ON CONFLICT (key, window_start)
                    DO UPDATE SET count = rate.count + 1
                    RETURNING count
                    """,
                    values,
                )
            )
            return max(row[0] for row in cr.fetchall())

    @api.autovacuum
    def _gc_windows(self):
        """Drop counters of windows older than a day."""
        limit = fields.Datetime.now() - timedelta(days=1)
        self.env.cr.execute(
            SQL("DELETE FROM wiseparts_quick_order_rate WHERE window_start < %s", limit)
        )
