from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    quick_order_expiry_days = fields.Integer(
        string="Quick-order link validity (days)",
        default=90,
        help="New quick-order links expire after this many days; 0 means they never expire.",
    )
    quick_order_categ_id = fields.Many2one(
        "product.category",
        string="Quick-order product category",
        help="Only products of this category (or its sub-categories) are offered.",
    )
    quick_order_brand_id = fields.Many2one(
        "wiseparts.brand",
        string="Quick-order brand",
        help="Only products of this brand are offered.",
    )
    quick_order_tag_ids = fields.Many2many(
        "product.tag",
        string="Quick-order product tags",
        help="Only products with one of these tags are offered.",
    )
    quick_order_min_amount = fields.Monetary(
        string="Quick-order minimum order value",
        currency_field="currency_id",
        help="Untaxed order value a quick order must reach (0: no minimum).",
    )
    quick_order_max_amount = fields.Monetary(
        string="Quick-order maximum order value",
        currency_field="currency_id",
        help="Untaxed order value a quick order may not exceed (0: no maximum).",
    )
    quick_order_max_lines = fields.Integer(
        string="Quick-order maximum cart lines",
        default=200,
        help="Lines a quick-order cart may hold; adding more is refused (0: no limit).",
    )
    quick_order_show_stock = fields.Boolean(
        string="Show availability on quick-order pages",
        help="Needs the Inventory application.",
    )
    quick_order_confirm = fields.Boolean(
        string="Confirm quick orders",
        help="Confirm submitted quick orders directly instead of keeping them as quotations "
        "to review.",
    )
    quick_order_user_id = fields.Many2one(
        "res.users",
        string="Quick-order salesperson",
        help="Salesperson of quick orders; empty: the customer's salesperson.",
    )
    quick_order_team_id = fields.Many2one(
        "crm.team",
        string="Quick-order sales team",
        help="Sales team of quick orders; empty: the customer's sales team.",
    )

    @api.constrains("quick_order_max_lines")
    def _check_quick_order_max_lines(self):
        for company in self:
            if company.quick_order_max_lines < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the quick-order maximum cart lines cannot be negative.",
                        company=company.display_name,
                    )
                )
