import re

from odoo import api, fields, models

VARIABLE = re.compile(r"\{\{\s*(\d+)\s*\}\}")


class WisepartsWhatsappTemplate(models.Model):
    _name = "wiseparts.whatsapp.template"
    _description = "WhatsApp message template"
    _order = "name, language"

    name = fields.Char(required=True, help="Template name in Meta (lowercase, underscores).")
    account_id = fields.Many2one("wiseparts.whatsapp.account", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    language = fields.Char(
        required=True, default="en", help="Meta language code, e.g. fr, es, en_US"
    )
    category = fields.Selection(
        [("marketing", "Marketing"), ("utility", "Utility"), ("authentication", "Authentication")],
        required=True,
        default="utility",
    )
    body = fields.Text(required=True, help="Body text with {{1}}, {{2}}... variables.")
    status = fields.Selection(
        [
            ("draft", "Draft"),
            ("pending", "In review"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("paused", "Paused"),
            ("disabled", "Disabled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        help="Synced from Meta: only approved templates can be sent.",
    )
    variable_count = fields.Integer(compute="_compute_variable_count")

    _sql_constraints = [
        (
            "name_language_uniq",
            "unique (account_id, name, language)",
            "This template already exists in this language.",
        ),
    ]

    @api.depends("body")
    def _compute_variable_count(self):
        for template in self:
            numbers = {int(number) for number in VARIABLE.findall(template.body or "")}
            template.variable_count = max(numbers) if numbers else 0

    def _wiseparts_render(self, parameters):
        """The body as the customer reads it, ``{{n}}`` replaced by ``parameters[n - 1]``."""
        self.ensure_one()

        def replace(match):
            index = int(match.group(1)) - 1
            return parameters[index] if 0 <= index < len(parameters) else match.group(0)

        return VARIABLE.sub(replace, self.body or "")

    @api.model
    def _wiseparts_sync(self, account, remote):
        """Create or update ``account``'s templates from Meta's list (one write per change)."""
        statuses = dict(self._fields["status"].selection)
        existing = {
            (template.name, template.language): template
            for template in self.search([("account_id", "=", account.id)])
        }
        to_create = []
        for item in remote:
            status = str(item.get("status") or "").lower()
            status = status if status in statuses else "pending"
            body = next(
                (
                    component.get("text")
                    for component in item.get("components") or []
                    if component.get("type") == "BODY"
                ),
                "",
            )
            category = str(item.get("category") or "utility").lower()
            if category not in ("marketing", "utility", "authentication"):
                category = "utility"
            key = (item.get("name"), item.get("language"))
            template = existing.get(key)
            vals = {"status": status, "category": category}
            if body:
                vals["body"] = body
            if template:
                template.write(vals)
            elif key[0] and key[1]:
                to_create.append(
                    {
                        "account_id": account.id,
                        "name": key[0],
                        "language": key[1],
                        "body": body or key[0],
                        **vals,
                    }
                )
        if to_create:
            self.create(to_create)
