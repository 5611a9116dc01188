from odoo import fields, models

from .mail_message import WA_STATES


class WisepartsWhatsappPart(models.Model):
    """One of the Meta messages a WhatsApp message with several files went out as (the text,
    then each file): its Meta id and delivery state. The message shows them combined.
    Written by the system only (sudo); sales administrators may read them."""

    _name = "wiseparts.whatsapp.part"
    _description = "WhatsApp message part"
    _order = "id"

    message_id = fields.Many2one("mail.message", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Part", help="The text, or the file's name.")
    wa_id = fields.Char(string="WhatsApp message id", required=True, readonly=True)
    state = fields.Selection(WA_STATES, string="WhatsApp delivery", default="sent", readonly=True)
    error = fields.Char(string="WhatsApp error", readonly=True)

    _sql_constraints = [
        ("wa_id_uniq", "unique (wa_id)", "This WhatsApp message id is already stored."),
    ]
