from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression


class WisepartsActivity(models.Model):
    _inherit = "wiseparts.activity"

    currency_id = fields.Many2one(related="company_id.currency_id")
    attributed_order_ids = fields.One2many(
        "sale.order",
        "wiseparts_activity_id",
        string="Orders After Activity",
        readonly=True,
        help="Confirmed orders credited to this activity: the customer ordered within the "
        "company's attribution window after it, and no later visit or call came between.",
    )
    attributed_order_count = fields.Integer(
        compute="_compute_attributed_order_count", string="Orders After"
    )
    attributed_amount = fields.Monetary(
        compute="_compute_attributed_amount",
        store=True,
        string="Revenue After",
        help="Untaxed amount of the confirmed orders credited to this activity, in the "
        "company currency.",
    )

    def _compute_attributed_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("wiseparts_activity_id", "in", self.ids), ("state", "=", "sale")],
                ["wiseparts_activity_id"],
                ["__count"],
            )
        )
        for activity in self:
            activity.attributed_order_count = counts.get(activity, 0)

    @api.depends(
        "attributed_order_ids.state",
        "attributed_order_ids.amount_untaxed",
        "attributed_order_ids.currency_rate",
        "company_id.currency_id",
    )
    def _compute_attributed_amount(self):
        for activity in self:
            amount = sum(
                order.amount_untaxed / (order.currency_rate or 1.0)
                for order in activity.attributed_order_ids
                if order.state == "sale"
            )
            activity.attributed_amount = activity.company_id.currency_id.round(amount)

    def action_done(self):
        result = super().action_done()
        self._wiseparts_reattribute_orders()
        return result

    def action_reset(self):
        # sudo: the credited orders may be of another rep; they are only re-credited
        credited = self.sudo().attributed_order_ids
        result = super().action_reset()
        self._wiseparts_reattribute_orders(credited)
        return result

    def action_view_attributed_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("wiseparts_activity_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _wiseparts_reattribute_orders(self, orders=None):
        """Credit again the confirmed orders these activities may win or lose: those of
        their customers confirmed since their start within the window (an activity whose
        report is written after the customer ordered still gets the order), and ``orders``."""
        # sudo: attribution is bookkeeping; the orders may be another rep's
        SaleOrder = self.env["sale.order"].sudo()
        domain = []
        for activity in self.filtered(lambda a: a.state == "done" and a.kind in ("visit", "call")):
            days = activity.company_id.wiseparts_attribution_days
            domain.append(
                [
                    ("partner_id.commercial_partner_id", "=", activity.commercial_partner_id.id),
                    ("company_id", "=", activity.company_id.id),
                    ("date_order", ">=", activity.start),
                    # a margin over the window (calendar days in the user's timezone): the
                    # query decides
                    ("date_order", "<", activity.start + timedelta(days=days + 2)),
                ]
            )
        candidates = SaleOrder.browse()
        if domain:
            candidates = SaleOrder.search(
                expression.AND([[("state", "=", "sale")], expression.OR(domain)])
            )
        (candidates | (orders or SaleOrder).sudo())._wiseparts_attribute_activity()
