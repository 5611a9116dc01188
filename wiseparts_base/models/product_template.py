from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    brand_id = fields.Many2one("wiseparts.brand", index="btree_not_null", tracking=True)
