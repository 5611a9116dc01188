from odoo import fields, models


class WisepartsVisitSchedule(models.Model):
    """The visit planning figures of one customer (commercial partner), in a narrow table of
    their own: a segment run rewrites them for every customer, and a row of this table has 5
    indexes (id, partner, the three dates; those skip empty dates) where a row of res_partner
    has about 30 (see readme/DEVELOP.md). Written only by
    ``res.partner._wiseparts_update_visit_dates`` (set-based SQL) and by writes of the
    partner's related fields; people read them on the customer (``res.partner``)."""

    _name = "wiseparts.visit.schedule"
    _description = "Visit Schedule of a Customer"
    _rec_name = "partner_id"
    _order = "next_visit_date, segment_priority, sales_rank, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", readonly=True
    )
    last_visit_date = fields.Date(
        index="btree_not_null",
        help="Date of the latest done visit of the customer or one of its branches.",
    )
    visit_every_days = fields.Integer(
        string="Visit Every (Days)",
        index="btree_not_null",
        help="From the customer's segment of the visit segment type (empty: no visit frequency).",
    )
    next_visit_date = fields.Date(
        index="btree_not_null",
        help="Last visit + visit frequency; when never visited, the date the customer got "
        "its segment.",
    )
    # not indexed: a handful of segments, searched on a narrow table (one index less to
    # write for every changed row)
    segment_id = fields.Many2one(
        "wiseparts.segment",
        string="Visit Segment",
        ondelete="set null",
        help="The customer's segment of the visit segment type.",
    )
    segment_priority = fields.Integer(string="Visit Segment Priority")
    # sorts Visits to plan (bigger customers first at equal urgency): the rank of the
    # customer's eligible sales in its visit segment type, not the amount (an invoice figure)
    sales_rank = fields.Integer(string="Visit Sales Rank")

    _sql_constraints = [
        ("partner_uniq", "UNIQUE(partner_id)", "A customer has one visit schedule."),
    ]
