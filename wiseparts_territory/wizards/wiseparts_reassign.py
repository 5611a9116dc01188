from odoo import fields, models


class WisepartsReassign(models.TransientModel):
    _name = "wiseparts.reassign"
    _description = "Reassign Customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    user_id = fields.Many2one(
        "res.users", string="New Salesperson", required=True, domain="[('share', '=', False)]"
    )
    team_id = fields.Many2one("crm.team", string="New Sales Team")

    def action_reassign(self):
        self.ensure_one()
        count = self.env["res.partner"].wiseparts_reassign(
            self.partner_ids.ids, self.user_id.id, self.team_id.id or None
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customers reassigned to %(user)s.",
                    count=count,
                    user=self.user_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
