from odoo import fields, models
from odoo.tools import SQL


class WisepartsSegmentConversionReport(models.Model):
    _name = "wiseparts.segment.conversion.report"
    _description = "Quote Conversion by Segment"
    _auto = False
    _order = "date desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    type_id = fields.Many2one("wiseparts.segment.type", string="Segment Type", readonly=True)
    segment_id = fields.Many2one("wiseparts.segment", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quote_count = fields.Integer(string="Quotes Sent", readonly=True, aggregator="sum")
    confirmed_count = fields.Integer(string="Quotes Confirmed", readonly=True, aggregator="sum")
    conversion_rate = fields.Float(
        string="Conversion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Quotes confirmed / quotes sent (the average over sent quotes).",
    )
    amount_untaxed = fields.Float(string="Untaxed Amount", readonly=True)

    @property
    def _table_query(self):
        # a quote counts as sent once it was sent or confirmed; one row per quote and type
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY so.id, a.type_id) AS id,
                   so.id AS order_id, so.date_order AS date, a.type_id, a.segment_id,
                   p.commercial_partner_id AS partner_id, so.user_id, so.team_id,
                   so.company_id, 1 AS quote_count,
                   CASE WHEN so.state = 'sale' THEN 1 ELSE 0 END AS confirmed_count,
                   CASE WHEN so.state = 'sale' THEN 100.0 ELSE 0.0 END AS conversion_rate,
                   so.amount_untaxed
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
              JOIN wiseparts_segment_assignment a ON a.partner_id = p.commercial_partner_id
             WHERE so.state IN ('sent', 'sale')
            """
        )
