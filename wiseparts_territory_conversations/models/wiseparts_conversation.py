from odoo import models
from odoo.tools import SQL


class WisepartsConversation(models.Model):
    _inherit = "wiseparts.conversation"

    def _wiseparts_reader_users_sql(self):
        """Also the *team documents* users of a sales team of the assignee or of the
        customer's salesperson (the rule "Conversations: team documents")."""
        query = super()._wiseparts_reader_users_sql()
        watched = (self.user_id | self.partner_id.user_id).ids
        if not watched:
            return query
        self.env["crm.team.member"].flush_model(["user_id", "crm_team_id", "active"])
        team_documents = self.env.ref("wiseparts_territory.group_sale_team_documents")
        return SQL(
            """%s UNION
            SELECT member.user_id
              FROM crm_team_member member
              JOIN crm_team_member watched
                ON watched.crm_team_id = member.crm_team_id AND watched.active
              JOIN res_groups_users_rel groups
                ON groups.uid = member.user_id AND groups.gid = %s
             WHERE member.active AND watched.user_id = ANY(%s)""",
            query,
            team_documents.id,
            watched,
        )
