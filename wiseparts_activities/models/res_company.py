from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wiseparts_checkin_radius = fields.Integer(
        string="Check-in Radius (m)",
        default=300,
        help="Check-ins made farther than this from the customer's coordinates are flagged.",
    )
    wiseparts_visit_segment_type_id = fields.Many2one(
        "wiseparts.segment.type",
        string="Visit Segment Type",
        help="The segment type whose segments set how often customers are visited "
        "(empty: the company's default segment type).",
    )
    wiseparts_attribution_days = fields.Integer(
        string="Order Attribution Window (Days)",
        default=14,
        help="An order confirmed this many days or fewer after a done visit or call of the "
        "same customer is credited to that activity.",
    )

    def _wiseparts_visit_segment_type(self):
        """The segment type that drives visit planning for this company."""
        self.ensure_one()
        return self.wiseparts_visit_segment_type_id or self.env["wiseparts.segment.type"].search(
            [("company_id", "=", self.id), ("is_default", "=", True)], limit=1
        )

    def write(self, vals):
        res = super().write(vals)
        if "wiseparts_visit_segment_type_id" in vals:
            # visit planning: the customers' visit frequency follows the new type
            self.env["res.partner"]._wiseparts_update_visit_dates()
        return res
