from odoo import api, fields, models


class WisepartsBrand(models.Model):
    _name = "wiseparts.brand"
    _description = "Product Brand"
    _order = "name"

    name = fields.Char(required=True, index="trigram", translate=False)
    active = fields.Boolean(default=True)
    logo = fields.Image(max_width=256, max_height=256)
    product_tmpl_ids = fields.One2many("product.template", "brand_id", string="Products")
    product_count = fields.Integer(compute="_compute_product_count", string="# Products")

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A brand with this name already exists."),
    ]

    @api.depends("product_tmpl_ids")
    def _compute_product_count(self):
        counts = dict(
            self.env["product.template"]._read_group(
                [("brand_id", "in", self.ids)], ["brand_id"], ["__count"]
            )
        )
        for brand in self:
            brand.product_count = counts.get(brand, 0)

    def action_view_products(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.product_template_action")
        action["domain"] = [("brand_id", "=", self.id)]
        action["context"] = {"default_brand_id": self.id}
        return action
