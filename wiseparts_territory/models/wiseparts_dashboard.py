from collections import defaultdict

from odoo import api, models


class WisepartsDashboard(models.AbstractModel):
    _inherit = "wiseparts.dashboard"

    @api.model
    def _sales_vs_goal_goals(self, scopes, months):
        """Sales goals (metric ``sales``) of the dashboard's scopes: ``mine`` = the user's own
        goals, ``team`` = the goals of the teams the scope counts (the teams the user leads or
        belongs to, or every team of the company when the user is in none)."""
        result = super()._sales_vs_goal_goals(scopes, months)
        if not months:
            return result
        Goal = self.env["wiseparts.goal"].sudo()
        user = self.env.user
        base_domain = [
            ("metric", "=", "sales"),
            ("company_id", "=", self.env.company.id),
            ("date_start", "in", list(months)),
        ]
        wanted = {}
        if "mine" in scopes:
            wanted["mine"] = [("user_id", "=", user.id)]
        if "team" in scopes:
            teams = self.env["crm.team"].search(
                ["|", ("user_id", "=", user.id), ("member_ids", "in", user.ids)]
            )
            wanted["team"] = [("team_id", "in", teams.ids) if teams else ("team_id", "!=", False)]
        for scope, domain in wanted.items():
            totals = defaultdict(float)
            for month, target in Goal._read_group(
                base_domain + domain, ["date_start:month"], ["target:sum"]
            ):
                totals[month] += target
            if totals:
                result[scope] = {month: totals[month] for month in months if month in totals}
        return result
