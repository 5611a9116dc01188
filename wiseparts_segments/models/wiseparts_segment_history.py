from odoo import fields, models


class WisepartsSegmentHistory(models.Model):
    _name = "wiseparts.segment.history"
    _inherit = ["wiseparts.invoice.figures.mixin"]
    _description = "Customer Segment History"
    _order = "run_id desc, id desc"
    _rec_name = "partner_id"
    # written only by the runs' SQL, one row per customer whose segment changed: the run
    # says which type, when and who, so no copy of those nor audit columns (each would add a
    # foreign-key check per written row)
    _log_access = False

    run_id = fields.Many2one(
        "wiseparts.segment.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    type_id = fields.Many2one(related="run_id.type_id", string="Segment Type")
    run_date = fields.Date(related="run_id.run_date")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    segment_id = fields.Many2one("wiseparts.segment", ondelete="set null", readonly=True)
    eligible_amount = fields.Float(string="Eligible Sales", readonly=True)
    company_id = fields.Many2one(related="run_id.type_id.company_id")
