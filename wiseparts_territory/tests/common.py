from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.wiseparts_activities.tests.common import ActivitiesCommon


class TerritoryCommon(ActivitiesCommon):
    """Two teams: North (Rita Rep, Oscar Other) and South (Sam South); Tina Team (team
    documents) belongs to both; Nora None (team documents) to none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("sales_team.membership_multi", True)
        # the tests place customers in their own territories only (demo data has some)
        cls.env["wiseparts.territory"].search([("active", "=", True)]).active = False
        cls.user_south = new_test_user(
            cls.env, login="wp_south", groups="sales_team.group_sale_salesman", name="Sam South"
        )
        team_group = "wiseparts_territory.group_sale_team_documents"
        cls.user_team = new_test_user(cls.env, login="wp_team", groups=team_group, name="Tina Team")
        cls.user_none = new_test_user(cls.env, login="wp_none", groups=team_group, name="Nora None")
        Team = cls.env["crm.team"]
        cls.team_north = Team.create(
            {
                "name": "North",
                "member_ids": [Command.set([cls.user_rep.id, cls.user_rep2.id, cls.user_team.id])],
            }
        )
        cls.team_south = Team.create(
            {"name": "South", "member_ids": [Command.set([cls.user_south.id, cls.user_team.id])]}
        )
        cls.c_south = cls.env["res.partner"].create(
            {"name": "South Garage", "is_company": True, "user_id": cls.user_south.id}
        )
        cls.c_alone = cls.env["res.partner"].create(
            {"name": "Nora's Garage", "is_company": True, "user_id": cls.user_none.id}
        )
