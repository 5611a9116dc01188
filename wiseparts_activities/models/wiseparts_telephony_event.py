from odoo import fields, models


class WisepartsTelephonyEvent(models.Model):
    """One event posted by the phone system: the idempotency key of the webhook
    (a call and an event are recorded once) and the trace of what the PBX said."""

    _name = "wiseparts.telephony.event"
    _description = "Telephony Event"
    _order = "timestamp desc, id desc"
    _rec_name = "call_id"

    integration_id = fields.Many2one(
        "wiseparts.telephony.integration", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="integration_id.company_id", store=True, index=True)
    call_id = fields.Char(string="Call ID", required=True)
    event = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("answered", "Answered"),
            ("ended", "Ended"),
            ("missed", "Missed"),
        ],
        required=True,
    )
    timestamp = fields.Datetime(required=True)
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")])
    number_from = fields.Char(string="From")
    number_to = fields.Char(string="To")
    agent = fields.Char()
    duration = fields.Integer(string="Duration (s)")
    activity_id = fields.Many2one(
        "wiseparts.activity", string="Call", ondelete="set null", index="btree_not_null"
    )

    _sql_constraints = [
        (
            "call_event_uniq",
            "unique(integration_id, call_id, event)",
            "An event of a call is recorded once.",
        ),
    ]
