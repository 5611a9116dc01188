# One file per feature extending this model (see readme/DEVELOP.md).
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import api, fields, models

CALLBACK_TASK_DONE_STATES = ("done",)


class WisepartsActivity(models.Model):
    _inherit = "wiseparts.activity"

    telephony_integration_id = fields.Many2one(
        "wiseparts.telephony.integration",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    telephony_call_id = fields.Char(string="Call ID", readonly=True, copy=False)
    call_number = fields.Char(
        string="Phone Number",
        copy=False,
        index="btree_not_null",
        help="The customer's number (E.164): the caller of an inbound call, the callee of an "
        "outbound one.",
    )
    call_callback_state = fields.Selection(
        [
            ("pending", "To Call Back"),
            ("task", "Call-back Task"),
            ("done", "Called Back"),
        ],
        string="Call Back",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Missed inbound calls: waiting for a call back, a call-back task was created, or "
        "the number was called back.",
    )
    call_callback_due = fields.Datetime(
        string="Call-back Task At",
        readonly=True,
        copy=False,
        help="When the call-back task is created if the number is not called back before.",
    )

    _sql_constraints = [
        (
            "telephony_call_uniq",
            "unique(telephony_integration_id, telephony_call_id)",
            "A call of the phone system is recorded once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Telephony events (superuser env, after the webhook secret check)
    # ------------------------------------------------------------------
    def _telephony_apply(self, summary, agent):
        """Write what the events received so far say (see services.telephony.call_summary)."""
        self.ensure_one()
        vals = {"start": summary["start"]}
        if summary["outcome"] != (self.call_outcome or False):
            vals["call_outcome"] = summary["outcome"]
        if summary["duration"] != self.call_duration:
            vals["call_duration"] = summary["duration"]
        if summary["stop"]:
            vals["stop"] = summary["stop"]
        elif self.stop and self.stop < summary["start"]:
            vals["stop"] = summary["start"]
        if agent and agent != self.user_id:
            vals["user_id"] = agent.id
        # A missed call is over: nothing to log. An answered call stays planned until its
        # agent logs it (summary, report) and marks it done.
        missed = summary["finished"] and summary["outcome"] != "answered"
        if missed and self.state == "planned":
            vals.update(state="done", date_done=summary["stop"] or summary["start"])
        elif not missed and self.state == "done" and self.telephony_integration_id:
            # an "answered" arriving after "ended": the call was not missed after all
            vals.update(state="planned", date_done=False)
        self.write(vals)
        if vals.get("state") == "done":
            self._set_done_segment()

    def _telephony_after_event(self, event, summary, was_finished):
        """Screen pop, call-back bookkeeping: what follows a new event of this call."""
        self.ensure_one()
        if (
            event["event"] == "ringing"
            and self.call_direction == "inbound"
            and not summary["finished"]
            and summary["outcome"] != "answered"
            and self.user_id.partner_id
            and not self.user_id.share
        ):
            self._send_screen_pop()
        if summary["outcome"] == "answered":
            if self.call_callback_state:
                self.write({"call_callback_state": False, "call_callback_due": False})
            self._resolve_callbacks()
        elif (
            summary["finished"]
            and self.call_direction == "inbound"
            and not self.call_callback_state
        ):
            self._schedule_callback()

    def get_screen_pop(self):
        """The caller's card of this call (the one the bus sends when it rings), for the
        agent's browser; whoever may read the call gets it."""
        self.ensure_one()
        self.check_access("read")
        return self._screen_pop_payload()

    def _send_screen_pop(self):
        """Tell the agent's browsers (Odoo's bus, their own partner channel only)."""
        self.ensure_one()
        self.user_id._bus_send("wiseparts_screen_pop", self._screen_pop_payload())

    def _screen_pop_payload(self):
        """The caller's card: customer, segment, salesperson, open quotes, last notes and
        activities. Built with superuser rights for the agent, who handles every customer."""
        self.ensure_one()
        partner = self.partner_id
        customer = partner.commercial_partner_id
        segment = self.env["wiseparts.segment"]
        segment_type = self.company_id._wiseparts_visit_segment_type()
        if segment_type:
            assignment = (
                self.env["wiseparts.segment.assignment"]
                .sudo()
                .search(
                    [("type_id", "=", segment_type.id), ("partner_id", "=", customer.id)],
                    limit=1,
                )
            )
            segment = assignment.segment_id
        quotes = (
            self.env["sale.order"]
            .sudo()
            .search_count(
                [("partner_id", "child_of", customer.id), ("state", "in", ("draft", "sent"))]
            )
        )
        notes = (
            self.env["wiseparts.customer.note"]
            .sudo()
            .search([("partner_id", "=", customer.id)], order="date desc, id desc", limit=3)
        )
        # the agent's last-activity list follows the agent's own rights
        last = (
            self.with_user(self.user_id)
            .sudo(False)
            .search(
                [
                    ("commercial_partner_id", "=", customer.id),
                    ("state", "=", "done"),
                    ("id", "!=", self.id),
                ],
                order="start desc, id desc",
                limit=3,
            )
        )
        category = self.env.ref(
            "wiseparts_activities.partner_category_to_qualify", raise_if_not_found=False
        )
        return {
            "activity_id": self.id,
            "call_id": self.telephony_call_id,
            "number": self.call_number,
            "partner_id": partner.id,
            "partner_name": partner.display_name,
            "customer_id": customer.id,
            "customer_name": customer.display_name,
            "to_qualify": bool(category and category in partner.category_id),
            "segment": segment.display_name or "",
            "salesperson": customer.user_id.name or "",
            "open_quotes": quotes,
            "notes": [
                {
                    "body": note.body,
                    "author": note.author_id.name or "",
                    "date": fields.Datetime.to_string(note.date),
                }
                for note in notes
            ],
            "last_activities": [
                {
                    "name": activity.name,
                    "date": fields.Datetime.to_string(activity.start),
                    "summary": activity.report_summary or "",
                }
                for activity in last
            ],
        }

    def _schedule_callback(self):
        """A missed inbound call: a call-back task unless the number is called back within
        the company's delay (0: at once)."""
        self.ensure_one()
        if self._called_back():
            self.write({"call_callback_state": "done"})
            return
        delay = self.company_id.wiseparts_callback_delay
        if delay <= 0:
            self._create_callback_task()
            return
        due = (self.stop or self.start) + timedelta(minutes=delay)
        self.write({"call_callback_state": "pending", "call_callback_due": due})
        cron = self.env.ref(
            "wiseparts_activities.ir_cron_telephony_callback", raise_if_not_found=False
        )
        if cron:
            cron._trigger(at=max(due, fields.Datetime.now()))

    def _called_back(self):
        """Whether the number was reached after this call: an answered call, either way."""
        self.ensure_one()
        if not self.call_number:
            return False
        return bool(
            self.search_count(
                [
                    ("call_number", "=", self.call_number),
                    ("call_outcome", "=", "answered"),
                    ("start", ">=", self.start),
                    ("id", "!=", self.id),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )

    def _resolve_callbacks(self):
        """This answered call reaches a number that missed calls wait for: they are called
        back and their open call-back tasks close."""
        self.ensure_one()
        if not self.call_number:
            return
        missed = self.search(
            [
                ("call_number", "=", self.call_number),
                ("call_callback_state", "in", ("pending", "task")),
                ("start", "<=", self.start),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
            ]
        )
        if not missed:
            return
        tasks = self.env["wiseparts.task"].search(
            [("activity_id", "in", missed.ids), ("state", "!=", "closed")]
        )
        missed.write({"call_callback_state": "done", "call_callback_due": False})
        if tasks:
            tasks.write({"state": "closed"})
            tasks.write({"closed_by_id": self.user_id.id})
            for task in tasks:
                task.message_post(
                    body=self.env._("Called back: %(call)s", call=self.display_name),
                    subtype_xmlid="mail.mt_note",
                )

    def _create_callback_task(self):
        """The "Call back" task of missed calls: for the customer's salesperson, else the
        company's call-centre team, else the call's agent."""
        task_type = self.env.ref(
            "wiseparts_activities.task_type_call_back", raise_if_not_found=False
        )
        vals_list = []
        for call in self:
            customer = call.commercial_partner_id
            users = customer.user_id or call.partner_id.user_id
            users = users.filtered(lambda u: not u.share and u.active)
            if not users:
                team = call.company_id.wiseparts_callcenter_team_id
                users = team.member_ids.filtered("active") or team.user_id
            if not users:
                users = call.user_id
            vals_list.append(
                {
                    "name": self.env._(
                        "Call back %(customer)s (%(number)s)",
                        customer=call.partner_id.display_name,
                        number=call.call_number or "",
                    ),
                    "type_id": task_type.id if task_type else False,
                    "partner_id": call.partner_id.id,
                    "activity_id": call.id,
                    "company_id": call.company_id.id,
                    "user_ids": [fields.Command.set(users.ids)],
                    "date_deadline": fields.Date.context_today(call),
                    "priority": "2",
                }
            )
        tasks = self.env["wiseparts.task"].create(vals_list)
        self.write({"call_callback_state": "task", "call_callback_due": False})
        return tasks

    @api.model
    def _cron_telephony_callback(self):
        """Missed calls whose delay passed without a call back get their task."""
        due = self.search(
            [
                ("call_callback_state", "=", "pending"),
                ("call_callback_due", "<=", fields.Datetime.now()),
            ],
            limit=500,
        )
        called_back = due.filtered(lambda call: call._called_back())
        called_back.write({"call_callback_state": "done", "call_callback_due": False})
        (due - called_back)._create_callback_task()
        return True
