from collections import defaultdict

from odoo import api, fields, models


class WisepartsTask(models.Model):
    _name = "wiseparts.task"
    _description = "Sales Task"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_ids = fields.Many2many(
        "res.users",
        "wiseparts_task_user_rel",
        "task_id",
        "user_id",
        string="Assignees",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date_deadline = fields.Date(string="Deadline", index=True, tracking=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")],
        default="1",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [("open", "Open"), ("in_progress", "In Progress"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        index=True,
        group_expand="_group_expand_states",
        copy=False,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null", tracking=True, check_company=True
    )
    type_id = fields.Many2one("wiseparts.task.type", string="Task Type", ondelete="restrict")
    report = fields.Properties(definition="type_id.report_definition", copy=False)
    activity_id = fields.Many2one(
        "wiseparts.activity",
        string="Follows Activity",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    color = fields.Integer()

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = bool(
                task.state != "closed" and task.date_deadline and task.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "!=", "closed"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _group_expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        tasks._notify_assignees([(task, task.user_ids) for task in tasks])
        return tasks

    def write(self, vals):
        before = {task: task.user_ids for task in self} if "user_ids" in vals else {}
        if vals.get("state") == "closed":
            vals = {**vals, "closed_by_id": self.env.uid, "date_closed": fields.Datetime.now()}
        elif vals.get("state") in ("open", "in_progress"):
            vals = {**vals, "closed_by_id": False, "date_closed": False}
        result = super().write(vals)
        if before:
            self._notify_assignees(
                [(task, task.user_ids - users) for task, users in before.items()]
            )
        return result

    def _notify_assignees(self, pairs):
        """Subscribe the new assignees and tell them (Odoo inbox or email, as each prefers).

        Tasks are subscribed in one call per set of new assignees (automations create thousands
        at once); Odoo notifies one record at a time, so each task still gets its own message.
        """
        pairs = [(task, users - self.env.user) for task, users in pairs]
        pairs = [(task, users) for task, users in pairs if users]
        if not pairs:
            return
        task_ids_by_users = defaultdict(list)
        for task, users in pairs:
            task_ids_by_users[users].append(task.id)
        for users, task_ids in task_ids_by_users.items():
            self.browse(task_ids).message_subscribe(partner_ids=users.partner_id.ids)
        # what message_notify would look up for each task, looked up once for all of them
        tasks = self.browse([task.id for task, _users in pairs])
        companies = tasks._mail_get_companies(default=self.env.company)
        alias_domains = tasks._mail_get_alias_domains(default_company=self.env.company)
        reply_tos = tasks._notify_get_reply_to(default=self.env.user.partner_id.email_formatted)
        for task, users in pairs:
            task.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("Task assigned to you: %(task)s", task=task.name),
                body=self.env._(
                    "%(user)s assigned you the task %(task)s.",
                    user=self.env.user.name,
                    task=task.name,
                ),
                model_description=self._description,
                record_company_id=companies[task.id].id,
                record_alias_domain_id=alias_domains[task.id].id,
                reply_to=reply_tos[task.id],
            )

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "open"})
