from odoo import fields, models
from odoo.tools import SQL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    wiseparts_activity_id = fields.Many2one(
        "wiseparts.activity",
        string="After Activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The latest done visit or call of this customer before the order was confirmed, "
        "within the company's attribution window: the order is credited to it.",
    )

    def action_confirm(self):
        result = super().action_confirm()
        self._wiseparts_attribute_activity()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        # sudo: attribution is bookkeeping of the order, not a change the user makes
        self.sudo().filtered("wiseparts_activity_id").write({"wiseparts_activity_id": False})
        return result

    def _wiseparts_attribution_query(self):
        """(order id, activity id) for each confirmed order of self credited to an activity.

        An order is credited to the latest *done* activity of kind visit or call of the same
        commercial customer and company whose ``start`` (the activity's date: when it took
        place, not when its report was written) is at or before the order's confirmation
        (``date_order``, which Odoo sets when confirming) and at most
        ``company.wiseparts_attribution_days`` calendar days before it, days counted in the
        activity user's timezone (UTC when none). Ties: latest start, then highest id.
        """
        return SQL(
            """
            SELECT DISTINCT ON (o.id) o.id, a.id
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
              JOIN res_company c ON c.id = o.company_id
              JOIN wiseparts_activity a
                ON a.commercial_partner_id = p.commercial_partner_id
               AND a.company_id = o.company_id
               AND a.state = 'done'
               AND a.kind IN ('visit', 'call')
               AND a.start <= o.date_order
              JOIN res_users u ON u.id = a.user_id
              JOIN res_partner up ON up.id = u.partner_id
             WHERE o.id = ANY(%(order_ids)s)
               AND o.state = 'sale'
               AND (o.date_order AT TIME ZONE 'UTC'
                    AT TIME ZONE COALESCE(NULLIF(up.tz, ''), 'UTC'))::date
                 - (a.start AT TIME ZONE 'UTC'
                    AT TIME ZONE COALESCE(NULLIF(up.tz, ''), 'UTC'))::date
                <= c.wiseparts_attribution_days
          ORDER BY o.id, a.start DESC, a.id DESC
            """,
            order_ids=self.ids,
        )

    def _wiseparts_attribute_activity(self):
        """Credit each confirmed order of self to its activity (see
        ``_wiseparts_attribution_query``); others are credited to none. One query for the
        whole batch, one write per activity."""
        if not self:
            return
        self.flush_model()
        self.env["wiseparts.activity"].flush_model(
            ["commercial_partner_id", "company_id", "state", "kind", "start", "user_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "tz"])
        self.env["res.company"].flush_model(["wiseparts_attribution_days"])
        activity_of = dict(self.env.execute_query(self._wiseparts_attribution_query()))
        # sudo: the credited activity may be another rep's; the user confirmed the orders
        orders = self.sudo()
        by_activity = {}
        for order in orders:
            activity_id = activity_of.get(order.id, False)
            if order.wiseparts_activity_id.id != activity_id:
                by_activity.setdefault(activity_id, []).append(order.id)
        for activity_id, order_ids in by_activity.items():
            orders.browse(order_ids).write({"wiseparts_activity_id": activity_id})
