from odoo import api, fields, models

VISIBILITY_RULES = (
    "wiseparts_territory.res_partner_rule_own_customers",
    "wiseparts_territory.res_partner_rule_team_customers",
    "wiseparts_territory.res_partner_rule_all_customers",
    "wiseparts_territory.res_partner_rule_callcenter_customers",
)


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

    def init(self):
        res = super().init()
        # The default also in PostgreSQL: a registry without this addon (Odoo's at-install
        # tests of modules loaded before it, a server started without it) creates companies
        # without this column, which NOT NULL would refuse.
        self.env.cr.execute(
            "ALTER TABLE res_company ALTER COLUMN wiseparts_customer_visibility SET DEFAULT 'all'"
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(vals.get("wiseparts_customer_visibility") == "own" for vals in vals_list):
            self._wiseparts_sync_visibility_rules()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if "wiseparts_customer_visibility" in vals:
            self._wiseparts_sync_visibility_rules()
        return result

    @api.model
    def _wiseparts_sync_visibility_rules(self):
        """The partner rules of the customer visibility are active while some company has
        the setting "own" (their domains read each user's company setting)."""
        own = bool(self.sudo().search_count([("wiseparts_customer_visibility", "=", "own")]))
        rules = self.env["ir.rule"].sudo().with_context(active_test=False)
        for xmlid in VISIBILITY_RULES:
            rule = self.env.ref(xmlid, raise_if_not_found=False)
            if rule:
                rules |= rule
        rules.filtered(lambda rule: rule.active != own).write({"active": own})
        # rule domains are cached per user: they read this setting
        self.env.registry.clear_cache()
