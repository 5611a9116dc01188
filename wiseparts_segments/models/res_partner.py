from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _inherit = "res.partner"

    segment_assignment_ids = fields.One2many(
        "wiseparts.segment.assignment", "partner_id", string="Segments"
    )
    default_segment_id = fields.Many2one(
        "wiseparts.segment",
        string="Segment",
        index="btree_not_null",
        copy=False,
        inverse="_inverse_default_segment_id",
        domain="[('type_id.is_default', '=', True), ('type_id.active', '=', True)]",
        help="Effective segment of the default segment type (branches and contacts show "
        "their commercial partner's). Choosing a segment sets the customer's manual segment; "
        "emptying it goes back to the automatic segment.",
    )
    default_segment_color = fields.Integer(related="default_segment_id.color")
    default_segment_tooltip = fields.Char(compute="_compute_default_segment_tooltip")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_default_segment_tooltip(self):
        self.default_segment_tooltip = False
        Assignment = self.env["wiseparts.segment.assignment"]
        # accountants, warehouse clerks...: they see the badge, not the assignment behind it
        if not self.ids or not Assignment.has_access("read"):
            return
        assignments = Assignment.search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("type_id.is_default", "=", True),
            ]
        )
        by_segment = {(a.partner_id, a.segment_id): a for a in assignments}
        for partner in self:
            assignment = by_segment.get((partner.commercial_partner_id, partner.default_segment_id))
            partner.default_segment_tooltip = assignment.tooltip if assignment else False

    def _inverse_default_segment_id(self):
        """The segment chosen in the Customers list becomes the manual segment of the
        customer for the chosen segment's type; an empty choice clears the manual segment
        of the default types. Runs with the user's rights: the assignment's record rules
        decide (salespeople: their own customers only)."""
        Assignment = self.env["wiseparts.segment.assignment"]
        commercial = self.commercial_partner_id
        assignments = Assignment.search(
            [
                ("partner_id", "in", commercial.ids),
                ("type_id.is_default", "=", True),
                ("type_id.active", "=", True),
            ]
        )
        by_key = {(a.partner_id, a.type_id): a for a in assignments}
        to_create = []
        for partner in self:
            segment = partner.default_segment_id
            customer = partner.commercial_partner_id
            if segment:
                assignment = by_key.get((customer, segment.type_id))
                if assignment:
                    if assignment.manual_segment_id != segment:
                        assignment.manual_segment_id = segment
                else:
                    to_create.append(
                        {
                            "partner_id": customer.id,
                            "type_id": segment.type_id.id,
                            "manual_segment_id": segment.id,
                        }
                    )
            else:
                assignments.filtered(
                    lambda a, c=customer: a.partner_id == c and a.manual_segment_id
                ).manual_segment_id = False
        if to_create:
            Assignment.create(to_create)
        self._refresh_default_segment(commercial.ids)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._give_default_segments()
        return partners

    def _give_default_segments(self):
        """New customers get the default segment of every active segment type at once
        (one INSERT for all of them), new branches and contacts their commercial
        partner's segment (one UPDATE). New customers are the new commercial partners
        created as companies or as customers (not users' partners, not vendors only).

        Written in SQL without the creator's rights on assignments: a salesperson who
        creates a customer may create it for another salesperson, and the default segment
        is the system's choice, not theirs.
        """
        if not self:
            return
        new_customers = self.filtered(
            lambda p: (
                not p.parent_id
                and (p.is_company or p.customer_rank)
                and not (p.supplier_rank and not p.customer_rank)
            )
        )
        if new_customers:
            self.env["wiseparts.segment.type"].flush_model()
            self.env["wiseparts.segment"].flush_model()
            self.flush_recordset(["company_id"])
            self.env.cr.execute(
                SQL(
                    """
                INSERT INTO wiseparts_segment_assignment AS a
                       (partner_id, type_id, auto_segment_id, segment_id, is_override)
                SELECT p.id, t.id, s.id, s.id, FALSE
                  FROM res_partner p
                  JOIN wiseparts_segment_type t
                    -- the customers a run of the type classifies (see _assignment_sql)
                    ON t.active AND (p.company_id IS NULL OR (NOT t.shared AND (
                           p.company_id = t.company_id
                           OR p.company_id IN (SELECT r.res_company_id
                                                 FROM %(branches)s r
                                                WHERE r.wiseparts_segment_type_id = t.id))))
                  JOIN wiseparts_segment s ON s.type_id = t.id AND s.is_default
                 WHERE p.id = ANY(%(ids)s)
                ON CONFLICT (partner_id, type_id) DO NOTHING
                """,
                    ids=new_customers.ids,
                    branches=SQL.identifier(
                        self.env["wiseparts.segment.type"]._fields["company_ids"].relation
                    ),
                )
            )
            self.env["wiseparts.segment.assignment"].invalidate_model()
        self._refresh_default_segment(self.commercial_partner_id.ids)
        self.invalidate_recordset(["segment_assignment_ids"])

    @api.model
    def _wiseparts_hidden_amounts_sql(self, partner_sql):
        """SQL condition: the invoice figures (amounts, last purchase) of the commercial
        partner ``partner_sql`` are hidden from the current user; None when they see them
        for every customer.

        A user sees the figures of a customer when they could read every posted invoice and
        credit note of it (Odoo's own invoice rules: *own documents* salespeople read the
        invoices of their own customers, *all documents* and Billing read all of them).
        """
        Move = self.env["account.move"]
        if self.env.su:
            return None
        if not Move.has_access("read"):
            return SQL("TRUE")
        rule_domain = self.env["ir.rule"]._compute_domain("account.move", "read")
        if not rule_domain:
            return None
        # sudo: find the invoices the user may NOT read, by negating their own rules
        unreadable = Move.sudo()._search(
            expression.AND(
                [
                    [("move_type", "in", CUSTOMER_MOVE_TYPES), ("state", "=", "posted")],
                    ["!", *expression.normalize_domain(rule_domain)],
                ]
            )
        )
        return SQL(
            "%s IN %s",
            partner_sql,
            unreadable.subselect(SQL.identifier(unreadable.table, "commercial_partner_id")),
        )

    def _refresh_default_segment(self, partner_ids=None):
        """Copy the effective segment of the default type onto the partners (one UPDATE).

        ``partner_ids``: commercial partners whose assignments changed (None: everyone).
        Branches and contacts get their commercial partner's segment. When several
        companies have a default type, the type of the partner's company wins, then the
        oldest one.
        """
        if partner_ids is not None and not partner_ids:
            return
        self.env["wiseparts.segment.assignment"].flush_model()
        self.env["wiseparts.segment.type"].flush_model(["is_default", "active", "company_id"])
        self.flush_model(["commercial_partner_id", "company_id", "default_segment_id"])
        scope = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner target
               SET default_segment_id = wanted.segment_id
              FROM (
                SELECT p.id,
                       (SELECT a.segment_id
                          FROM wiseparts_segment_assignment a
                          JOIN wiseparts_segment_type t ON t.id = a.type_id
                         WHERE a.partner_id = p.commercial_partner_id
                           AND t.is_default AND t.active
                         ORDER BY (t.company_id = p.company_id) DESC NULLS LAST, t.id
                         LIMIT 1) AS segment_id
                  FROM res_partner p
                 WHERE TRUE %s
              ) wanted
             WHERE wanted.id = target.id
               AND target.default_segment_id IS DISTINCT FROM wanted.segment_id
            """,
                scope,
            )
        )
        self.invalidate_model(["default_segment_id"])
