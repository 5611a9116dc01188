from odoo import Command, api, fields, models


class WisepartsRebalance(models.TransientModel):
    _name = "wiseparts.rebalance"
    _description = "Workload Balance of a Sales Team"

    team_id = fields.Many2one("crm.team", string="Sales Team", required=True)
    month = fields.Date(required=True, default=fields.Date.context_today)
    member_ids = fields.One2many("wiseparts.rebalance.member", "rebalance_id", string="Members")
    move_ids = fields.One2many("wiseparts.rebalance.move", "rebalance_id", string="Moves")

    @api.onchange("team_id", "month")
    def _onchange_team_id(self):
        self._propose()

    def action_propose(self):
        self.ensure_one()
        self._propose()
        return self._reopen()

    def _propose(self):
        if not self.team_id:
            self.member_ids = self.move_ids = [Command.clear()]
            return
        Territory = self.env["wiseparts.territory"]
        rows = Territory.workload(self.team_id.id, self.month)
        moves = Territory.propose_rebalance(self.team_id.id, self.month)
        after = {row["user_id"]: row["visits_needed"] for row in rows}
        every = dict(
            self.env["res.partner"]
            .browse([m["partner_id"] for m in moves])
            .mapped(lambda p: (p.id, p.visit_every_days))
        )
        for move in moves:
            need = 30.4 / every[move["partner_id"]]
            after[move["from_user_id"]] -= need
            after[move["to_user_id"]] += need
        self.member_ids = [Command.clear()] + [
            Command.create(
                {
                    "user_id": row["user_id"],
                    "customers": row["customers"],
                    "visits_needed": row["visits_needed"],
                    "capacity": row["capacity"],
                    "utilisation": row["utilisation"],
                    "utilisation_after": round(100.0 * after[row["user_id"]] / row["capacity"], 1)
                    if row["capacity"]
                    else 0.0,
                }
            )
            for row in rows
        ]
        self.move_ids = [Command.clear()] + [
            Command.create(
                {
                    "partner_id": move["partner_id"],
                    "from_user_id": move["from_user_id"],
                    "to_user_id": move["to_user_id"],
                    "distance_km": move["distance_km"],
                }
            )
            for move in moves
        ]

    def action_apply(self):
        """Apply the kept moves through res.partner.wiseparts_reassign (its rights apply)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        changed = 0
        for user in self.move_ids.to_user_id:
            partners = self.move_ids.filtered(lambda m, u=user: m.to_user_id == u).partner_id
            changed += Partner.wiseparts_reassign(partners.ids, user.id, self.team_id.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s customers reassigned.", count=changed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class WisepartsRebalanceMember(models.TransientModel):
    _name = "wiseparts.rebalance.member"
    _description = "Workload of a Team Member"

    rebalance_id = fields.Many2one("wiseparts.rebalance", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customers = fields.Integer(readonly=True)
    visits_needed = fields.Float(string="Visits Needed per Month", readonly=True)
    capacity = fields.Float(string="Capacity per Month", readonly=True)
    utilisation = fields.Float(string="Utilisation (%)", readonly=True)
    utilisation_after = fields.Float(string="After the Moves (%)", readonly=True)


class WisepartsRebalanceMove(models.TransientModel):
    _name = "wiseparts.rebalance.move"
    _description = "Proposed Customer Move"

    rebalance_id = fields.Many2one("wiseparts.rebalance", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    from_user_id = fields.Many2one("res.users", string="From", required=True)
    to_user_id = fields.Many2one("res.users", string="To", required=True)
    distance_km = fields.Float(string="Distance (km)")
