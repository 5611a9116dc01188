from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wiseparts_inbox_team_id = fields.Many2one(
        "crm.team",
        string="Inbox team",
        help="Conversations of unknown senders are assigned round-robin among its members.",
    )
    # round-robin position: the member who received the last unknown sender
    wiseparts_inbox_last_user_id = fields.Many2one("res.users", string="Last inbox assignee")
    wiseparts_auto_reply = fields.Boolean(string="Automatic replies")
    wiseparts_out_of_hours_reply = fields.Text(
        string="Out-of-hours reply",
        translate=True,
        help="Sent outside the company's working schedule, at most once per conversation "
        "every 12 hours, in the customer's language.",
    )
    wiseparts_first_contact_reply = fields.Text(
        string="First-contact reply",
        translate=True,
        help="Sent once, when a customer writes for the first time (optional).",
    )
    wiseparts_ai_enabled = fields.Boolean(string="AI analysis")
    wiseparts_ai_base_url = fields.Char(
        string="AI endpoint", help="OpenAI-compatible base URL, e.g. https://api.openai.com/v1"
    )
    wiseparts_ai_model = fields.Char(string="AI model")
    wiseparts_ai_api_key = fields.Char(
        string="AI API key", groups="sales_team.group_sale_manager", copy=False
    )
