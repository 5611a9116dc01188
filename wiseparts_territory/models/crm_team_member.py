from odoo import api, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    # record rules read the team memberships (res.users.crm_team_ids): their
    # domains are cached per user, so any membership change drops that cache

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
