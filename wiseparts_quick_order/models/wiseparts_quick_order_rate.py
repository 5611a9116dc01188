from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..services.quick_order import window_start
from .wiseparts_quick_order_link import CATALOGUE_PAGE_SIZE

# kind: (setting, default hits, window seconds)
RATE_KINDS = {
    "page": ("rate_pages", 60, 60),
    "image": ("rate_pages", 60, 60),
    "order": ("rate_orders", 10, 3600),
}


class WisepartsQuickOrderRate(models.Model):
    """Rate-limit counters of the public quick-order pages, one row per key and window.

    Kept in the database so that every Odoo worker sees the same counters. Users have no
    access (administrators may read it); the controller uses it through sudo only, via
    `_over_limit`, which never returns data.
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
    def _limit(self, kind):
        """(hits allowed, window in seconds) of a kind of request; 0 hits: no limit.

        Pages and orders have their settings; images count apart, a page showing up to
        CATALOGUE_PAGE_SIZE of them."""
        param, default, seconds = RATE_KINDS[kind]
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"wiseparts_quick_order.{param}", default)
            or 0
        )
        if kind == "image":
            limit *= CATALOGUE_PAGE_SIZE
        return limit, seconds

    @api.model
    def _over_limit(self, kind, ip, link, touch=False):
        """Count a request of `kind` from `ip` to `link` (maybe empty: an unknown secret) and
        tell whether it goes over the limit; with `touch`, stamp the link's last use.

        One short READ COMMITTED transaction of its own: one upsert for both counters (and,
        once a minute, the link's conditional UPDATE), committed without waiting for the disk
        (a counter lost in a crash costs nothing). Nothing at all when the limits are lifted
        and the link was stamped less than a minute ago.
        """
        limit, seconds = self._limit(kind)
        keys = [f"{kind}:ip:{ip}"] + ([f"{kind}:link:{link.id}"] if link else [])
        touch = touch and link and link._needs_touch()
        if limit <= 0 and not touch:
            return False
        with self.env.registry.cursor() as cr:
            if not self.env.registry.in_test_mode():
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute("SET LOCAL synchronous_commit TO OFF")
            if touch:
                link._touch(cr)
            if limit <= 0:
                return False
            return self._hit(cr, keys, seconds) > limit

    @api.model
    def _hit(self, cr, keys, seconds):
        """Count one hit for every key in the current window, in `cr`; return the highest
        count. Upserted: concurrent hits add up instead of conflicting."""
        start = window_start(fields.Datetime.now(), seconds)
        values = SQL(", ").join(SQL("(%s, %s, 1)", key, start) for key in keys)
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
