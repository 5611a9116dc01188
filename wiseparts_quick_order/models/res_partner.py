from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    quick_order_link_ids = fields.One2many(
        "wiseparts.quick.order.link",
        "partner_id",
        string="Quick-order links",
        groups="sales_team.group_sale_salesman",
    )
    quick_order_link_count = fields.Integer(
        compute="_compute_quick_order_link_count",
        string="# Quick-order links",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("quick_order_link_ids")
    def _compute_quick_order_link_count(self):
        counts = dict(
            self.env["wiseparts.quick.order.link"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.quick_order_link_count = counts.get(partner, 0)

    def action_generate_quick_order_link(self):
        """Button and action menu: a new link for this customer, its url shown once."""
        self.ensure_one()
        link, url = self.env["wiseparts.quick.order.link"]._create_links(self)[0]
        return link._action_show_url(url)

    def action_view_quick_order_links(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_quick_order.wiseparts_quick_order_link_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action
