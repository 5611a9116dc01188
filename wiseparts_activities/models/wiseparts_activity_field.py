# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta
from urllib.parse import urlencode

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context

from ..services.geo import haversine_m, valid_coordinate
from .calendar_event import CALENDAR_SYNC

# the activity fields its calendar event shows
EVENT_FIELDS = {"name", "start", "stop", "user_id", "partner_id"}


class WisepartsActivity(models.Model):
    """What the rep in the field needs: the activity in their calendar (both ways), GPS
    check-in, and the customer's phone, address and map link on the Today view."""

    _inherit = "wiseparts.activity"

    checkin_latitude = fields.Float(
        string="Check-in Latitude", digits=(10, 7), readonly=True, copy=False
    )
    checkin_longitude = fields.Float(
        string="Check-in Longitude", digits=(10, 7), readonly=True, copy=False
    )
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
        help="The check-in was made farther from the customer than the company's check-in radius.",
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

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if not self.env.context.get(CALENDAR_SYNC):
            activities.filtered(lambda a: a.state == "planned")._wiseparts_create_events()
        return activities

    def write(self, vals):
        res = super().write(vals)
        if self.env.context.get(CALENDAR_SYNC):
            return res
        if "state" in vals:
            self.filtered(lambda a: a.state == "cancelled")._wiseparts_remove_events()
            self.filtered(
                lambda a: a.state == "planned" and not a.calendar_event_id
            )._wiseparts_create_events()
        if EVENT_FIELDS & set(vals):
            self.filtered("calendar_event_id")._wiseparts_update_events(set(vals))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_wiseparts_events(self):
        self.calendar_event_id.with_context(**{CALENDAR_SYNC: True}).unlink()

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

    # calendar

    def _wiseparts_event_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "start": self.start,
            "stop": self.stop or self.start + timedelta(hours=1),
            "allday": False,
            "user_id": self.user_id.id,
            "partner_ids": [Command.set((self.user_id.partner_id | self.partner_id).ids)],
            "location": self.partner_id._wiseparts_one_line_address(),
        }

    def _wiseparts_create_events(self):
        """One calendar event per activity, in the activity user's calendar, in one create."""
        if not self:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        Event = self.env["calendar.event"].with_context(
            clean_context(self.env.context), **{CALENDAR_SYNC: True}
        )
        events = Event.create(
            [
                {
                    **activity._wiseparts_event_values(),
                    "wiseparts_activity_id": activity.id,
                    "res_model_id": model_id,
                    "res_id": activity.id,
                }
                for activity in self
            ]
        )
        for activity, event in zip(self.with_context(**{CALENDAR_SYNC: True}), events, strict=True):
            activity.calendar_event_id = event

    def _wiseparts_update_events(self, changed):
        """Show the activities' changed fields on their events (attendees only when the user
        or the customer changed)."""
        keep = {"name", "start", "stop", "allday"}
        if changed & {"user_id", "partner_id"}:
            keep |= {"user_id", "partner_ids", "location"}
        for activity in self.with_context(**{CALENDAR_SYNC: True}):
            values = activity._wiseparts_event_values()
            activity.calendar_event_id.write({key: values[key] for key in keep})

    def _wiseparts_remove_events(self):
        events = self.calendar_event_id
        if events:
            self.with_context(**{CALENDAR_SYNC: True}).calendar_event_id = False
            events.with_context(**{CALENDAR_SYNC: True}).unlink()
