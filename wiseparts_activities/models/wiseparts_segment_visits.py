from odoo import models


class WisepartsSegment(models.Model):
    _inherit = "wiseparts.segment"

    def write(self, vals):
        res = super().write(vals)
        if {"visit_every_days", "priority"} & set(vals):
            self.env["res.partner"]._wiseparts_update_visit_dates()
        return res
