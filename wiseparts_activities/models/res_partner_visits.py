# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the visit planning fields of a customer: related to its schedule row (partner field:
# schedule field), written only by _wiseparts_update_visit_dates and _inverse_visit_schedule
VISIT_FIELDS = {
    "last_visit_date": "last_visit_date",
    "visit_every_days": "visit_every_days",
    "next_visit_date": "next_visit_date",
    "visit_segment_id": "segment_id",
    "visit_segment_priority": "segment_priority",
    "visit_sales_rank": "sales_rank",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # set once, when the customer gets its schedule row: a segment run writes the schedule
    # (5 indexes), never res_partner (about 30 indexes; see readme/DEVELOP.md)
    visit_schedule_id = fields.Many2one(
        "wiseparts.visit.schedule",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    # related (computed and searched as superuser, sortable and groupable through the
    # schedule): readable by whoever reads the customer
    last_visit_date = fields.Date(
        related="visit_schedule_id.last_visit_date", inverse="_inverse_visit_schedule"
    )
    visit_every_days = fields.Integer(
        related="visit_schedule_id.visit_every_days", inverse="_inverse_visit_schedule"
    )
    next_visit_date = fields.Date(
        related="visit_schedule_id.next_visit_date", inverse="_inverse_visit_schedule"
    )
    visit_segment_id = fields.Many2one(
        related="visit_schedule_id.segment_id", inverse="_inverse_visit_schedule"
    )
    visit_segment_priority = fields.Integer(
        related="visit_schedule_id.segment_priority", inverse="_inverse_visit_schedule"
    )
    visit_sales_rank = fields.Integer(
        related="visit_schedule_id.sales_rank", inverse="_inverse_visit_schedule"
    )
    visit_days_overdue = fields.Integer(
        string="Days Overdue",
        compute="_compute_visit_days_overdue",
        search="_search_visit_days_overdue",
        help="Days since the next visit date (negative: days left).",
    )

    @api.depends("next_visit_date")
    @api.depends_context("tz")
    def _compute_visit_days_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.visit_days_overdue = (
                (today - partner.next_visit_date).days if partner.next_visit_date else 0
            )

    def _inverse_visit_schedule(self):
        """Writes of the visit fields on a customer (imports, integrations) go to its
        schedule row, created when missing. sudo: the caller may write the customer (checked
        by write/create), and the schedule has no rights of its own for users."""
        values = [
            {
                VISIT_FIELDS[fname]: self._fields[fname].convert_to_write(partner[fname], partner)
                for fname in VISIT_FIELDS
            }
            for partner in self
        ]
        Schedule = self.env["wiseparts.visit.schedule"].sudo()
        for partner, vals in zip(self.sudo(), values, strict=True):
            if partner.visit_schedule_id:
                partner.visit_schedule_id.write(vals)
            else:
                partner.visit_schedule_id = Schedule.create({"partner_id": partner.id, **vals})

    def _search_visit_days_overdue(self, operator, value):
        """('visit_days_overdue', '>=', -7): due within the next 7 days or overdue."""
        if operator not in ("<", "<=", ">", ">=", "=") or not isinstance(value, int):
            raise UserError(
                self.env._("Search Days Overdue with <, <=, >, >= or = and a number of days.")
            )
        # days overdue >= v  <=>  next_visit_date <= today - v
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
        when = fields.Date.context_today(self) - timedelta(days=value)
        return [("next_visit_date", "!=", False), ("next_visit_date", flip[operator], when)]

    def action_wiseparts_plan_visits(self):
        """Visits to plan: open the Plan visits wizard on the selected customers."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_visit_plan_action"
        )
        action["context"] = {"default_partner_ids": self.ids}
        return action

    @api.model
    def _wiseparts_visit_types_sql(self):
        """SQL: (company_id, type_id) of each company's visit segment type (its setting, else
        its default type), as ``res.company._wiseparts_visit_segment_type`` chooses it."""
        self.env["res.company"].flush_model(["wiseparts_visit_segment_type_id"])
        self.env["wiseparts.segment.type"].flush_model(
            ["company_id", "is_default", "active", "sequence"]
        )
        return SQL(
            """
            SELECT c.id AS company_id,
                   COALESCE(c.wiseparts_visit_segment_type_id,
                            (SELECT t.id FROM wiseparts_segment_type t
                              WHERE t.company_id = c.id AND t.is_default AND t.active
                              ORDER BY t.sequence, t.id LIMIT 1)) AS type_id
              FROM res_company c
            """
        )

    @api.model
    def _wiseparts_update_visit_dates(self, partner_ids=None):
        """Recompute the visit schedules of commercial partners in ONE statement.

        ``partner_ids``: the commercial partners to refresh (None: every customer, after a
        segment run or a change of visit frequency). Only rows whose figures change are
        written; a customer gets a schedule row (and the link to it, once) when it first has
        a visit segment or a done visit. A customer's visit segment is its assignment of a
        visit segment type, the type of the customer's company first. Visit dates are the
        UTC dates of the visits' start.
        """
        if partner_ids is not None:
            partner_ids = list(set(partner_ids))
            if not partner_ids:
                return
        for model in ("wiseparts.activity", "wiseparts.segment.assignment", "wiseparts.segment"):
            self.env[model].flush_model()
        self.env["wiseparts.segment.history"].flush_model()
        self.env["wiseparts.segment.run"].flush_model(["run_date", "type_id"])
        self.env["wiseparts.visit.schedule"].flush_model()
        self.flush_model(["commercial_partner_id", "company_id", "visit_schedule_id"])

        def scope(column):
            if partner_ids is None:
                return SQL("TRUE")
            return SQL("%s = ANY(%s)", SQL(column), partner_ids)

        if partner_ids is None:
            rank = SQL(
                "CASE WHEN asg.partner_id IS NOT NULL THEN rank() OVER ("
                "PARTITION BY asg.type_id ORDER BY asg.eligible_amount DESC NULLS LAST) END"
            )
        else:
            # the sales rank changes with the eligible sales, i.e. with segment runs only
            rank = SQL("old.sales_rank")
        types = self._wiseparts_visit_types_sql()
        type_ids = sorted({type_id for _company, type_id in self.env.execute_query(types)} - {None})
        if len(type_ids) == 1:
            # one visit segment type for every company (the usual case): its assignments
            asg = SQL(
                """SELECT a.partner_id, a.type_id, a.segment_id, a.eligible_amount
                     FROM wiseparts_segment_assignment a
                    WHERE a.type_id = %s AND %s""",
                type_ids[0],
                scope("a.partner_id"),
            )
        else:
            # several: the type of the customer's company first
            asg = SQL(
                """SELECT DISTINCT ON (a.partner_id)
                          a.partner_id, a.type_id, a.segment_id, a.eligible_amount
                     FROM wiseparts_segment_assignment a
                     JOIN res_partner p ON p.id = a.partner_id
                     JOIN vt ON vt.type_id = a.type_id
                    WHERE %s
                    ORDER BY a.partner_id, (vt.company_id = p.company_id) DESC NULLS LAST,
                             a.type_id""",
                scope("a.partner_id"),
            )
        # Existing rows: one UPDATE of the rows that change (a plain UPDATE costs half an
        # INSERT ... ON CONFLICT DO UPDATE). New rows: INSERT ... ON CONFLICT, for a
        # concurrent transaction inserting the same customer; their customers get the link.
        columns = SQL(
            "last_visit_date, visit_every_days, next_visit_date, segment_id, segment_priority,"
            " sales_rank"
        )
        self.env.cr.execute(
            SQL(
                """
            WITH vt AS (%(types)s),
            asg AS (%(asg)s),
            visits AS (
                SELECT act.commercial_partner_id AS partner_id,
                       MAX(act.start)::date AS last_visit_date
                  FROM wiseparts_activity act
                 WHERE act.kind = 'visit' AND act.state = 'done' AND %(scope_v)s
                 GROUP BY act.commercial_partner_id
            ),
            got AS (
                SELECT h.partner_id, MAX(r.run_date) AS got_date
                  FROM wiseparts_segment_history h
                  JOIN wiseparts_segment_run r
                       ON r.id = h.run_id AND r.type_id = ANY(%(type_ids)s)
                  JOIN %(chosen)s a2 ON a2.partner_id = h.partner_id AND a2.type_id = r.type_id
                       AND a2.segment_id = h.segment_id
                 WHERE %(scope_h)s
                 GROUP BY h.partner_id
            ),
            new AS (
                SELECT c.id AS partner_id, old.id AS old_id, v.last_visit_date,
                       NULLIF(s.visit_every_days, 0) AS visit_every_days,
                       CASE WHEN s.visit_every_days > 0 THEN
                            COALESCE(v.last_visit_date + s.visit_every_days, g.got_date,
                                     c.create_date::date)
                       END AS next_visit_date,
                       asg.segment_id, s.priority AS segment_priority,
                       %(rank)s AS sales_rank
                  FROM res_partner c
                  LEFT JOIN wiseparts_visit_schedule old ON old.partner_id = c.id
                  LEFT JOIN asg ON asg.partner_id = c.id
                  LEFT JOIN wiseparts_segment s ON s.id = asg.segment_id
                  LEFT JOIN visits v ON v.partner_id = c.id
                  LEFT JOIN got g ON g.partner_id = c.id
                 WHERE c.id = c.commercial_partner_id AND %(scope_c)s
            ),
            updated AS (
                UPDATE wiseparts_visit_schedule target
                   SET (%(columns)s, write_uid, write_date) = (
                       new.last_visit_date, new.visit_every_days, new.next_visit_date,
                       new.segment_id, new.segment_priority, new.sales_rank,
                       %(uid)s, NOW() AT TIME ZONE 'UTC')
                  FROM new
                 WHERE target.id = new.old_id
                   AND (target.last_visit_date, target.visit_every_days,
                        target.next_visit_date, target.segment_id, target.segment_priority,
                        target.sales_rank)
                       IS DISTINCT FROM
                       (new.last_visit_date, new.visit_every_days, new.next_visit_date,
                        new.segment_id, new.segment_priority, new.sales_rank)
            ),
            inserted AS (
                INSERT INTO wiseparts_visit_schedule AS target
                       (partner_id, %(columns)s, create_uid, create_date, write_uid, write_date)
                SELECT partner_id, %(columns)s,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM new
                 -- no row and nothing to plan: no row
                 WHERE old_id IS NULL AND (last_visit_date IS NOT NULL OR segment_id IS NOT NULL)
                ON CONFLICT (partner_id) DO UPDATE
                   SET (%(columns)s, write_uid, write_date) = (
                       EXCLUDED.last_visit_date, EXCLUDED.visit_every_days,
                       EXCLUDED.next_visit_date, EXCLUDED.segment_id,
                       EXCLUDED.segment_priority, EXCLUDED.sales_rank,
                       EXCLUDED.write_uid, EXCLUDED.write_date)
                RETURNING target.id, target.partner_id
            )
            UPDATE res_partner p
               SET visit_schedule_id = inserted.id
              FROM inserted
             WHERE p.id = inserted.partner_id
               AND p.visit_schedule_id IS DISTINCT FROM inserted.id
            """,
                types=types,
                asg=asg,
                type_ids=type_ids,
                # one type: the table itself (better estimates than the CTE's)
                chosen=SQL("wiseparts_segment_assignment" if len(type_ids) == 1 else "asg"),
                scope_h=scope("h.partner_id"),
                scope_v=scope("act.commercial_partner_id"),
                scope_c=scope("c.id"),
                rank=rank,
                columns=columns,
                uid=self.env.uid,
            )
        )
        self.env["wiseparts.visit.schedule"].invalidate_model()
        self.invalidate_model(["visit_schedule_id", *VISIT_FIELDS])
