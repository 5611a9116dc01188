from odoo import fields, models
from odoo.tools import SQL


class WisepartsActivityRevenueReport(models.Model):
    """Revenue after visits: one row per done visit or call, with the confirmed orders
    credited to it (see ``sale.order._wiseparts_attribution_query``).

    Grouped in a pivot by salesperson, activity type, segment and month, the sums give the
    activities, the activities followed by an order and the attributed revenue; the
    conversion rate is the average of 100 (followed by an order) or 0 per activity, i.e.
    100 * followed / activities of the group.
    """

    _name = "wiseparts.activity.revenue.report"
    _description = "Revenue after Visits"
    _auto = False
    _rec_name = "activity_id"
    _order = "date desc, id desc"

    activity_id = fields.Many2one("wiseparts.activity", readonly=True)
    date = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    type_id = fields.Many2one("wiseparts.activity.type", string="Activity Type", readonly=True)
    kind = fields.Selection(
        [("visit", "Visit"), ("call", "Call"), ("event", "Event")], readonly=True
    )
    segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    activity_count = fields.Integer(string="Activities", readonly=True)
    converted_count = fields.Integer(string="Followed by an Order", readonly=True)
    conversion_rate = fields.Float(string="Conversion (%)", aggregator="avg", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    attributed_amount = fields.Monetary(string="Attributed Revenue", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT a.id AS id,
                   a.id AS activity_id,
                   a.start AS date,
                   a.user_id AS user_id,
                   a.type_id AS type_id,
                   a.kind AS kind,
                   a.segment_id AS segment_id,
                   a.commercial_partner_id AS partner_id,
                   a.company_id AS company_id,
                   c.currency_id AS currency_id,
                   1 AS activity_count,
                   CASE WHEN COUNT(o.id) > 0 THEN 1 ELSE 0 END AS converted_count,
                   CASE WHEN COUNT(o.id) > 0 THEN 100.0 ELSE 0.0 END AS conversion_rate,
                   COUNT(o.id) AS order_count,
                   COALESCE(
                       SUM(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1.0)), 0
                   ) AS attributed_amount
              FROM wiseparts_activity a
              JOIN res_company c ON c.id = a.company_id
         LEFT JOIN sale_order o ON o.wiseparts_activity_id = a.id AND o.state = 'sale'
             WHERE a.state = 'done' AND a.kind IN ('visit', 'call')
          GROUP BY a.id, c.currency_id
            """
        )
