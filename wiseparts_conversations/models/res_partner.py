from odoo import api, fields, models

from odoo.addons.wiseparts_base.services.phone import to_e164


class ResPartner(models.Model):
    _inherit = "res.partner"

    wiseparts_to_qualify = fields.Boolean(
        string="To qualify",
        help="Created by an inbound message from an unknown sender: check who it is, then link "
        "it to its company or merge it with the existing contact.",
    )
    # E.164 forms of the phone numbers: WhatsApp senders are matched on them (indexed)
    wiseparts_phone_e164 = fields.Char(
        string="Phone (E.164)",
        compute="_compute_wiseparts_e164",
        store=True,
        index="btree_not_null",
    )
    wiseparts_mobile_e164 = fields.Char(
        string="Mobile (E.164)",
        compute="_compute_wiseparts_e164",
        store=True,
        index="btree_not_null",
    )

    @api.depends("phone", "mobile", "country_id")
    def _compute_wiseparts_e164(self):
        default_region = self.env.company.country_id.code
        for partner in self:
            region = partner.country_id.code or default_region
            partner.wiseparts_phone_e164 = to_e164(partner.phone, region) or False
            partner.wiseparts_mobile_e164 = to_e164(partner.mobile, region) or False

    def action_wiseparts_open_conversation(self):
        """Open (or start) the conversation with this contact's customer."""
        self.ensure_one()
        conversation = self.env["wiseparts.conversation"]._wiseparts_for_partner(
            self.commercial_partner_id
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "wiseparts.conversation",
            "res_id": conversation.id,
            "views": [(False, "form")],
        }
