from odoo import models


class WisepartsSegmentType(models.Model):
    _inherit = "wiseparts.segment.type"

    def _compute_now(self, run):
        """After a run, the customers' visit frequency and next visit date follow their new
        segments (one statement for every customer)."""
        counts = super()._compute_now(run)
        self.env["res.partner"]._wiseparts_update_visit_dates()
        return counts

    def write(self, vals):
        res = super().write(vals)
        # the default type is the visit segment type of companies without a setting
        if {"is_default", "active", "company_id"} & set(vals):
            self.env["res.partner"]._wiseparts_update_visit_dates()
        return res
