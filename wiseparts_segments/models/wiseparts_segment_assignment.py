from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# what a salesperson may change on an assignment of one of their customers
REP_WRITABLE = {"manual_segment_id"}


class WisepartsSegmentAssignment(models.Model):
    _name = "wiseparts.segment.assignment"
    _inherit = ["wiseparts.invoice.figures.mixin"]
    _description = "Customer Segment Assignment"
    _order = "type_id, eligible_amount desc, partner_id"
    _rec_name = "partner_id"
    # rewritten by every run (computed_at says when): the audit columns would only add two
    # foreign-key checks per written row
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    # indexed by the unique (type_id, partner_id) constraint
    type_id = fields.Many2one(
        "wiseparts.segment.type", string="Segment Type", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="type_id.company_id")
    currency_id = fields.Many2one(related="type_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    auto_segment_id = fields.Many2one(
        "wiseparts.segment", string="Automatic Segment", readonly=True, ondelete="set null"
    )
    manual_segment_id = fields.Many2one(
        "wiseparts.segment",
        ondelete="set null",
        domain="[('type_id', '=', type_id)]",
        help="Wins over the automatic segment and survives every automatic run.",
    )
    segment_id = fields.Many2one(
        "wiseparts.segment",
        compute="_compute_segment_id",
        store=True,
        index=True,
        help="Effective segment: the manual one when set, else the automatic one.",
    )
    segment_color = fields.Integer(related="segment_id.color", string="Color")
    is_override = fields.Boolean(
        string="Manual Override", compute="_compute_segment_id", store=True
    )
    eligible_amount = fields.Monetary(string="Eligible Sales", readonly=True)
    last_purchase_date = fields.Date(readonly=True)
    computed_at = fields.Datetime(readonly=True)
    tooltip = fields.Char(compute="_compute_tooltip")

    _sql_constraints = [
        (
            "partner_type_uniq",
            "unique(type_id, partner_id)",
            "A customer has one assignment per segment type.",
        ),
    ]

    @api.depends("manual_segment_id", "auto_segment_id")
    def _compute_segment_id(self):
        for assignment in self:
            assignment.segment_id = assignment.manual_segment_id or assignment.auto_segment_id
            assignment.is_override = bool(
                assignment.manual_segment_id
                and assignment.manual_segment_id != assignment.auto_segment_id
            )

    @api.depends("type_id", "auto_segment_id", "manual_segment_id", "eligible_amount")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_tooltip(self):
        for assignment in self:
            if not assignment.amounts_visible:
                amount = "-"
            elif assignment.currency_id:
                amount = assignment.currency_id.format(assignment.eligible_amount or 0.0)
            else:
                amount = assignment.eligible_amount
            assignment.tooltip = self.env._(
                "%(type)s: automatic %(auto)s, manual %(manual)s, eligible sales %(amount)s",
                type=assignment.type_id.name or "",
                auto=assignment.auto_segment_id.name or "-",
                manual=assignment.manual_segment_id.name or "-",
                amount=amount,
            )

    @api.constrains("manual_segment_id", "type_id")
    def _check_manual_segment_type(self):
        for assignment in self:
            if assignment.manual_segment_id and (
                assignment.manual_segment_id.type_id != assignment.type_id
            ):
                raise ValidationError(
                    self.env._(
                        "The manual segment %(segment)s of %(partner)s is not a segment of "
                        "%(type)s.",
                        segment=assignment.manual_segment_id.display_name,
                        partner=assignment.partner_id.display_name,
                        type=assignment.type_id.display_name,
                    )
                )

    def _check_rep_fields(self, fnames):
        if self.env["res.users"]._wiseparts_is_sales_admin():
            return
        forbidden = set(fnames) - REP_WRITABLE - {"partner_id", "type_id"}
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only a Sales administrator can change %(fields)s of a segment assignment.",
                    fields=", ".join(sorted(forbidden)),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_rep_fields(vals)
        assignments = super().create(vals_list)
        self.env["res.partner"]._refresh_default_segment(assignments.partner_id.ids)
        return assignments

    def write(self, vals):
        self._check_rep_fields(vals)
        if not self.env["res.users"]._wiseparts_is_sales_admin():
            if {"partner_id", "type_id"} & set(vals):
                raise AccessError(
                    self.env._("Only a Sales administrator can move a segment assignment.")
                )
        res = super().write(vals)
        if {"manual_segment_id", "auto_segment_id", "partner_id", "type_id"} & set(vals):
            self.env["res.partner"]._refresh_default_segment(self.partner_id.ids)
        return res

    def unlink(self):
        partner_ids = self.partner_id.ids
        res = super().unlink()
        self.env["res.partner"]._refresh_default_segment(partner_ids)
        return res
