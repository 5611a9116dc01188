from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# the stored visit planning columns, written only by _wiseparts_update_visit_dates
VISIT_FIELDS = [
    "last_visit_date",
    "visit_every_days",
    "next_visit_date",
    "visit_segment_id",
    "visit_segment_priority",
    "visit_sales_rank",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    last_visit_date = fields.Date(
        readonly=True,
        index=True,
        copy=False,
        help="Date of the latest done visit of the customer or one of its branches.",
    )
    visit_every_days = fields.Integer(
        string="Visit Every (Days)",
        readonly=True,
        index=True,
        copy=False,
        help="From the customer's segment of the visit segment type (empty: no visit "
        "frequency).",
    )
    next_visit_date = fields.Date(
        readonly=True,
        index=True,
        copy=False,
        help="Last visit + visit frequency; when never visited, the date the customer got "
        "its segment.",
    )
    visit_segment_id = fields.Many2one(
        "wiseparts.segment",
        string="Visit Segment",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The customer's segment of the visit segment type.",
    )
    visit_segment_priority = fields.Integer(readonly=True, copy=False)
    # sorts Visits to plan (bigger customers first at equal urgency): the rank of the
    # customer's eligible sales in its visit segment type, not the amount (an invoice figure)
    visit_sales_rank = fields.Integer(readonly=True, copy=False)
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

    def _search_visit_days_overdue(self, operator, value):
        """('visit_days_overdue', '>=', -7): due within the next 7 days or overdue."""
        if operator not in ("<", "<=", ">", ">=", "=") or not isinstance(value, int):
            return [("id", "=", False)] if operator not in ("!=",) else []
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
        """Recompute the visit planning columns of commercial partners in ONE statement.

        ``partner_ids``: the commercial partners to refresh (None: every customer, after a
        segment run or a change of visit frequency). Rows that do not change are not written.
        A customer's visit segment is its assignment of a visit segment type, the type of the
        customer's company first. Visit dates are the UTC dates of the visits' start.
        """
        if partner_ids is not None:
            partner_ids = list(set(partner_ids))
            if not partner_ids:
                return
        for model in ("wiseparts.activity", "wiseparts.segment.assignment", "wiseparts.segment"):
            self.env[model].flush_model()
        self.env["wiseparts.segment.history"].flush_model()
        self.env["wiseparts.segment.run"].flush_model(["run_date", "type_id"])
        self.flush_model(["commercial_partner_id", "company_id", *VISIT_FIELDS])

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
            rank = SQL("c.visit_sales_rank")
        self.env.cr.execute(
            SQL(
                """
            WITH vt AS (%(types)s),
            asg AS (
                SELECT DISTINCT ON (a.partner_id)
                       a.partner_id, a.type_id, a.segment_id, a.eligible_amount
                  FROM wiseparts_segment_assignment a
                  JOIN res_partner p ON p.id = a.partner_id
                  JOIN vt ON vt.type_id = a.type_id
                 WHERE %(scope_a)s
                 ORDER BY a.partner_id, (vt.company_id = p.company_id) DESC NULLS LAST,
                          a.type_id
            ),
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
                  JOIN asg ON asg.partner_id = h.partner_id AND asg.segment_id = h.segment_id
                  JOIN wiseparts_segment_run r ON r.id = h.run_id AND r.type_id = asg.type_id
                 GROUP BY h.partner_id
            )
            UPDATE res_partner target
               SET last_visit_date = w.last_visit_date,
                   visit_every_days = w.visit_every_days,
                   next_visit_date = w.next_visit_date,
                   visit_segment_id = w.segment_id,
                   visit_segment_priority = w.priority,
                   visit_sales_rank = w.sales_rank
              FROM (
                SELECT c.id, v.last_visit_date,
                       NULLIF(s.visit_every_days, 0) AS visit_every_days,
                       CASE WHEN s.visit_every_days > 0 THEN
                            COALESCE(v.last_visit_date + s.visit_every_days, g.got_date,
                                     c.create_date::date)
                       END AS next_visit_date,
                       asg.segment_id, s.priority, %(rank)s AS sales_rank
                  FROM res_partner c
                  LEFT JOIN asg ON asg.partner_id = c.id
                  LEFT JOIN wiseparts_segment s ON s.id = asg.segment_id
                  LEFT JOIN visits v ON v.partner_id = c.id
                  LEFT JOIN got g ON g.partner_id = c.id
                 WHERE c.id = c.commercial_partner_id AND %(scope_c)s
              ) w
             WHERE w.id = target.id
               AND (target.last_visit_date, target.visit_every_days, target.next_visit_date,
                    target.visit_segment_id, target.visit_segment_priority,
                    target.visit_sales_rank)
                   IS DISTINCT FROM
                   (w.last_visit_date, w.visit_every_days, w.next_visit_date,
                    w.segment_id, w.priority, w.sales_rank)
            """,
                types=self._wiseparts_visit_types_sql(),
                scope_a=scope("a.partner_id"),
                scope_v=scope("act.commercial_partner_id"),
                scope_c=scope("c.id"),
                rank=rank,
            )
        )
        self.invalidate_model(VISIT_FIELDS)
