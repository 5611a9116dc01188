from odoo import fields, models


class WisepartsSegmentRun(models.Model):
    _name = "wiseparts.segment.run"
    _description = "Automatic Segment Assignment Run"
    _order = "id desc"

    type_id = fields.Many2one(
        "wiseparts.segment.type",
        string="Segment Type",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="type_id.company_id")
    run_date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    requested_by_id = fields.Many2one("res.users", readonly=True)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    result = fields.Json(readonly=True)
    summary = fields.Char(compute="_compute_summary")
    error = fields.Text(readonly=True)

    def _compute_display_name(self):
        for run in self:
            run.display_name = f"{run.type_id.name} {run.run_date or ''} #{run.id or ''}"

    def _compute_summary(self):
        for run in self:
            run.summary = ", ".join(f"{k}: {v}" for k, v in (run.result or {}).items())

    def _end_message(self):
        self.ensure_one()
        if self.state == "done":
            return self.env._(
                "Automatic segment assignment of %(type)s done: %(summary)s.",
                type=self.type_id.name,
                summary=self.summary,
            )
        return self.env._(
            "Automatic segment assignment of %(type)s failed: %(error)s",
            type=self.type_id.name,
            error=self.error or "",
        )

    def _notify_requester(self):
        """Tell who is waiting that the run ended.

        Requested runs: the requesting user (inbox message + live notification) when the
        type's *Notify* is set. Scheduled runs (nobody requested them): the followers of the
        type, through the "Segments computed" subtype.
        """
        for run in self.filtered(lambda r: not r.requested_by_id):
            run.type_id.sudo().message_post(
                body=run._end_message(),
                message_type="notification",
                subtype_xmlid="wiseparts_segments.mt_segment_run_done",
            )
        for run in self.filtered(lambda r: r.type_id.notify and r.requested_by_id):
            user = run.requested_by_id
            body = run._end_message()
            run.type_id.sudo().message_post(
                body=body,
                partner_ids=user.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            user._bus_send(
                "simple_notification",
                {"type": "success" if run.state == "done" else "danger", "message": body},
            )
