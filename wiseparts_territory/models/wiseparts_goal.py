from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class WisepartsGoal(models.Model):
    _name = "wiseparts.goal"
    _description = "Monthly Sales Goal"
    _order = "date_start desc, team_id, user_id, metric"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("crm.team", string="Sales Team", index="btree_not_null")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index="btree_not_null", domain="[('share', '=', False)]"
    )
    date_start = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the month of the goal.",
    )
    metric = fields.Selection(
        [
            ("sales", "Net invoiced sales"),
            ("visits", "Done visits"),
            ("new_customers", "New customers"),
        ],
        required=True,
        default="sales",
    )
    target = fields.Float(required=True)
    actual = fields.Float(compute="_compute_actual")
    percent = fields.Float(string="Achieved (%)", compute="_compute_actual")

    _sql_constraints = [
        (
            "team_or_user",
            "CHECK ((team_id IS NULL) <> (user_id IS NULL))",
            "A goal is for a sales team or for a salesperson, not both.",
        ),
        (
            "first_of_month",
            "CHECK (EXTRACT(DAY FROM date_start) = 1)",
            "A goal's month starts on its first day.",
        ),
        (
            "target_positive",
            "CHECK (target > 0)",
            "A goal's target must be greater than zero.",
        ),
        (
            "unique_goal",
            "UNIQUE NULLS NOT DISTINCT (company_id, team_id, user_id, metric, date_start)",
            "There is already a goal of this metric for this month.",
        ),
    ]

    @api.depends("team_id", "user_id", "metric", "date_start")
    def _compute_display_name(self):
        metrics = dict(self._fields["metric"]._description_selection(self.env))
        for goal in self:
            goal.display_name = self.env._(
                "%(who)s: %(metric)s, %(month)s",
                who=(goal.team_id or goal.user_id).display_name or "",
                metric=metrics.get(goal.metric, ""),
                month=goal.date_start.strftime("%m/%Y") if goal.date_start else "",
            )

    @api.depends("team_id", "user_id", "metric", "date_start", "target")
    @api.depends_context("uid")
    def _compute_actual(self):
        """Results of the goal's salesperson, or of every current member of its team, in its
        month. Team members see the team's total: goals are shared figures, computed with
        the rights of the system (one query per metric for all the goals)."""
        goals = self.filtered(lambda g: g.date_start and g.metric and (g.team_id or g.user_id))
        (self - goals).update({"actual": 0.0, "percent": 0.0})
        if not goals:
            return
        members = dict(
            self.env["crm.team.member"]
            .sudo()
            ._read_group(
                [("crm_team_id", "in", goals.team_id.ids)], ["crm_team_id"], ["user_id:array_agg"]
            )
        )
        users_of = {goal: goal.user_id.ids or members.get(goal.team_id, []) for goal in goals}
        user_ids = sorted({uid for ids in users_of.values() for uid in ids})
        date_from = min(goals.mapped("date_start"))
        date_to = max(goals.mapped("date_start")) + relativedelta(months=1)
        results = {}
        for metric in set(goals.mapped("metric")):
            results[metric] = getattr(self, f"_actual_{metric}")(
                user_ids, date_from, date_to, goals.company_id.ids
            )
        for goal in goals:
            month = goal.date_start
            by_user = results[goal.metric]
            goal.actual = sum(
                by_user.get((uid, month, goal.company_id.id), 0.0) for uid in users_of[goal]
            )
            goal.percent = 100.0 * goal.actual / goal.target if goal.target else 0.0

    def _actual_rows(self, query):
        totals = defaultdict(float)
        for user_id, month, company_id, value in self.env.execute_query(query):
            totals[(user_id, month, company_id)] += value or 0.0
        return totals

    @api.model
    def _actual_sales(self, user_ids, date_from, date_to, company_ids):
        """Net invoiced sales (untaxed, company currency; credit notes subtract), by invoice
        salesperson and month of invoice date, as the segments count them."""
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        return self._actual_rows(
            SQL(
                """
                SELECT m.invoice_user_id, date_trunc('month', m.invoice_date)::date, m.company_id,
                       SUM(-l.balance)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                 WHERE m.state = 'posted' AND m.move_type IN %s
                   AND l.display_type = 'product'
                   AND m.invoice_user_id = ANY(%s) AND m.company_id = ANY(%s)
                   AND m.invoice_date >= %s AND m.invoice_date < %s
                 GROUP BY 1, 2, 3
                """,
                CUSTOMER_MOVE_TYPES,
                user_ids,
                company_ids,
                date_from,
                date_to,
            )
        )

    @api.model
    def _actual_visits(self, user_ids, date_from, date_to, company_ids):
        """Done visits by assignee and month of the visit."""
        self.env["wiseparts.activity"].flush_model()
        return self._actual_rows(
            SQL(
                """
                SELECT user_id, date_trunc('month', start)::date, company_id, COUNT(*)
                  FROM wiseparts_activity
                 WHERE state = 'done' AND kind = 'visit'
                   AND user_id = ANY(%s) AND company_id = ANY(%s)
                   AND start >= %s AND start < %s
                 GROUP BY 1, 2, 3
                """,
                user_ids,
                company_ids,
                date_from,
                date_to,
            )
        )

    @api.model
    def _actual_new_customers(self, user_ids, date_from, date_to, company_ids):
        """Customers whose first posted invoice (of the company) falls in the month, counted
        for their salesperson."""
        self.env["account.move"].flush_model()
        self.env["res.partner"].flush_model(["user_id"])
        return self._actual_rows(
            SQL(
                """
                SELECT p.user_id, date_trunc('month', f.first_date)::date, f.company_id, COUNT(*)
                  FROM (SELECT commercial_partner_id, company_id, MIN(invoice_date) AS first_date
                          FROM account_move
                         WHERE state = 'posted' AND move_type = 'out_invoice'
                           AND company_id = ANY(%s)
                         GROUP BY 1, 2) f
                  JOIN res_partner p ON p.id = f.commercial_partner_id
                 WHERE p.user_id = ANY(%s) AND f.first_date >= %s AND f.first_date < %s
                 GROUP BY 1, 2, 3
                """,
                company_ids,
                user_ids,
                date_from,
                date_to,
            )
        )

    @api.constrains("team_id", "user_id")
    def _check_company_of_team(self):
        for goal in self:
            if goal.team_id.company_id and goal.team_id.company_id != goal.company_id:
                raise ValidationError(
                    self.env._(
                        "Goal %(goal)s: the team %(team)s belongs to another company.",
                        goal=goal.display_name,
                        team=goal.team_id.display_name,
                    )
                )
