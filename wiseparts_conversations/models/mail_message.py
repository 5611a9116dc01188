from odoo import fields, models
from odoo.tools import SQL

WA_STATES = [("sent", "Sent"), ("delivered", "Delivered"), ("read", "Read"), ("failed", "Failed")]


class MailMessage(models.Model):
    _inherit = "mail.message"

    wiseparts_channel = fields.Selection(
        [("email", "Email"), ("whatsapp", "WhatsApp"), ("note", "Internal note")],
        string="Conversation channel",
        readonly=True,
    )
    wiseparts_direction = fields.Selection(
        [("inbound", "From the customer"), ("outbound", "To the customer")],
        string="Direction",
        readonly=True,
    )
    wiseparts_auto = fields.Boolean(
        string="Automatic reply", readonly=True, help="Not counted in response times."
    )
    # Meta's message id: unique (Meta retries its webhooks), see init()
    wiseparts_wa_id = fields.Char(string="WhatsApp message id", readonly=True, copy=False)
    wiseparts_wa_state = fields.Selection(
        WA_STATES,
        string="WhatsApp delivery",
        readonly=True,
        copy=False,
    )
    wiseparts_wa_error = fields.Char(string="WhatsApp error", readonly=True, copy=False)
    # sent with several files: one Meta message per part, the state above combines theirs
    wiseparts_wa_part_ids = fields.One2many(
        "wiseparts.whatsapp.part", "message_id", string="WhatsApp parts", readonly=True
    )

    def init(self):
        res = super().init()
        # partial: only the few WhatsApp messages are in the index
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS mail_message_wiseparts_wa_id_uniq "
                "ON mail_message (wiseparts_wa_id) WHERE wiseparts_wa_id IS NOT NULL"
            )
        )
        return res

    def action_wiseparts_open_document(self):
        """Open the quote, order or invoice a message of the timeline was exchanged on."""
        self.ensure_one()
        self.env[self.model].browse(self.res_id).check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.model,
            "res_id": self.res_id,
            "views": [(False, "form")],
        }
