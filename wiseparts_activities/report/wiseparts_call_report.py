from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL


class WisepartsCallReport(models.Model):
    """Call-centre statistics: one row per call (call activities with a direction)."""

    _name = "wiseparts.call.report"
    _description = "Call-centre Statistics"
    _auto = False
    _order = "date desc"
    _rec_name = "date"

    activity_id = fields.Many2one("wiseparts.activity", string="Call", readonly=True)
    date = fields.Datetime(readonly=True)
    hour = fields.Integer(string="Hour of Day", readonly=True, aggregator=False)
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], readonly=True)
    outcome = fields.Selection(
        [
            ("answered", "Answered"),
            ("no_answer", "No Answer"),
            ("busy", "Busy"),
            ("voicemail", "Voicemail"),
            ("missed", "Missed"),
        ],
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    nbr = fields.Integer(string="# Calls", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    missed_count = fields.Integer(string="# Missed", readonly=True)
    missed_open_count = fields.Integer(
        string="# Missed, Not Called Back",
        readonly=True,
        help="Missed inbound calls waiting "
        "for a call back (pending or with an open call-back task).",
    )
    answered_rate = fields.Float(string="Answered %", readonly=True, aggregator="avg")
    duration = fields.Integer(string="Total Duration (s)", readonly=True)
    duration_avg = fields.Float(string="Average Duration (s)", readonly=True, aggregator="avg")

    def _query(self):
        return SQL(
            """
            SELECT a.id AS id,
                   a.id AS activity_id,
                   a.start AS date,
                   EXTRACT(hour FROM (a.start AT TIME ZONE 'UTC')
                           AT TIME ZONE COALESCE(cp.tz, 'UTC'))::integer AS hour,
                   a.call_direction AS direction,
                   a.call_outcome AS outcome,
                   a.user_id AS user_id,
                   a.partner_id AS partner_id,
                   a.commercial_partner_id AS commercial_partner_id,
                   a.company_id AS company_id,
                   1 AS nbr,
                   (a.call_outcome = 'answered')::integer AS answered_count,
                   (a.call_outcome IS NOT NULL AND a.call_outcome != 'answered')::integer
                       AS missed_count,
                   (a.call_callback_state IN ('pending', 'task'))::integer AS missed_open_count,
                   CASE WHEN a.call_outcome = 'answered' THEN 100.0 ELSE 0.0 END
                       AS answered_rate,
                   COALESCE(a.call_duration, 0) AS duration,
                   CASE WHEN a.call_outcome = 'answered' THEN a.call_duration END AS duration_avg
              FROM wiseparts_activity a
              JOIN res_company c ON c.id = a.company_id
              JOIN res_partner cp ON cp.id = c.partner_id
             WHERE a.kind = 'call'
               AND a.call_direction IS NOT NULL
               AND a.state != 'cancelled'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @api.model
    def _call_center_stats(self, date_from, date_to):
        """The call-centre figures of [date_from, date_to] (dates, inclusive) as a dict,
        for the dashboard widget `call_center`; the report's record rules apply."""
        if not self.env.su and not self.env.user.has_group(
            "wiseparts_activities.group_callcenter_manager"
        ):
            raise AccessError(self.env._("Only call-centre managers see call statistics."))
        start = fields.Datetime.to_datetime(fields.Date.to_date(date_from))
        stop = fields.Datetime.to_datetime(fields.Date.to_date(date_to))
        domain = [("date", ">=", start), ("date", "<", stop + timedelta(days=1))]
        aggregates = [
            "nbr:sum",
            "answered_count:sum",
            "missed_count:sum",
            "missed_open_count:sum",
            "duration:sum",
        ]
        ((calls, answered, missed, missed_open, duration),) = self._read_group(
            domain, [], aggregates
        )
        by_direction = dict(self._read_group(domain, ["direction"], ["nbr:sum"]))
        per_day = self._read_group(domain, ["date:day"], ["nbr:sum"], order="date:day")
        per_hour = self._read_group(domain, ["hour"], ["nbr:sum"], order="hour")
        per_agent = self._read_group(
            domain, ["user_id"], [*aggregates[:4], "duration:sum"], order="user_id"
        )
        return {
            "date_from": fields.Date.to_string(start.date()),
            "date_to": fields.Date.to_string(stop.date()),
            "calls": calls,
            "inbound": by_direction.get("inbound", 0),
            "outbound": by_direction.get("outbound", 0),
            "answered": answered,
            "missed": missed,
            "answered_rate": round(100.0 * answered / calls, 1) if calls else 0.0,
            "missed_not_called_back": missed_open,
            "duration_total": duration,
            "duration_avg": round(duration / answered, 1) if answered else 0.0,
            "per_day": [
                {"day": fields.Date.to_string(day), "calls": count} for day, count in per_day
            ],
            "per_hour": [{"hour": hour, "calls": count} for hour, count in per_hour],
            "per_agent": [
                {
                    "user_id": user.id,
                    "name": user.name,
                    "calls": n,
                    "answered": ans,
                    "missed": mis,
                    "missed_not_called_back": mopen,
                    "duration_total": dur,
                    "answered_rate": round(100.0 * ans / n, 1) if n else 0.0,
                }
                for user, n, ans, mis, mopen, dur in per_agent
            ],
        }
