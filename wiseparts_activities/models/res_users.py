from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    wiseparts_phone_extension = fields.Char(
        string="Phone Extension",
        copy=False,
        help="The user's extension in the phone system: telephony events name agents by it "
        "(or by their email).",
    )

    _sql_constraints = [
        (
            "wiseparts_phone_extension_uniq",
            "unique(company_id, wiseparts_phone_extension)",
            "A phone extension belongs to one user per company.",
        ),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "wiseparts_phone_extension"]
