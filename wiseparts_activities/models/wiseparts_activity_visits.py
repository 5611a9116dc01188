# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_index

# minutes between two planned visits of the same person
VISIT_GAP_MINUTES = 15
# changes of an activity that move its customer's last visit date
VISIT_DATE_FIELDS = {"state", "start", "partner_id", "type_id"}


class WisepartsActivity(models.Model):
    _inherit = "wiseparts.activity"

    def init(self):
        result = super().init()
        # a customer's done visits by date: visit compliance checks one window per customer
        # (an index-only lookup instead of scanning every activity of the window) and the
        # last visit dates
        create_index(
            self.env.cr,
            "wiseparts_activity_done_visit_partner_start_index",
            self._table,
            ["commercial_partner_id", "start"],
            where="kind = 'visit' AND state = 'done'",
        )
        return result

    # ------------------------------------------------------------------
    # Customers' visit dates follow their visits
    # ------------------------------------------------------------------
    def _visit_partner_ids(self):
        return self.filtered(lambda a: a.kind == "visit").commercial_partner_id.ids

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        done = activities.filtered(lambda a: a.state == "done")
        if done:
            self.env["res.partner"]._wiseparts_update_visit_dates(done._visit_partner_ids())
        return activities

    def write(self, vals):
        if self.env.context.get("wiseparts_defer_visit_dates") or not (
            VISIT_DATE_FIELDS & set(vals)
        ):
            return super().write(vals)
        partner_ids = self._visit_partner_ids()
        res = super().write(vals)
        self.env["res.partner"]._wiseparts_update_visit_dates(
            partner_ids + self._visit_partner_ids()
        )
        return res

    def unlink(self):
        partner_ids = self.filtered(lambda a: a.state == "done")._visit_partner_ids()
        res = super().unlink()
        self.env["res.partner"]._wiseparts_update_visit_dates(partner_ids)
        return res

    # the actions write with the refresh deferred, then refresh the customers once
    def action_done(self):
        res = super(WisepartsActivity, self._defer_visit_dates()).action_done()
        self._update_visit_dates()
        return res

    def action_cancel(self):
        res = super(WisepartsActivity, self._defer_visit_dates()).action_cancel()
        self._update_visit_dates()
        return res

    def action_reset(self):
        res = super(WisepartsActivity, self._defer_visit_dates()).action_reset()
        self._update_visit_dates()
        return res

    def _defer_visit_dates(self):
        return self.with_context(wiseparts_defer_visit_dates=True)

    def _update_visit_dates(self):
        self.env["res.partner"]._wiseparts_update_visit_dates(self._visit_partner_ids())

    # ------------------------------------------------------------------
    # Plan visits
    # ------------------------------------------------------------------
    @api.model
    def plan_visits(self, partner_ids, start, user_id=None):
        """Plan one visit per customer; return the new activity ids.

        Public (XML-RPC): ``partner_ids`` list of customer ids (in visiting order), ``start``
        'YYYY-MM-DD HH:MM:SS' (UTC) of the first visit, ``user_id`` who visits (default: each
        customer's salesperson). Each visit of a person starts 15 minutes after the end of
        their previous one. Salespeople with own documents only plan visits of their own
        customers, for themselves.
        """
        if isinstance(partner_ids, int):
            partner_ids = [partner_ids]
        if (
            not isinstance(partner_ids, list | tuple)
            or not partner_ids
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in partner_ids)
        ):
            raise UserError(self.env._("plan_visits expects a list of customer ids."))
        try:
            start = fields.Datetime.to_datetime(start)
        except ValueError:
            start = None
        if not isinstance(start, datetime):
            raise UserError(
                self.env._("Invalid start %(start)s: use YYYY-MM-DD HH:MM:SS.", start=start)
            )
        if user_id not in (None, False) and (
            not isinstance(user_id, int) or isinstance(user_id, bool)
        ):
            raise UserError(self.env._("plan_visits expects a user id or nothing."))
        self.check_access("create")
        partner_ids = list(dict.fromkeys(partner_ids))
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) != len(partner_ids):
            raise UserError(
                self.env._(
                    "Customers %(ids)s do not exist.",
                    ids=sorted(set(partner_ids) - set(partners.ids)),
                )
            )
        partners.check_access("read")
        user = self.env["res.users"]
        if user_id:
            user = user.browse(user_id).exists()
            if not user or user.share:
                raise UserError(self.env._("User %(id)s is not an internal user.", id=user_id))
        if not self.env["res.users"]._wiseparts_sees_all_customers():
            for partner in partners:
                if partner.commercial_partner_id.user_id != self.env.user:
                    raise AccessError(
                        self.env._(
                            "You may not plan a visit of %(customer)s: it is not one of "
                            "your customers.",
                            customer=partner.display_name,
                        )
                    )
            if user and user != self.env.user:
                raise AccessError(
                    self.env._(
                        "You may only plan visits for yourself, not for %(user)s.", user=user.name
                    )
                )
        return self._plan_visits(partners, start, user).ids

    def _plan_visits(self, partners, start, user):
        visit_type = self.env.ref(
            "wiseparts_activities.activity_type_visit", raise_if_not_found=False
        ) or self.env["wiseparts.activity.type"].search([("kind", "=", "visit")], limit=1)
        if not visit_type:
            raise UserError(self.env._("There is no activity type of kind Visit."))
        duration = timedelta(hours=visit_type.default_duration or 1.0)
        gap = timedelta(minutes=VISIT_GAP_MINUTES)
        next_start, vals_list = {}, []
        for partner in partners:
            assignee = user or partner.commercial_partner_id.user_id or self.env.user
            when = next_start.get(assignee.id, start)
            vals_list.append(
                {
                    "type_id": visit_type.id,
                    "partner_id": partner.id,
                    "user_id": assignee.id,
                    "company_id": (partner.company_id or self.env.company).id,
                    "start": when,
                    "stop": when + duration,
                }
            )
            next_start[assignee.id] = when + duration + gap
        return self.create(vals_list)

    # ------------------------------------------------------------------
    # Visit compliance
    # ------------------------------------------------------------------
    @api.model
    def visit_compliance(self, date=None, segment_type_id=None):
        """Visit compliance per segment on ``date`` (default today).

        Public (XML-RPC), any sales user. ``segment_type_id`` defaults to the company's visit
        segment type. One row per segment of the type: {"segment", "segment_id", "customers",
        "compliant", "percent"}: customers whose segment of the type was this one on ``date``
        (segment history), among the customers the user may read; compliant: with a done
        visit in the ``visit_every_days`` days up to and including ``date``.
        """
        self.check_access("read")
        try:
            date = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        except (ValueError, TypeError) as e:
            raise UserError(self.env._("Invalid date %(date)s: use YYYY-MM-DD.", date=date)) from e
        SegmentType = self.env["wiseparts.segment.type"]
        if segment_type_id in (None, False):
            segment_type = self.env.company._wiseparts_visit_segment_type()
        else:
            if not isinstance(segment_type_id, int) or isinstance(segment_type_id, bool):
                raise UserError(self.env._("visit_compliance expects a segment type id."))
            segment_type = SegmentType.browse(segment_type_id).exists()
            if not segment_type:
                raise UserError(
                    self.env._("Segment type %(id)s does not exist.", id=segment_type_id)
                )
        if not segment_type:
            return []
        segment_type.check_access("read")
        readable = self.env["res.partner"].with_context(active_test=False)._search([])
        rows = dict(
            ((segment_id, (customers, compliant, percent)))
            for _date, _type, segment_id, customers, compliant, percent in self.env.execute_query(
                self._visit_compliance_sql(
                    SQL("SELECT %s::date AS date", date),
                    SQL("SELECT %s AS type_id", segment_type.id),
                    readable.subselect(),
                )
            )
        )
        result = []
        for segment in segment_type.segment_ids:
            customers, compliant, percent = rows.get(segment.id, (0, 0, 0.0))
            result.append(
                {
                    "segment": segment.name,
                    "segment_id": segment.id,
                    "customers": customers,
                    "compliant": compliant,
                    "percent": float(percent),
                }
            )
        return result

    @api.model
    def _visit_compliance_sql(self, dates, types, partner_ids=None):
        """SELECT date, type_id, segment_id, customers, compliant, percent: visit compliance of
        every segment of the ``types`` (SQL, column type_id) on the ``dates`` (SQL, column
        date); ``partner_ids``: SQL subselect of the customers to count (None: all).

        A customer's segment on a date is the one of its latest history row of a run of the
        type dated on or before it; with none, its current segment when it never changed,
        else the type's default segment (where new customers start). Visit dates are the UTC
        dates of the visits' start.
        """
        for model in (
            "wiseparts.activity",
            "wiseparts.segment.assignment",
            "wiseparts.segment",
            "wiseparts.segment.history",
            "wiseparts.segment.run",
        ):
            self.env[model].flush_model()
        self.env["res.partner"].flush_model(["create_date"])
        scope = SQL("AND m.partner_id IN %s", partner_ids) if partner_ids is not None else SQL()
        return SQL(
            """
            WITH d AS (%(dates)s),
            vt AS (SELECT DISTINCT type_id FROM (%(types)s) t WHERE type_id IS NOT NULL),
            seg AS (
                SELECT s.id, s.type_id, s.visit_every_days
                  FROM wiseparts_segment s JOIN vt ON vt.type_id = s.type_id
            ),
            hist AS (
                SELECT r.type_id, r.run_date, r.id AS run_id, h.id, h.partner_id, h.segment_id
                  FROM wiseparts_segment_history h
                  JOIN wiseparts_segment_run r ON r.id = h.run_id
                  JOIN vt ON vt.type_id = r.type_id
            ),
            first_hist AS (
                SELECT type_id, partner_id, MIN(run_date) AS first_date
                  FROM hist GROUP BY type_id, partner_id
            ),
            member AS (
                (SELECT DISTINCT ON (d.date, hist.type_id, hist.partner_id)
                        d.date, hist.type_id, hist.partner_id, hist.segment_id
                   FROM d JOIN hist ON hist.run_date <= d.date
                  ORDER BY d.date, hist.type_id, hist.partner_id,
                           hist.run_date DESC, hist.run_id DESC, hist.id DESC)
                UNION ALL
                SELECT d.date, a.type_id, a.partner_id,
                       CASE WHEN f.first_date IS NULL THEN a.segment_id
                            ELSE (SELECT s.id FROM wiseparts_segment s
                                   WHERE s.type_id = a.type_id AND s.is_default
                                   ORDER BY s.priority, s.id LIMIT 1)
                       END
                  FROM d
                  JOIN wiseparts_segment_assignment a ON a.type_id IN (SELECT type_id FROM vt)
                  JOIN res_partner p ON p.id = a.partner_id AND p.create_date::date <= d.date
                  LEFT JOIN first_hist f
                         ON f.type_id = a.type_id AND f.partner_id = a.partner_id
                 WHERE f.first_date IS NULL OR f.first_date > d.date
            ),
            counted AS (
                SELECT d.date, seg.type_id, seg.id AS segment_id,
                       COUNT(m.partner_id) AS customers,
                       COUNT(m.partner_id) FILTER (
                           WHERE seg.visit_every_days > 0 AND EXISTS (
                               SELECT 1 FROM wiseparts_activity act
                                WHERE act.commercial_partner_id = m.partner_id
                                  AND act.kind = 'visit' AND act.state = 'done'
                                  AND act.start >= d.date - seg.visit_every_days + 1
                                  AND act.start < d.date + 1)
                       ) AS compliant
                  FROM d CROSS JOIN seg
                  LEFT JOIN member m ON m.date = d.date AND m.type_id = seg.type_id
                                    AND m.segment_id = seg.id %(scope)s
                 GROUP BY d.date, seg.type_id, seg.id
            )
            SELECT date, type_id, segment_id, customers, compliant,
                   COALESCE(ROUND(100.0 * compliant / NULLIF(customers, 0), 1), 0) AS percent
              FROM counted
            """,
            dates=dates,
            types=types,
            scope=scope,
        )
