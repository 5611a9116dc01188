from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _wiseparts_one_line_address(self):
        """The partner's postal address on one line (a calendar location, a maps query)."""
        self.ensure_one()
        lines = self._display_address(without_company=True).splitlines()
        return ", ".join(line.strip() for line in lines if line.strip())

    def _wiseparts_coordinates(self):
        """(latitude, longitude) of the partner, else of its company; None when unknown."""
        self.ensure_one()
        for partner in self | self.commercial_partner_id:
            if partner.partner_latitude or partner.partner_longitude:
                return partner.partner_latitude, partner.partner_longitude
        return None
