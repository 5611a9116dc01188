from datetime import timedelta

from odoo import Command, api, models
from odoo.tools.misc import clean_context

from .calendar_event import CALENDAR_SYNC

# the activity fields its calendar event shows
EVENT_FIELDS = {"name", "start", "stop", "user_id", "partner_id"}


class WisepartsActivity(models.Model):
    _inherit = "wiseparts.activity"

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
        for activity, event in zip(self.with_context(**{CALENDAR_SYNC: True}), events):
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
