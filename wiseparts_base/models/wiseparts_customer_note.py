from odoo import api, fields, models
from odoo.exceptions import AccessError


class WisepartsCustomerNote(models.Model):
    _name = "wiseparts.customer.note"
    _description = "Customer Note"
    # 'high' < 'medium' < 'none' alphabetically: the stored value sorts high -> medium -> none.
    _order = "priority, date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    body = fields.Text(string="Note", required=True)
    priority = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("none", "None")],
        default="none",
        required=True,
        help="High (red): urgent. Medium (yellow): important but not urgent. "
        "None: for information.",
    )
    author_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    can_edit = fields.Boolean(compute="_compute_can_edit")

    @api.depends_context("uid")
    @api.depends("author_id")
    def _compute_can_edit(self):
        is_admin = self.env["res.users"]._wiseparts_is_sales_admin()
        for note in self:
            note.can_edit = is_admin or note.author_id == self.env.user

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env["res.users"]._wiseparts_is_sales_admin():
            for vals in vals_list:
                if vals.get("author_id", self.env.uid) != self.env.uid:
                    raise AccessError(self.env._("You can only write notes in your own name."))
        return super().create(vals_list)

    def write(self, vals):
        admin = self.env["res.users"]._wiseparts_is_sales_admin()
        if {"author_id", "date"} & vals.keys() and not admin:
            raise AccessError(
                self.env._("Only a sales administrator may change the author or date of a note.")
            )
        return super().write(vals)

    def action_delete(self):
        """Delete button of the notes list (the view asks for confirmation first)."""
        self.unlink()
        return True
