import logging

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, consteq

from odoo.addons.wiseparts_base.services.phone import national_digits, to_e164
from odoo.addons.wiseparts_base.services.secret import hash_secret, new_secret

from ..services.telephony import call_summary, remote_number

_logger = logging.getLogger(__name__)

URL_PATH = "/wiseparts/telephony/"
CONCURRENCY_TRIES = 5


class WisepartsTelephonyIntegration(models.Model):
    _name = "wiseparts.telephony.integration"
    _description = "Telephony Integration"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    default_user_id = fields.Many2one(
        "res.users",
        string="Default Agent",
        domain="[('share', '=', False)]",
        check_company=True,
        help="Assigned to calls whose agent is unknown and whose customer has no salesperson.",
    )
    # The secret itself is never stored (like quick-order links): only its SHA-256.
    token_hash = fields.Char(readonly=True, copy=False, index=True, groups="base.group_system")
    has_url = fields.Boolean(
        string="Webhook URL Generated", readonly=True, copy=False, help="A webhook URL was issued."
    )
    event_count = fields.Integer(compute="_compute_event_count", string="# Events")

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "A telephony webhook secret must be unique."),
    ]

    def _compute_event_count(self):
        counts = dict(
            self.env["wiseparts.telephony.event"]._read_group(
                [("integration_id", "in", self.ids)], ["integration_id"], ["__count"]
            )
        )
        for integration in self:
            integration.event_count = counts.get(integration, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_url(self):
        """Issue a new webhook URL (the previous one stops working) and return it once:
        {"url": absolute url}. Only its hash is stored."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators may issue telephony webhook URLs."))
        self.check_access("write")
        secret = new_secret()
        # sudo: token_hash belongs to the system group, checked right above.
        self.sudo().write({"token_hash": hash_secret(secret), "has_url": True})
        return {"url": self.get_base_url() + URL_PATH + secret}

    def action_show_new_url(self):
        """Button: issue a new URL and show it once in a sticky notification (never stored)."""
        url = self.action_generate_url()["url"]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Webhook URL of %(name)s", name=self.name),
                "message": self.env._(
                    "Copy it into your phone system now, it is shown only once: %(url)s",
                    url=url,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_activities.wiseparts_telephony_event_action"
        )
        action["domain"] = [("integration_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Webhook (called by controllers/telephony.py)
    # ------------------------------------------------------------------
    @api.model
    def _find_by_secret(self, secret):
        """The active integration (sudo) of a webhook secret, else an empty recordset.
        Unknown and archived integrations take the same path (hash, one query, consteq)."""
        digest = hash_secret(secret)
        self.flush_model(["token_hash", "active"])
        self.env.cr.execute(
            SQL(
                "SELECT id, token_hash, active FROM wiseparts_telephony_integration "
                "WHERE token_hash = %s",
                digest,
            )
        )
        row = self.env.cr.fetchone() or (0, "0" * 64, False)
        if not (consteq(row[1], digest) and row[2]):
            return self.sudo().browse()
        return self.sudo().browse(row[0])

    def _process_event_safely(self, event):
        """Record one parsed event in its own transaction, committed at once.

        Every event of a call takes a transaction-level advisory lock on the call, in READ
        COMMITTED: the events of one call are applied one after the other, each seeing the
        previous ones, whatever order they arrive in; events of different calls run in
        parallel. A rare deadlock or unique violation between two calls (same unknown
        number) is retried. Returns (status, activity id)."""
        self.ensure_one()
        registry = self.env.registry
        for attempt in range(1, CONCURRENCY_TRIES + 1):
            try:
                with registry.cursor() as cr:
                    if not registry.in_test_mode():
                        cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                    env = api.Environment(
                        cr,
                        SUPERUSER_ID,
                        {
                            **self.env.context,
                            "tracking_disable": True,
                            "allowed_company_ids": [self.company_id.id],
                        },
                        su=True,
                    )
                    status, activity_id = self.with_env(env)._process_event(event)
                return status, activity_id
            except (
                pg_errors.UniqueViolation,
                pg_errors.DeadlockDetected,
                pg_errors.SerializationFailure,
            ):
                if attempt == CONCURRENCY_TRIES or registry.in_test_mode():
                    raise
                _logger.info("telephony event %s: concurrent update, retrying", event["call_id"])
        return None, None  # pragma: no cover

    def _lock(self, key):
        """Transaction-level advisory lock on (this integration, key)."""
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", self.id, key))

    def _process_event(self, event):
        """Apply one event to its call activity (superuser env, see _process_event_safely).

        Idempotent on (call_id, event): a repeated event changes nothing. The activity is
        recomputed from all events received for the call (services.telephony.call_summary),
        so the order they arrive in does not matter."""
        self.ensure_one()
        Event = self.env["wiseparts.telephony.event"]
        self._lock("call:" + event["call_id"])
        domain = [("integration_id", "=", self.id), ("call_id", "=", event["call_id"])]
        received = Event.search(domain)
        if event["event"] in received.mapped("event"):
            return "duplicate", received.activity_id[:1].id
        new_event = Event.create(
            {
                "integration_id": self.id,
                "call_id": event["call_id"],
                "event": event["event"],
                "timestamp": event["timestamp"],
                "direction": event["direction"],
                "number_from": event["number_from"],
                "number_to": event["number_to"],
                "agent": event["agent"],
                "duration": event["duration"],
            }
        )
        events = received | new_event
        summary = call_summary(
            [
                {
                    "event": rec.event,
                    "timestamp": rec.timestamp,
                    "agent": rec.agent,
                    "duration": rec.duration,
                    "direction": rec.direction,
                }
                for rec in events
            ]
        )
        Activity = self.env["wiseparts.activity"]
        activity = Activity.search(
            [
                ("telephony_integration_id", "=", self.id),
                ("telephony_call_id", "=", event["call_id"]),
            ],
            limit=1,
        )
        agent = self._find_agent(summary["agent"])
        if activity:
            was_finished = activity.state == "done"
            activity._telephony_apply(summary, agent)
        else:
            was_finished = False
            activity = self._create_call(event, summary, agent)
        events.activity_id = activity
        activity._telephony_after_event(event, summary, was_finished)
        return "ok", activity.id

    def _create_call(self, event, summary, agent):
        number = to_e164(remote_number(event), self.company_id.country_id.code)
        partner = self._find_partner(number, remote_number(event))
        user = agent or partner.commercial_partner_id.user_id or partner.user_id
        if not user:
            user = self.default_user_id or self.env["res.users"].browse(SUPERUSER_ID)
        call_type = self.env.ref(
            "wiseparts_activities.activity_type_call", raise_if_not_found=False
        ) or self.env["wiseparts.activity.type"].search([("kind", "=", "call")], limit=1)
        activity = self.env["wiseparts.activity"].create(
            {
                "type_id": call_type.id,
                "partner_id": partner.id,
                "user_id": user.id,
                "company_id": self.company_id.id,
                "start": summary["start"],
                "telephony_integration_id": self.id,
                "telephony_call_id": event["call_id"],
                "call_number": number or remote_number(event),
                "call_direction": event["direction"],
            }
        )
        activity._telephony_apply(summary, agent)
        return activity

    def _find_agent(self, agent):
        """The internal user of an extension (in this company) or of an email/login."""
        if not agent:
            return self.env["res.users"]
        Users = self.env["res.users"].with_context(active_test=True)
        base = [("share", "=", False), ("company_ids", "in", self.company_id.id)]
        user = Users.search([*base, ("wiseparts_phone_extension", "=", agent)], limit=1)
        if not user and "@" in agent:
            user = Users.search(
                [*base, "|", ("login", "=ilike", agent), ("email", "=ilike", agent)], limit=1
            )
        return user

    def _find_partner(self, number, raw):
        """The contact of a number (customer, branch or contact person), else a new contact
        to qualify. Numbers are compared in E.164, stored numbers in any format."""
        Partner = self.env["res.partner"].with_context(active_test=True)
        partner = self._match_partner(number)
        if partner:
            return partner
        # Two calls from the same unknown number at once create one contact.
        self._lock("number:" + (number or raw))
        partner = self._match_partner(number)
        if partner:
            return partner
        category = self.env.ref(
            "wiseparts_activities.partner_category_to_qualify", raise_if_not_found=False
        )
        return Partner.create(
            {
                "name": number or raw or self.env._("Unknown caller"),
                "phone": number or raw,
                "category_id": [fields.Command.link(category.id)] if category else [],
                "comment": self.env._(
                    "Created by the telephony integration %(name)s for an unknown number: "
                    "to qualify.",
                    name=self.name,
                ),
            }
        )

    def _match_partner(self, number):
        Partner = self.env["res.partner"].with_context(active_test=True)
        if not number:
            return Partner
        domain = [("phone_sanitized", "=", number), ("phone_mobile_search", "=", number)]
        national = national_digits(number)
        if national and len(national) >= 3:
            domain.append(("phone_mobile_search", "=", national))
        domain = ["|"] * (len(domain) - 1) + domain
        domain += [("company_id", "in", [False, self.company_id.id])]
        partners = Partner.search(domain, limit=20)
        if not partners:
            return Partner
        # A customer with a salesperson first, then companies before their contacts.
        return partners.sorted(
            lambda p: (
                not p.commercial_partner_id.user_id,
                not p.is_company,
                p.id,
            )
        )[:1]
