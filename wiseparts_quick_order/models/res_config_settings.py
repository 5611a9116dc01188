from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quick_order_expiry_days = fields.Integer(
        related="company_id.quick_order_expiry_days", readonly=False
    )
    quick_order_categ_id = fields.Many2one(
        related="company_id.quick_order_categ_id", readonly=False
    )
    quick_order_brand_id = fields.Many2one(
        related="company_id.quick_order_brand_id", readonly=False
    )
    quick_order_tag_ids = fields.Many2many(related="company_id.quick_order_tag_ids", readonly=False)
    quick_order_min_amount = fields.Monetary(
        related="company_id.quick_order_min_amount", readonly=False
    )
    quick_order_max_amount = fields.Monetary(
        related="company_id.quick_order_max_amount", readonly=False
    )
    quick_order_max_lines = fields.Integer(
        related="company_id.quick_order_max_lines", readonly=False
    )
    quick_order_show_stock = fields.Boolean(
        related="company_id.quick_order_show_stock", readonly=False
    )
    quick_order_confirm = fields.Boolean(related="company_id.quick_order_confirm", readonly=False)
    quick_order_user_id = fields.Many2one(related="company_id.quick_order_user_id", readonly=False)
    quick_order_team_id = fields.Many2one(related="company_id.quick_order_team_id", readonly=False)
    quick_order_rate_pages = fields.Integer(
        string="Quick-order page loads per minute",
        config_parameter="wiseparts_quick_order.rate_pages",
        default=60,
        help="Per client address and per link; 0 disables the limit.",
    )
    quick_order_rate_orders = fields.Integer(
        string="Quick orders per hour",
        config_parameter="wiseparts_quick_order.rate_orders",
        default=10,
        help="Per client address and per link; 0 disables the limit.",
    )
