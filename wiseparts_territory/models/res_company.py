from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wiseparts_customer_visibility = fields.Selection(
        [
            ("all", "Every internal user reads every customer"),
            ("own", "Salespeople read their own (or their teams') customers"),
        ],
        string="Customer Visibility",
        default="all",
        required=True,
        help="With 'own', salespeople with own documents see only their customers and their "
        "branches, team documents users their teams' customers; all documents users and "
        "call-centre users see everyone. Partners that are not customers stay readable.",
    )

    wiseparts_visits_per_day = fields.Integer(
        string="Visits per Day",
        default=8,
        help="How many visits a salesperson can make on a working day (workload capacity).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "wiseparts_customer_visibility" in vals:
            # the partner record rules read this setting: their cached domains are stale
            self.env.registry.clear_cache()
        return result
