from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    wiseparts_team_user_ids = fields.Many2many(
        "res.users",
        string="Team Members",
        compute="_compute_wiseparts_team_user_ids",
        help="The user and every member of every sales team the user belongs to (used by the "
        "team documents record rules).",
    )

    @api.depends(
        "crm_team_member_ids.active",
        "crm_team_member_ids.crm_team_id.crm_team_member_ids.active",
        "crm_team_member_ids.crm_team_id.crm_team_member_ids.user_id",
    )
    def _compute_wiseparts_team_user_ids(self):
        # sudo: who is in my teams is needed to evaluate my own record rules
        Member = self.env["crm.team.member"].sudo()
        teams_of = dict(
            Member._read_group(
                [("user_id", "in", self.ids)], ["user_id"], ["crm_team_id:array_agg"]
            )
        )
        team_ids = {team_id for ids in teams_of.values() for team_id in ids}
        users_of = dict(
            Member._read_group(
                [("crm_team_id", "in", list(team_ids))], ["crm_team_id"], ["user_id:array_agg"]
            )
        )
        for user in self:
            ids = {user.id}
            for team_id in teams_of.get(user, []):
                ids.update(users_of.get(self.env["crm.team"].browse(team_id), []))
            user.wiseparts_team_user_ids = [fields.Command.set(sorted(ids))]
