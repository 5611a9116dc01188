from odoo import fields, models


class WisepartsSegmentHistory(models.Model):
    _name = "wiseparts.segment.history"
    _description = "Customer Segment History"
    _order = "run_date desc, id desc"
    _rec_name = "partner_id"
    # written only by the runs' SQL, one row per customer whose segment changed: the run
    # records who and when, so no audit columns (nor their two foreign keys per row)
    _log_access = False

    run_id = fields.Many2one("wiseparts.segment.run", ondelete="cascade", index=True, readonly=True)
    type_id = fields.Many2one(
        "wiseparts.segment.type",
        string="Segment Type",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    run_date = fields.Date(required=True, index=True, readonly=True)
    auto_segment_id = fields.Many2one(
        "wiseparts.segment", string="Automatic Segment", ondelete="set null", readonly=True
    )
    segment_id = fields.Many2one("wiseparts.segment", ondelete="set null", readonly=True)
    eligible_amount = fields.Float(string="Eligible Sales", readonly=True)
    company_id = fields.Many2one(related="type_id.company_id")
