from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    wiseparts_goal_ids = fields.One2many("wiseparts.goal", "team_id", string="Goals")
