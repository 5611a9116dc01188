from odoo import api, fields, models
from odoo.tools import SQL

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

    @api.model
    def _wiseparts_check_no_contact_committed(self, lock_key, condition):
        """Before creating the contact of an unknown sender: wait for a concurrent request
        creating it (two messages of a new sender at once), then make sure none was committed
        after this transaction's snapshot (invisible here, so a second contact would be made).

        A transaction lock on ``lock_key`` (the sender), held until commit, makes concurrent
        creators take turns; a fresh cursor then looks for an active contact matching the SQL
        ``condition`` on ``res_partner``. If one was committed meanwhile, a serialization failure
        (not logged) makes Odoo run the request again, which finds the contact."""
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", lock_key))
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(
                SQL("SELECT 1 FROM res_partner WHERE active AND (%s) LIMIT 1", condition)
            )
            committed = bool(fresh_cr.fetchone())
        if committed:
            cr.execute(
                SQL(
                    "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', "
                    "MESSAGE = 'Sender''s contact created by a concurrent request'; END $$"
                ),
                log_exceptions=False,
            )

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
