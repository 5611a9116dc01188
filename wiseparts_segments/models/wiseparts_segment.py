from odoo import api, fields, models


class WisepartsSegment(models.Model):
    _name = "wiseparts.segment"
    _description = "Customer Segment"
    _order = "type_id, priority, id"

    name = fields.Char(required=True, translate=True)
    type_id = fields.Many2one(
        "wiseparts.segment.type",
        string="Segment Type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="type_id.company_id", store=True, index=True)
    kind = fields.Selection(related="type_id.kind")
    sales_percent = fields.Float(
        string="Sales %",
        digits=(16, 2),
        help="Share of the total eligible sales this segment captures (ABC types). "
        "The thresholds of the non-excluded segments total 100 %.",
    )
    visit_every_days = fields.Integer(
        string="Visit Every (Days)", help="Recommended number of days between two visits."
    )
    priority = fields.Integer(default=10, help="Order of the segments: drag to reorder.")
    is_default = fields.Boolean(
        string="Default",
        help="Fallback for customers with no eligible sales and new customers.",
    )
    is_excluded = fields.Boolean(
        string="Excluded",
        help="Never assigned automatically (VIPs, special contracts, internal accounts); "
        "its threshold is forced to 0.",
    )
    recency_state = fields.Selection(
        [("active", "Active"), ("inactive", "Inactive"), ("recovered", "Recovered")],
        help="Recency types: the purchase state this segment stands for.",
    )
    color = fields.Integer(default=0)
    assignment_ids = fields.One2many("wiseparts.segment.assignment", "segment_id")
    customer_count = fields.Integer(string="Customers", compute="_compute_stats")
    eligible_amount = fields.Monetary(
        string="Eligible Sales", compute="_compute_stats", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="type_id.currency_id")

    _sql_constraints = [
        (
            "recency_state_uniq",
            "unique(type_id, recency_state)",
            "A recency type has one segment per state.",
        ),
        (
            "sales_percent_range",
            "CHECK(sales_percent >= 0 AND sales_percent <= 100)",
            "A segment's sales % must be between 0 and 100.",
        ),
    ]

    @api.depends("assignment_ids.segment_id", "assignment_ids.eligible_amount")
    def _compute_stats(self):
        groups = self.env["wiseparts.segment.assignment"]._read_group(
            [("segment_id", "in", self.ids)], ["segment_id"], ["__count", "eligible_amount:sum"]
        )
        stats = {segment: (count, amount) for segment, count, amount in groups}
        for segment in self:
            segment.customer_count, segment.eligible_amount = stats.get(segment, (0, 0.0))

    @api.constrains("sales_percent", "is_excluded", "is_default", "recency_state")
    def _check_type_thresholds(self):
        # when segments are written through their type, the type checks them once at the end
        if not self.env.context.get("wiseparts_defer_threshold_check"):
            self.type_id._check_segments()

    @api.onchange("is_excluded")
    def _onchange_is_excluded(self):
        if self.is_excluded:
            self.sales_percent = 0.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_excluded"):
                vals["sales_percent"] = 0.0
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("is_excluded"):
            vals = dict(vals, sales_percent=0.0)
        res = super().write(vals)
        if "sales_percent" in vals and not vals.get("is_excluded"):
            # an excluded segment keeps 0 whatever is written
            excluded = self.filtered(lambda s: s.is_excluded and s.sales_percent)
            if excluded:
                super(WisepartsSegment, excluded).write({"sales_percent": 0.0})
        return res
