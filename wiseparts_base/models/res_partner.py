from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="Defaults to the salesperson's team.",
    )
    customer_status = fields.Selection(
        [("current", "Current customer"), ("potential", "Potential customer")],
        default="potential",
        required=True,
        index=True,
        tracking=True,
    )
    temperature = fields.Selection(
        [("hot", "Hot"), ("warm", "Warm"), ("cold", "Cold"), ("not_interested", "Not interested")],
        tracking=True,
    )
    discount_percent = fields.Float(
        string="Discount %",
        digits="Discount",
        tracking=True,
        help="Applied as the discount of every new sale order line for this customer.",
    )
    is_branch = fields.Boolean(
        string="Branch",
        help="A branch has its own address and salesperson and places orders itself; "
        "it is invoiced through its parent customer.",
    )
    branch_ids = fields.One2many(
        "res.partner", "parent_id", string="Branches", domain=[("is_branch", "=", True)]
    )

    _sql_constraints = [
        (
            "discount_percent_range",
            "CHECK(discount_percent >= 0 AND discount_percent <= 100)",
            "The discount % of a customer must be between 0 and 100.",
        ),
    ]

    @api.depends("user_id")
    def _compute_team_id(self):
        for partner in self:
            if partner.user_id and not partner.team_id:
                partner.team_id = partner.user_id.sale_team_id
