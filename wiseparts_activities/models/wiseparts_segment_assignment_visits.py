from odoo import models


class WisepartsSegmentAssignment(models.Model):
    _inherit = "wiseparts.segment.assignment"

    def write(self, vals):
        partner_ids = self.partner_id.ids
        res = super().write(vals)
        if {"manual_segment_id", "auto_segment_id", "partner_id", "type_id"} & set(vals):
            self.env["res.partner"]._wiseparts_update_visit_dates(
                partner_ids + self.partner_id.ids
            )
        return res
