from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    segment_assignment_ids = fields.One2many(
        "wiseparts.segment.assignment", "partner_id", string="Segments"
    )
    default_segment_id = fields.Many2one(
        "wiseparts.segment",
        string="Segment",
        readonly=True,
        index="btree_not_null",
        help="Effective segment of the default segment type (branches and contacts show "
        "their commercial partner's).",
    )
    default_segment_color = fields.Integer(related="default_segment_id.color")
    default_segment_tooltip = fields.Char(compute="_compute_default_segment_tooltip")

    def _compute_default_segment_tooltip(self):
        assignments = self.env["wiseparts.segment.assignment"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("type_id.is_default", "=", True),
            ]
        )
        by_partner = {a.partner_id: a for a in assignments}
        for partner in self:
            assignment = by_partner.get(partner.commercial_partner_id)
            partner.default_segment_tooltip = assignment.tooltip if assignment else False

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
