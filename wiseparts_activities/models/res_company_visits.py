from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        res = super().write(vals)
        if "wiseparts_visit_segment_type_id" in vals:
            self.env["res.partner"]._wiseparts_update_visit_dates()
        return res
