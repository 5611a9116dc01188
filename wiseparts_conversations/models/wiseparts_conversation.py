import logging
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, html2plaintext, plaintext2html
from odoo.tools.mail import parse_contact_from_email

from ..services import response_times
from ..services.ai_client import AiError, ChatCompletionsClient
from ..services.whatsapp_api import WhatsAppApiError, media_type

_logger = logging.getLogger(__name__)

WHATSAPP_WINDOW = timedelta(hours=24)
AUTO_REPLY_EVERY = timedelta(hours=12)
AI_MESSAGES = 20
CHANNELS = [("email", "Email"), ("whatsapp", "WhatsApp"), ("note", "Internal note")]
INBOX_BOXES = ("mine", "unassigned", "all")
INBOX_LIMIT = 200
# what the inbox shows of each conversation (web_read specification)
INBOX_SPEC = {
    "display_name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "state": {},
    "snoozed_until": {},
    "channel": {},
    "reply_channel": {},
    "last_message_at": {},
    "last_message_preview": {},
    "unanswered_count": {},
    "whatsapp_window_open": {},
    "whatsapp_error": {},
}


def changed_values(record, vals):
    """The part of ``vals`` that changes ``record`` (no useless write, no tracking noise)."""
    changed = {}
    for key, value in vals.items():
        current = record[key]
        if isinstance(current, models.BaseModel):
            current = current.id
        if current != value:
            changed[key] = value
    return changed


class WisepartsConversation(models.Model):
    _name = "wiseparts.conversation"
    _description = "Customer conversation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_message_at desc nulls last, id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [("open", "Open"), ("pending", "Snoozed"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    snoozed_until = fields.Datetime(
        help="The conversation is set aside until then and comes back by itself (or as soon "
        "as the customer writes)."
    )
    tag_ids = fields.Many2many("wiseparts.conversation.tag", string="Tags")
    reply_partner_id = fields.Many2one(
        "res.partner",
        string="Reply to",
        help="The customer's contact who wrote last: email replies go to this contact.",
    )
    reply_channel = fields.Selection(
        [("email", "Email"), ("whatsapp", "WhatsApp")],
        default="email",
        required=True,
        help='Channel of "Send message" (notes are never sent to the customer).',
    )
    last_message_at = fields.Datetime(readonly=True, index=True)
    last_message_preview = fields.Char(readonly=True)
    channel = fields.Selection(CHANNELS, string="Last channel", readonly=True)
    unanswered_count = fields.Integer(
        string="Unanswered", readonly=True, help="Customer messages since the last reply."
    )
    first_response_minutes = fields.Float(
        string="First response (min)",
        readonly=True,
        aggregator="avg",
        help="Minutes from the first unanswered customer message of the latest exchange to "
        "the next reply by a user.",
    )
    avg_response_minutes = fields.Float(
        string="Average response (min)", readonly=True, aggregator="avg"
    )
    last_auto_reply_at = fields.Datetime(readonly=True, copy=False)
    # WhatsApp
    whatsapp_account_id = fields.Many2one(
        "wiseparts.whatsapp.account", string="WhatsApp account", check_company=True
    )
    whatsapp_number = fields.Char(
        readonly=True, help="E.164 number the customer writes from on WhatsApp."
    )
    last_inbound_whatsapp_at = fields.Datetime(string="Last WhatsApp from customer", readonly=True)
    whatsapp_window_open = fields.Boolean(
        string="WhatsApp window open",
        compute="_compute_whatsapp_window_open",
        help="Meta allows free text within 24 hours of the customer's last WhatsApp message; "
        "afterwards only approved templates.",
    )
    whatsapp_error = fields.Char(
        string="WhatsApp error", compute="_compute_whatsapp_error", help="Last failed send."
    )
    # emails of the customer's quotes, orders and invoices (read-only in the timeline)
    document_message_ids = fields.Many2many(
        "mail.message", string="Document emails", compute="_compute_document_message_ids"
    )
    # AI analysis
    ai_enabled = fields.Boolean(related="company_id.wiseparts_ai_enabled")
    ai_summary = fields.Text(string="AI summary", readonly=True)
    ai_sentiment = fields.Selection(
        [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")],
        string="Sentiment",
        readonly=True,
    )
    ai_intent = fields.Selection(
        [
            ("order", "Order"),
            ("quote_request", "Quote request"),
            ("complaint", "Complaint"),
            ("delivery_question", "Delivery question"),
            ("other", "Other"),
        ],
        string="Intent",
        readonly=True,
    )
    ai_suggested_reply = fields.Text(string="Suggested reply", readonly=True)
    ai_analysed_at = fields.Datetime(string="Analysed on", readonly=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique (partner_id, company_id)",
            "A customer has one conversation per company.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_display_name(self):
        for conversation in self:
            conversation.display_name = conversation.partner_id.display_name or ""

    @api.depends("last_inbound_whatsapp_at")
    def _compute_whatsapp_window_open(self):
        limit = fields.Datetime.now() - WHATSAPP_WINDOW
        for conversation in self:
            last = conversation.last_inbound_whatsapp_at
            conversation.whatsapp_window_open = bool(last and last > limit)

    def _compute_whatsapp_error(self):
        errors = {}
        if self.ids:
            # one query for all: the last outbound WhatsApp message of each conversation
            self.env["mail.message"].flush_model(
                ["model", "res_id", "wiseparts_channel", "wiseparts_wa_state"]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (res_id) res_id, wiseparts_wa_state, wiseparts_wa_error
                      FROM mail_message
                     WHERE model = %s AND res_id IN %s AND wiseparts_channel = 'whatsapp'
                       AND wiseparts_direction = 'outbound'
                  ORDER BY res_id, date DESC, id DESC
                    """,
                    self._name,
                    tuple(self.ids),
                )
            )
            errors = {
                res_id: error
                for res_id, state, error in self.env.cr.fetchall()
                if state == "failed"
            }
        for conversation in self:
            conversation.whatsapp_error = errors.get(conversation.id, False)

    def _compute_document_message_ids(self):
        # shown on the form only (one record): emails the user may read on the customer's
        # quotes, orders and invoices; mail.message's own rules filter per document
        Message = self.env["mail.message"]
        for conversation in self:
            domains = []
            commercial = conversation.partner_id.commercial_partner_id
            for model in ("sale.order", "account.move"):
                if not commercial or not self.env[model].has_access("read"):
                    continue
                records = self.env[model].search(
                    [("partner_id", "child_of", commercial.id)], limit=200
                )
                if records:
                    domains.append([("model", "=", model), ("res_id", "in", records.ids)])
            if not domains:
                conversation.document_message_ids = Message
                continue
            conversation.document_message_ids = Message.search(
                expression.AND([[("message_type", "=", "email")], expression.OR(domains)]),
                order="date desc",
                limit=50,
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "user_id" not in vals and vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["user_id"] = (
                    partner.sudo().user_id.id or self._wiseparts_next_inbox_user(company).id
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("snoozed_until") and "state" not in vals:
            vals = dict(vals, state="pending")
        if vals.get("state") in ("open", "closed") and "snoozed_until" not in vals:
            vals = dict(vals, snoozed_until=False)
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "open"})

    def action_snooze(self):
        for conversation in self:
            if not conversation.snoozed_until:
                raise UserError(self.env._("Set the date and time the conversation comes back."))
        self.write({"state": "pending"})

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})

    def action_ai_analyse(self):
        """Analyse the last messages with the configured AI service (nothing is sent)."""
        self.ensure_one()
        self.check_access("write")
        return self._wiseparts_ai_analyse()

    def action_open_whatsapp_send(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by WhatsApp"),
            "res_model": "wiseparts.conversation.whatsapp.send",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_conversation_id": self.id,
                "default_body": self.env.context.get("wiseparts_body", ""),
            },
        }

    def action_use_suggested_reply(self):
        """Put the AI's suggested reply into a composer; the user reviews and sends it."""
        self.ensure_one()
        if self.reply_channel == "whatsapp":
            return self.with_context(
                wiseparts_body=self.ai_suggested_reply or ""
            ).action_open_whatsapp_send()
        contact = self.reply_partner_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_body": plaintext2html(self.ai_suggested_reply or ""),
                "default_partner_ids": contact.ids,
                "default_subtype_xmlid": "mail.mt_comment",
            },
        }

    # ------------------------------------------------------------------ inbox
    @api.model
    def wiseparts_inbox(
        self,
        box="mine",
        state="open",
        channel=False,
        tag_id=False,
        unanswered=False,
        search="",
        limit=80,
        options=False,
    ):
        """The left pane of the Inbox: the conversations the user may read that match the
        filters, newest first, and the number of unanswered conversations per box (Mine,
        Unassigned, All) under the same filters. Runs as the user: record rules decide.
        With ``options``, also the tags and the users a conversation can be assigned to."""
        self.check_access("read")
        if box not in INBOX_BOXES:
            raise UserError(self.env._("Unknown inbox box %(box)s.", box=box))
        if state not in (False, "open", "pending", "closed"):
            raise UserError(self.env._("Unknown conversation status %(state)s.", state=state))
        if channel not in (False, *dict(CHANNELS)):
            raise UserError(self.env._("Unknown channel %(channel)s.", channel=channel))
        domain = []
        if state:
            domain.append(("state", "=", state))
        if channel:
            domain.append(("channel", "=", channel))
        if tag_id:
            if not isinstance(tag_id, int):
                raise UserError(self.env._("Unknown tag %(tag)s.", tag=tag_id))
            domain.append(("tag_ids", "in", [tag_id]))
        if unanswered:
            domain.append(("unanswered_count", ">", 0))
        search = (search or "").strip()
        if search:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("partner_id", "ilike", search),
                        ("last_message_preview", "ilike", search),
                    ],
                ]
            )
        box_domains = {
            "mine": [("user_id", "=", self.env.uid)],
            "unassigned": [("user_id", "=", False)],
            "all": [],
        }
        limit = min(max(int(limit or 80), 1), INBOX_LIMIT)
        conversations = self.search(expression.AND([domain, box_domains[box]]), limit=limit)
        counts = dict.fromkeys(INBOX_BOXES, 0)
        for user, count in self._read_group(
            expression.AND([domain, [("unanswered_count", ">", 0)]]), ["user_id"], ["__count"]
        ):
            counts["all"] += count
            if user.id == self.env.uid:
                counts["mine"] += count
            elif not user:
                counts["unassigned"] += count
        result = {"conversations": conversations.wiseparts_inbox_read(), "counts": counts}
        if options:
            result["tags"] = self.env["wiseparts.conversation.tag"].search_read(
                [], ["name", "color"], limit=INBOX_LIMIT
            )
            result["users"] = self.env["res.users"].search_read(
                [("share", "=", False), ("company_ids", "in", self.env.company.id)],
                ["name"],
                limit=INBOX_LIMIT,
            )
        return result

    def wiseparts_inbox_read(self):
        """The conversations of ``self`` as the inbox shows them (read access checked)."""
        return self.web_read(INBOX_SPEC)

    # ------------------------------------------------------------------ finding threads
    @api.model
    def _wiseparts_for_partner(self, partner, company=None):
        """The conversation of ``partner``'s customer in ``company``; created when missing."""
        customer = partner.commercial_partner_id
        company = company or self.env.company
        domain = [("partner_id", "=", customer.id), ("company_id", "=", company.id)]
        conversation = self.search(domain, limit=1)
        if conversation:
            return conversation
        if not self.env.su and self.sudo().search_count(domain, limit=1):
            # it exists, but belongs to another salesperson
            raise AccessError(
                self.env._(
                    "The conversation with %(customer)s is assigned to someone else.",
                    customer=customer.display_name,
                )
            )
        self._wiseparts_check_not_created_concurrently(customer, company)
        return self.create({"partner_id": customer.id, "company_id": company.id})

    @api.model
    def _wiseparts_check_not_created_concurrently(self, customer, company):
        """Before creating the conversation of ``customer`` in ``company``: wait for a
        concurrent request creating it (two webhooks of a new customer), then make sure none
        was committed after this transaction's snapshot (invisible here, so the creation would
        hit the unique index and log a "bad query" ERROR).

        A transaction lock on (customer, company), held until commit, makes concurrent
        creators take turns. Then a row with only the key is tried (in a savepoint, always
        rolled back): PostgreSQL checks the key against every committed row and, if another
        transaction committed it, refuses with a serialization failure, raised without an
        ERROR log; Odoo then runs the request again, which finds the conversation."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                f"wiseparts_conversation:{customer.id}:{company.id}",
            )
        )
        cr.execute(SQL("SAVEPOINT wiseparts_conversation_key"))
        cr.execute(
            SQL(
                """
                INSERT INTO wiseparts_conversation (partner_id, company_id, state, reply_channel)
                VALUES (%s, %s, 'open', 'email')
                ON CONFLICT (partner_id, company_id) DO NOTHING
                """,
                customer.id,
                company.id,
            ),
            log_exceptions=False,
        )
        cr.execute(SQL("ROLLBACK TO SAVEPOINT wiseparts_conversation_key"))

    @api.model
    def _wiseparts_next_inbox_user(self, company):
        """Round-robin among the members of the company's inbox team (position in the DB)."""
        team = company.sudo().wiseparts_inbox_team_id
        members = team.member_ids.filtered(lambda user: company in user.company_ids).sorted("id")
        if not members:
            return team.user_id
        company.flush_recordset(["wiseparts_inbox_last_user_id"])
        # lock the company row: concurrent unknown senders take turns
        self.env.cr.execute(
            SQL(
                "SELECT wiseparts_inbox_last_user_id FROM res_company WHERE id = %s FOR UPDATE",
                company.id,
            )
        )
        last_id = self.env.cr.fetchone()[0] or 0
        user = next((member for member in members if member.id > last_id), members[0])
        company.sudo().wiseparts_inbox_last_user_id = user
        return user

    @api.model
    def _wiseparts_email_contact(self, email_from):
        """The contact writing from ``email_from``; an unknown sender becomes a new contact
        marked "to qualify"."""
        Partner = self.env["res.partner"]
        normalized = email_normalize(email_from or "")
        if not normalized:
            return Partner
        partners = Partner.search([("email_normalized", "=", normalized)], order="id")
        # a colleague's own partner is not a customer
        contacts = partners.filtered(
            lambda p: not p.sudo().user_ids.filtered(lambda u: not u.share)
        )
        if contacts:
            # a contact attached to a company first, then the oldest
            return contacts.sorted(lambda p: (not p.parent_id and not p.is_company, p.id))[0]
        Partner._wiseparts_check_no_contact_committed(
            f"wiseparts_email_contact:{normalized}",
            SQL(
                """
                email_normalized = %s AND NOT EXISTS (
                    SELECT 1 FROM res_users
                     WHERE res_users.partner_id = res_partner.id
                       AND res_users.active AND NOT res_users.share
                )
                """,
                normalized,
            ),
        )
        name, email = parse_contact_from_email(email_from)
        return Partner.create(
            {
                "name": name or email or normalized,
                "email": email or normalized,
                "wiseparts_to_qualify": True,
            }
        )

    # ------------------------------------------------------------------ mail gateway
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new email (no thread found): it joins the sender's customer's conversation."""
        contact = self._wiseparts_email_contact(msg_dict.get("email_from"))
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not contact or (
            author and author.commercial_partner_id != contact.commercial_partner_id
        ):
            contact = author or contact
        if not contact:
            raise ValueError("Incoming email without a usable sender address")
        msg_dict["author_id"] = contact.id
        company = self.env["res.company"].browse(
            (custom_values or {}).get("company_id") or self.env.company.id
        )
        conversation = self._wiseparts_for_partner(contact, company)
        conversation.message_update(msg_dict)
        return conversation

    def _message_get_suggested_recipients(self):
        self.ensure_one()
        result = []
        contact = self.reply_partner_id or self.partner_id
        if contact and self.reply_channel == "email":
            self._message_add_suggested_recipient(
                result, partner=contact, reason=self.env._("Customer contact")
            )
        return result

    # ------------------------------------------------------------------ posting
    def _get_message_create_valid_field_names(self):
        return super()._get_message_create_valid_field_names() | {
            "wiseparts_channel",
            "wiseparts_direction",
            "wiseparts_auto",
            "wiseparts_wa_id",
        }

    def _wiseparts_classify(self, kwargs):
        """``(channel, direction)`` of a message about to be posted."""
        context = self.env.context
        if context.get("wiseparts_channel"):
            return context["wiseparts_channel"], context.get("wiseparts_direction")
        note_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        subtype_id = kwargs.get("subtype_id")
        if kwargs.get("subtype_xmlid") == "mail.mt_note" or (subtype_id and subtype_id == note_id):
            return "note", False
        message_type = kwargs.get("message_type") or "notification"
        if message_type not in ("email", "comment"):
            return False, False
        author = self.env["res.partner"].browse(kwargs.get("author_id"))
        if not author and message_type == "comment":
            author = self.env.user.partner_id
        is_colleague = bool(author.sudo().user_ids.filtered(lambda user: not user.share))
        if message_type == "email":
            # a colleague answering a notification by email answers the customer by email
            return "email", "outbound" if is_colleague else "inbound"
        if is_colleague:
            return self.reply_channel, "outbound"
        return False, False

    def message_post(self, **kwargs):
        self.ensure_one()
        channel, direction = self._wiseparts_classify(kwargs)
        if (
            channel == "whatsapp"
            and direction == "outbound"
            and not self.env.context.get("wiseparts_whatsapp_sending")
        ):
            # "Send message" with WhatsApp picked: the text and files go out through Meta
            return self._wiseparts_send_whatsapp(
                html2plaintext(kwargs.get("body") or "").strip(),
                attachment_ids=kwargs.get("attachment_ids") or (),
            )
        if channel == "email" and direction == "outbound":
            contact = self.reply_partner_id or self.partner_id
            kwargs["partner_ids"] = list({*(kwargs.get("partner_ids") or []), contact.id})
        if channel:
            kwargs["wiseparts_channel"] = channel
            kwargs["wiseparts_direction"] = direction
        message = super().message_post(**kwargs)
        if channel:
            self._wiseparts_after_message(message)
        return message

    def _wiseparts_after_message(self, message):
        """Reopen on a customer's message, refresh the figures, answer automatically."""
        # sudo: these fields are kept by the system, whoever posted (customer via the gateway,
        # a salesperson's reply)
        conversation = self.sudo()
        if message.wiseparts_direction == "inbound":
            vals = {"state": "open", "snoozed_until": False}
            if message.author_id and message.author_id != conversation.reply_partner_id:
                vals["reply_partner_id"] = message.author_id.id
            if message.wiseparts_channel in ("email", "whatsapp"):
                vals["reply_channel"] = message.wiseparts_channel
            conversation.write(changed_values(conversation, vals))
        conversation._wiseparts_refresh_stats()
        if message.wiseparts_direction == "inbound" and not self.env.context.get(
            "wiseparts_no_auto_reply"
        ):
            conversation._wiseparts_auto_reply(message)
        conversation._wiseparts_notify_inboxes()

    def _wiseparts_reader_users_sql(self):
        """SQL selecting the ids of the users whose record rules let them read conversation
        ``self`` (company aside): its assignee, the customer's salesperson and the *all
        documents* users. Addons adding a record rule add its users (``UNION``)."""
        self.ensure_one()
        all_documents = self.env.ref("sales_team.group_sale_salesman_all_leads")
        return SQL(
            "SELECT unnest(%s::int[]) UNION SELECT uid FROM res_groups_users_rel WHERE gid = %s",
            (self.user_id | self.partner_id.user_id).ids,
            all_documents.id,
        )

    def _wiseparts_notify_inboxes(self):
        """Tell the open inboxes of everyone who may read conversation ``self`` that it changed
        (its id only: each inbox reloads what its user may read). One query for the
        recipients, one bus row each, written at commit."""
        self.ensure_one()
        self.env["res.users"].flush_model(["active", "share", "partner_id", "company_ids"])
        self.env.cr.execute(
            SQL(
                """
                SELECT users.partner_id
                  FROM res_users users
                  JOIN res_company_users_rel company ON company.user_id = users.id
                 WHERE users.active AND NOT users.share AND company.cid = %s
                   AND users.id IN (%s)
                """,
                self.company_id.id,
                self._wiseparts_reader_users_sql(),
            )
        )
        partners = self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())
        partners._bus_send("wiseparts_conversations/updated", {"id": self.id})

    def _wiseparts_refresh_stats(self):
        """Last message, unanswered count and response times, from the timeline (set-based:
        two queries for all conversations of ``self``)."""
        if not self.ids:
            return
        self.env["mail.message"].flush_model(
            ["model", "res_id", "date", "body", "wiseparts_channel", "wiseparts_direction"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT res_id, date, wiseparts_direction
                  FROM mail_message
                 WHERE model = %s AND res_id IN %s AND wiseparts_direction IS NOT NULL
                   AND wiseparts_auto IS NOT TRUE
              ORDER BY res_id, date, id
                """,
                self._name,
                tuple(self.ids),
            )
        )
        events = defaultdict(list)
        for res_id, date, direction in self.env.cr.fetchall():
            events[res_id].append((date, direction))
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (res_id) res_id, date, wiseparts_channel, body
                  FROM mail_message
                 WHERE model = %s AND res_id IN %s AND wiseparts_channel IS NOT NULL
              ORDER BY res_id, date DESC, id DESC
                """,
                self._name,
                tuple(self.ids),
            )
        )
        last = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for conversation in self:
            first, average, unanswered = response_times.summary(events.get(conversation.id, []))
            date, channel, body = last.get(conversation.id, (False, False, ""))
            preview = " ".join(html2plaintext(body or "").split())
            vals = {
                "last_message_at": date,
                "channel": channel,
                "last_message_preview": preview[:120],
                "first_response_minutes": round(first, 1),
                "avg_response_minutes": round(average, 1),
                "unanswered_count": unanswered,
            }
            conversation.write(changed_values(conversation, vals))

    # ------------------------------------------------------------------ automatic replies
    def _wiseparts_in_business_hours(self, when):
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            return True
        start = pytz.utc.localize(when)
        intervals = calendar._work_intervals_batch(start, start + timedelta(minutes=1))[False]
        return bool(list(intervals))

    def _wiseparts_auto_reply(self, message):
        """Out of business hours (once per 12 h) or at first contact: answer automatically on
        the channel the customer used, in the customer's language."""
        self.ensure_one()
        company = self.company_id
        if not company.wiseparts_auto_reply:
            return
        now = fields.Datetime.now()
        lang = (message.author_id or self.partner_id).lang or self.env.lang
        texts = company.with_context(lang=lang)
        body = False
        inbound_count = self.env["mail.message"].search_count(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("wiseparts_direction", "=", "inbound"),
            ],
            limit=2,
        )
        if inbound_count == 1 and texts.wiseparts_first_contact_reply:
            body = texts.wiseparts_first_contact_reply
        elif texts.wiseparts_out_of_hours_reply and not self._wiseparts_in_business_hours(now):
            if self.last_auto_reply_at and now - self.last_auto_reply_at < AUTO_REPLY_EVERY:
                return
            body = texts.wiseparts_out_of_hours_reply
        if not body:
            return
        self.last_auto_reply_at = now
        author = company.partner_id
        if message.wiseparts_channel == "whatsapp":
            try:
                self.with_context(wiseparts_author_id=author.id)._wiseparts_send_whatsapp(
                    body, auto=True
                )
            except UserError as exc:
                _logger.info("No automatic WhatsApp reply on %s: %s", self, exc)
            return
        self.with_context(wiseparts_channel="email", wiseparts_direction="outbound").message_post(
            body=plaintext2html(body),
            author_id=author.id,
            email_from=company.email_formatted or False,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(message.author_id or self.partner_id).ids,
            wiseparts_auto=True,
        )

    # ------------------------------------------------------------------ WhatsApp
    def _wiseparts_whatsapp_account(self):
        # sudo: the account's token is used to call Meta, never returned to the user
        account = self.sudo().whatsapp_account_id or self.env[
            "wiseparts.whatsapp.account"
        ].sudo().search([("company_id", "=", self.company_id.id)], limit=1)
        if not account:
            raise UserError(
                self.env._(
                    "No WhatsApp account is configured for %(company)s.",
                    company=self.company_id.name,
                )
            )
        return account

    def _wiseparts_whatsapp_to(self):
        contact = self.reply_partner_id or self.partner_id
        number = (
            self.whatsapp_number
            or contact.wiseparts_mobile_e164
            or self.partner_id.wiseparts_mobile_e164
            or contact.wiseparts_phone_e164
        )
        if not number:
            raise UserError(
                self.env._(
                    "%(customer)s has no mobile number for WhatsApp.", customer=contact.display_name
                )
            )
        return number

    def send_whatsapp(self, body, attachment_ids=()):
        """Send ``body`` as a WhatsApp text message, and each attachment (``ir.attachment``
        ids the user may read) as an image, video, audio or document (within the 24-hour
        window only)."""
        self.ensure_one()
        self.check_access("write")
        body = (body or "").strip()
        return self._wiseparts_send_whatsapp(body, attachment_ids=attachment_ids)

    def send_whatsapp_template(self, template, parameters=()):
        """Send an approved template (allowed outside the 24-hour window)."""
        self.ensure_one()
        self.check_access("write")
        # a record from Python, an id over RPC
        template_id = template.id if isinstance(template, models.BaseModel) else int(template)
        template = self.env["wiseparts.whatsapp.template"].browse(template_id).exists()
        if not template:
            raise UserError(self.env._("This WhatsApp template no longer exists."))
        template.check_access("read")
        if template.status != "approved":
            raise UserError(
                self.env._(
                    "The WhatsApp template %(name)s is not approved by Meta.", name=template.name
                )
            )
        return self._wiseparts_send_whatsapp_template(template, parameters)

    def _wiseparts_send_whatsapp_template(self, template, parameters, auto=False):
        """Send ``template`` with its ``parameters`` (one per ``{{n}}``), access checked by
        the caller."""
        parameters = [str(value) for value in parameters]
        if len(parameters) != template.variable_count:
            raise UserError(
                self.env._(
                    "The template %(name)s needs %(count)s values.",
                    name=template.name,
                    count=template.variable_count,
                )
            )
        return self._wiseparts_send_whatsapp(
            template._wiseparts_render(parameters),
            template=template,
            parameters=parameters,
            auto=auto,
        )

    def _wiseparts_send_whatsapp(
        self, body, template=None, parameters=(), auto=False, attachment_ids=()
    ):
        """Post the message in the timeline, then send it through Meta (the text, then each
        file; a single file carries the text as its caption). A refusal by Meta is stored on
        the message (state "failed" with Meta's text); the text and files are never lost."""
        self.ensure_one()
        attachments = self.env["ir.attachment"].browse(attachment_ids)
        if attachments:
            attachments.check("read")  # access to the documents they belong to
        if not body and not attachments:
            raise UserError(self.env._("The WhatsApp message is empty."))
        account = self._wiseparts_whatsapp_account()
        if not template and not self.whatsapp_window_open:
            raise UserError(
                self.env._(
                    "%(customer)s has not written on WhatsApp in the last 24 hours: Meta only "
                    "allows an approved template now.",
                    customer=self.partner_id.display_name,
                )
            )
        to = self._wiseparts_whatsapp_to()
        post_kwargs = {}
        if self.env.context.get("wiseparts_author_id"):
            post_kwargs["author_id"] = self.env.context["wiseparts_author_id"]
        message = self.with_context(
            wiseparts_channel="whatsapp",
            wiseparts_direction="outbound",
            wiseparts_whatsapp_sending=True,
        ).message_post(
            body=plaintext2html(body),
            message_type="comment",
            subtype_xmlid="wiseparts_conversations.mt_whatsapp",
            wiseparts_auto=auto,
            attachment_ids=attachments.ids,
            **post_kwargs,
        )
        api = account._wiseparts_api()
        parts = []
        try:
            if template:
                parts = [("", api.send_template(to, template.name, template.language, parameters))]
            else:
                parts = self._wiseparts_send_whatsapp_parts(api, to, body, attachments)
            vals = {"wiseparts_wa_id": parts[0][1], "wiseparts_wa_state": "sent"}
        except WhatsAppApiError as exc:
            vals = {"wiseparts_wa_state": "failed", "wiseparts_wa_error": str(exc)[:500]}
        # sudo: delivery fields are written by the system only
        message.sudo().write(vals)
        if len(parts) > 1 and vals["wiseparts_wa_state"] == "sent":
            # each part's delivery state lands on its own record (see the account's webhook)
            self.env["wiseparts.whatsapp.part"].sudo().create(
                [{"message_id": message.id, "name": name, "wa_id": wa_id} for name, wa_id in parts]
            )
        if not self.whatsapp_account_id:
            self.sudo().whatsapp_account_id = account
        return message

    def _wiseparts_send_whatsapp_parts(self, api, to, body, attachments):
        """Send the text and the files: ``[(part name, Meta's id)]`` in the order sent."""
        parts = []
        caption = body if len(attachments) == 1 else ""
        if body and (not caption or media_type(attachments.mimetype) == "audio"):
            parts.append((self.env._("Text"), api.send_text(to, body)))
            caption = ""
        for attachment in attachments:
            # sudo: the user's read access to the files was checked above
            file = attachment.sudo()
            media_id = api.upload_media(file.raw or b"", file.mimetype, file.name)
            parts.append(
                (
                    file.name,
                    api.send_media(to, media_id, media_type(file.mimetype), caption, file.name),
                )
            )
        return parts

    # ------------------------------------------------------------------ AI
    def _wiseparts_ai_analyse(self):
        # sudo: the API key is used here and never sent to the browser
        company = self.company_id.sudo()
        if not company.wiseparts_ai_enabled:
            raise UserError(self.env._("AI analysis is not enabled in the settings."))
        messages = self.env["mail.message"].search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("wiseparts_channel", "in", ("email", "whatsapp")),
            ],
            order="date desc, id desc",
            limit=AI_MESSAGES,
        )
        if not messages:
            raise UserError(self.env._("There is no message to analyse yet."))
        lines = []
        for message in reversed(messages):
            who = "Customer" if message.wiseparts_direction == "inbound" else "Distributor"
            text = " ".join(html2plaintext(message.body or "").split())
            lines.append(f"[{message.date:%Y-%m-%d %H:%M}] {who}: {text}")
        try:
            client = ChatCompletionsClient(
                company.wiseparts_ai_base_url,
                company.wiseparts_ai_api_key,
                company.wiseparts_ai_model,
            )
            result = client.analyse("\n".join(lines))
        except AiError as exc:
            raise UserError(self.env._("AI analysis failed: %(error)s", error=str(exc))) from exc
        self.write(
            {
                "ai_summary": result["summary"],
                "ai_sentiment": result["sentiment"],
                "ai_intent": result["intent"],
                "ai_suggested_reply": result["suggested_reply"],
                "ai_analysed_at": fields.Datetime.now(),
            }
        )
        return True

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_wake_snoozed(self):
        """Snoozed conversations come back when their time is up."""
        due = self.search(
            [("state", "=", "pending"), ("snoozed_until", "<=", fields.Datetime.now())]
        )
        due.write({"state": "open", "snoozed_until": False})
        return len(due)
