from odoo import api, fields, models

# set while one side of the activity <-> calendar event link writes the other: the written
# side must not write back
CALENDAR_SYNC = "wiseparts_calendar_sync"


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    wiseparts_activity_id = fields.Many2one(
        "wiseparts.activity",
        string="Customer Activity",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="The WiseParts visit, call or event this calendar entry shows: moving one moves "
        "the other.",
    )

    def write(self, vals):
        res = super().write(vals)
        if not self.env.context.get(CALENDAR_SYNC) and self._get_time_fields() & set(vals):
            self._wiseparts_move_activities()
        return res

    @api.model
    def _get_activity_excluded_models(self):
        # the activity is linked by wiseparts_activity_id: no "Meeting" mail.activity on it
        return [*super()._get_activity_excluded_models(), "wiseparts.activity"]

    def _skip_send_mail_status_update(self):
        # a rep's planned visit is not an invitation: the customer gets no e-mail from it
        return bool(self.sudo().wiseparts_activity_id) or super()._skip_send_mail_status_update()

    def _wiseparts_move_activities(self):
        """Move the planned activities of these events to the events' times. A done
        activity records what happened: its event may be moved (nothing raises), the
        activity keeps its times. Writes as the current user: who may not change the
        activity may not move its event."""
        for event in self.filtered("wiseparts_activity_id"):
            activity = event.wiseparts_activity_id
            if activity.state != "planned":
                continue
            if (activity.start, activity.stop) != (event.start, event.stop):
                activity.with_context(**{CALENDAR_SYNC: True}).write(
                    {"start": event.start, "stop": event.stop}
                )
