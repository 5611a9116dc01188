from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.geo import haversine_m, valid_coordinate


class WisepartsActivity(models.Model):
    """What the rep in the field needs: GPS check-in, and the customer's phone, address and
    map link on the Today view."""

    _inherit = "wiseparts.activity"

    checkin_latitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    checkin_longitude = fields.Float(digits=(10, 7), readonly=True, copy=False)
    checkin_at = fields.Datetime(string="Checked In At", readonly=True, copy=False)
    checkin_distance = fields.Float(
        string="Check-in Distance (m)",
        digits=(16, 0),
        readonly=True,
        copy=False,
        help="Distance from the check-in to the customer's coordinates (empty when the "
        "customer has none).",
    )
    checkin_far = fields.Boolean(
        string="Checked In Away",
        readonly=True,
        copy=False,
        help="The check-in was made farther from the customer than the company's check-in "
        "radius.",
    )
    partner_phone = fields.Char(string="Customer Phone", compute="_compute_partner_contact")
    partner_address = fields.Char(string="Customer Address", compute="_compute_partner_contact")
    partner_maps_url = fields.Char(string="Map Link", compute="_compute_partner_contact")

    @api.depends(
        "partner_id.phone",
        "partner_id.mobile",
        "partner_id.contact_address",
        "partner_id.partner_latitude",
        "partner_id.partner_longitude",
    )
    def _compute_partner_contact(self):
        for activity in self:
            partner = activity.partner_id
            if not partner:
                activity.partner_phone = activity.partner_address = False
                activity.partner_maps_url = False
                continue
            company = partner.commercial_partner_id
            activity.partner_phone = (
                partner.mobile or partner.phone or company.mobile or company.phone or False
            )
            address = partner._wiseparts_one_line_address()
            activity.partner_address = address or False
            coordinates = partner._wiseparts_coordinates()
            query = f"{coordinates[0]:.7f},{coordinates[1]:.7f}" if coordinates else address
            activity.partner_maps_url = (
                "https://www.google.com/maps/search/?" + urlencode({"api": 1, "query": query})
                if query
                else False
            )

    def action_checkin(self, latitude, longitude):
        """Record where the rep is (from the phone's GPS) on planned visits. Public: an
        integration (a mobile app) calls it over XML-RPC."""
        lat = valid_coordinate(latitude, 90.0)
        lon = valid_coordinate(longitude, 180.0)
        if lat is None or lon is None:
            raise UserError(
                self.env._(
                    "Check-in refused: the position %(latitude)s, %(longitude)s is not a "
                    "valid latitude (-90 to 90) and longitude (-180 to 180).",
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        for activity in self:
            if activity.kind != "visit":
                raise UserError(
                    self.env._(
                        "%(activity)s is not a visit: only visits have a check-in.",
                        activity=activity.display_name,
                    )
                )
            if activity.state != "planned":
                raise UserError(
                    self.env._(
                        "%(activity)s is not planned: check in before marking it done.",
                        activity=activity.display_name,
                    )
                )
        self._checkin(lat, lon)
        return True

    def _checkin(self, latitude, longitude):
        now = fields.Datetime.now()
        for activity in self:
            coordinates = activity.partner_id._wiseparts_coordinates()
            distance = haversine_m(latitude, longitude, *coordinates) if coordinates else False
            radius = activity.company_id.wiseparts_checkin_radius
            activity.write(
                {
                    "checkin_latitude": latitude,
                    "checkin_longitude": longitude,
                    "checkin_at": now,
                    "checkin_distance": distance,
                    "checkin_far": bool(coordinates) and bool(radius) and distance > radius,
                }
            )
