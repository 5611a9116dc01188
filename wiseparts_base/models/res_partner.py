import logging

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_is_zero

from ..services import upsert as upsert_rows

_logger = logging.getLogger(__name__)

NOTE_PREVIEW_LENGTH = 120
# Who looks after a customer and at what price: changed only by Sales / All Documents and
# sales administrators (a rep with own documents only may not reassign customers).
ASSIGNMENT_FIELDS = ("user_id", "team_id", "discount_percent")


class ResPartner(models.Model):
    _inherit = "res.partner"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="Defaults to the salesperson's team.",
    )
    customer_status = fields.Selection(
        [("current", "Current customer"), ("potential", "Potential customer")],
        default="potential",
        required=True,
        index=True,
        tracking=True,
    )
    temperature = fields.Selection(
        [("hot", "Hot"), ("warm", "Warm"), ("cold", "Cold"), ("not_interested", "Not interested")],
        tracking=True,
    )
    discount_percent = fields.Float(
        string="Discount %",
        digits="Discount",
        tracking=True,
        help="Applied as the discount of every new sale order line for this customer.",
    )
    is_branch = fields.Boolean(
        string="Branch",
        help="A branch has its own address and salesperson and places orders itself; "
        "it is invoiced through its parent customer.",
    )
    branch_ids = fields.One2many(
        "res.partner", "parent_id", string="Branches", domain=[("is_branch", "=", True)]
    )
    branch_count = fields.Integer(compute="_compute_branch_count", string="# Branches")
    wiseparts_note_ids = fields.One2many(
        "wiseparts.customer.note", "partner_id", string="Customer Notes"
    )
    last_note_preview = fields.Char(
        compute="_compute_last_note_preview",
        string="Last Note",
        help="Beginning of the customer's newest note.",
    )
    wiseparts_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_wiseparts_currency_id",
        string="Preferred Currency",
        help="The currency of the customer's pricelist.",
    )
    wiseparts_invoice_count = fields.Integer(
        compute="_compute_wiseparts_invoice_count", string="# Invoices"
    )
    is_wiseparts_customer = fields.Boolean(
        string="Customer or Prospect",
        compute="_compute_is_wiseparts_customer",
        search="_search_is_wiseparts_customer",
        help="Listed on the WiseParts Customers page: a customer or prospect (Odoo counts it as "
        "a customer) or one of their branches; never a company's own partner nor an "
        "employee's.",
    )

    def init(self):
        res = super().init()
        # The default also in PostgreSQL: a registry that does not hold this addon's fields (one
        # being loaded below it during an install or upgrade, its at-install tests, a server
        # started without this addon) inserts partners without customer_status; the NOT NULL
        # column would refuse them (Odoo's website does the same for ir_model_fields).
        self.env.cr.execute(
            SQL(
                "ALTER TABLE res_partner ALTER COLUMN customer_status SET DEFAULT %s",
                self._fields["customer_status"].default(self),
            )
        )
        # Customer IDs are unique per company among customers and branches (the scope of
        # _check_ref_unique, the friendly error), also when two integrations write at once.
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                        CREATE UNIQUE INDEX IF NOT EXISTS res_partner_wiseparts_ref_company_uniq
                            ON res_partner (ref, COALESCE(company_id, 0))
                         WHERE ref IS NOT NULL AND ref <> ''
                           AND (parent_id IS NULL OR is_branch IS TRUE)
                        """
                    )
                )
        except psycopg2.errors.UniqueViolation:
            # Like Odoo's _sql_constraints: existing duplicates are reported, not fatal.
            _logger.warning(
                "Customer IDs are not unique per company: the database does not enforce "
                "their uniqueness until the duplicates are fixed."
            )
        return res

    @api.depends("user_id")
    def _compute_team_id(self):
        for partner in self:
            if partner.user_id.sale_team_id:
                partner.team_id = partner.user_id.sale_team_id

    @api.depends("branch_ids")
    def _compute_branch_count(self):
        counts = dict(
            self._read_group(
                [("parent_id", "in", self.ids), ("is_branch", "=", True)],
                ["parent_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.branch_count = counts.get(partner, 0)

    @api.depends("wiseparts_note_ids.body", "wiseparts_note_ids.date")
    def _compute_last_note_preview(self):
        previews = {}
        Note = self.env["wiseparts.customer.note"]
        if self.ids and Note.has_access("read"):
            # Newest first: the first note seen for a customer is its last note.
            notes = Note.search([("partner_id", "in", self.ids)], order="date desc, id desc")
            for note in notes:
                previews.setdefault(note.partner_id.id, note.body)
        for partner in self:
            body = " ".join((previews.get(partner.id) or "").split())
            if len(body) > NOTE_PREVIEW_LENGTH:
                body = body[: NOTE_PREVIEW_LENGTH - 1].rstrip() + "…"
            partner.last_note_preview = body or False

    @api.depends("property_product_pricelist")
    def _compute_wiseparts_currency_id(self):
        for partner in self:
            partner.wiseparts_currency_id = partner.property_product_pricelist.currency_id

    def _compute_wiseparts_invoice_count(self):
        self.wiseparts_invoice_count = 0
        moves = self.env["account.move"]
        commercial = self.filtered(lambda p: p.id and not p.parent_id)
        if not commercial or not moves.has_access("read"):
            return
        counts = dict(
            moves._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in commercial:
            partner.wiseparts_invoice_count = counts.get(partner, 0)

    def _compute_is_wiseparts_customer(self):
        customers = self.filtered_domain(self._wiseparts_customer_domain())
        for partner in self:
            partner.is_wiseparts_customer = partner in customers

    def _search_is_wiseparts_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(
                self.env._("Customer or Prospect can only be compared with = or != a boolean.")
            )
        domain = self._wiseparts_customer_domain()
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    @api.model
    def _wiseparts_customer_domain(self):
        """What the Customers page lists (readme/USAGE.md, "Customers")."""
        # sudo: only the ids of the companies' own partners are needed, whatever companies
        # the user may read.
        company_partner_ids = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "!=", False)])
            .partner_id.ids
        )
        return [
            ("id", "not in", company_partner_ids),
            ("partner_share", "=", True),  # not an internal user's (nor OdooBot's) partner
            "|",
            ("is_branch", "=", True),
            "&",
            ("parent_id", "=", False),
            ("customer_rank", ">", 0),
        ]

    @api.constrains("discount_percent")
    def _check_discount_percent(self):
        for partner in self:
            if not 0 <= partner.discount_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The discount %% of %(customer)s must be between 0 and 100 "
                        "(got %(value)s).",
                        customer=partner.display_name,
                        value=partner.discount_percent,
                    )
                )

    @api.model
    def _check_ref_unique(self, keys, exclude_ids=()):
        """A Customer ID identifies one customer (or branch) per company.

        ``keys``: ``(ref, company id, customer name)`` of the customers and branches about to be
        written. Checked before the INSERT or UPDATE, so that the user reads this message rather
        than the error of the unique index that enforces the rule in PostgreSQL (see init).
        """
        keys = [(ref, company_id or False, name) for ref, company_id, name in keys if ref]
        if not keys:
            return
        # sudo: the duplicate may be a customer the current user cannot read; only its
        # name is shown, so the user knows whom to ask about.
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("ref", "in", list({key[0] for key in keys})),
                    ("id", "not in", list(exclude_ids)),
                    "|",
                    ("parent_id", "=", False),
                    ("is_branch", "=", True),
                ]
            )
        )
        taken = {(p.ref, p.company_id.id): p.display_name for p in candidates}
        seen = {}
        for ref, company_id, name in keys:
            other = taken.get((ref, company_id)) or seen.get((ref, company_id))
            if other:
                raise ValidationError(
                    self.env._(
                        "Customer ID %(ref)s is already used by %(other)s: "
                        "it cannot also be given to %(customer)s.",
                        ref=ref,
                        other=other,
                        customer=name,
                    )
                )
            seen[(ref, company_id)] = name

    @api.onchange("is_branch")
    def _onchange_is_branch(self):
        if self.is_branch and self.type == "contact":
            self.type = "delivery"

    @api.model_create_multi
    def create(self, vals_list):
        # sudo: only the parents' salesperson, team and company are read, for the checks below
        parents = self.sudo().browse(
            {vals["parent_id"] for vals in vals_list if vals.get("parent_id")}
        )
        parents = {parent.id: parent for parent in parents}
        self._wiseparts_check_new_assignment(vals_list, parents)
        ref_keys = []
        for vals in vals_list:
            if vals.get("ref") and (not vals.get("parent_id") or vals.get("is_branch")):
                parent = parents.get(vals.get("parent_id")) or self.browse()
                company_id = vals.get("company_id") or parent.company_id.id
                ref_keys.append((vals["ref"], company_id, vals.get("name") or vals["ref"]))
        self._check_ref_unique(ref_keys)
        for vals in vals_list:
            # A branch keeps its own address: a 'contact' child would copy its parent's.
            if vals.get("is_branch") and vals.get("type", "contact") == "contact":
                vals["type"] = "delivery"
        return super().create(vals_list)

    def write(self, vals):
        self._wiseparts_check_assignment(vals)
        if {"ref", "parent_id", "is_branch", "company_id"} & vals.keys():
            keys = []
            for partner in self:
                ref = vals.get("ref", partner.ref)
                parent_id = vals.get("parent_id", partner.parent_id.id)
                if ref and (not parent_id or vals.get("is_branch", partner.is_branch)):
                    company_id = vals.get("company_id", partner.company_id.id)
                    keys.append((ref, company_id, partner.display_name))
            self._check_ref_unique(keys, exclude_ids=self.ids)
        return super().write(vals)

    def _wiseparts_assignment_error(self, customer, fname):
        return AccessError(
            self.env._(
                "You may not change the %(field)s of %(customer)s: only sales managers "
                "(Sales: All Documents) and sales administrators may reassign a customer or "
                "change its discount.",
                field=self._fields[fname]._description_string(self.env),
                customer=customer,
            )
        )

    def _wiseparts_check_new_assignment(self, vals_list, parents):
        """A rep with own documents only creates customers for himself (or, for a branch or a
        contact, for its parent's salesperson and team), without discount."""
        if self.env["res.users"]._wiseparts_sees_all_customers():
            return
        own_team_ids = self.env.user.crm_team_ids.ids
        context = self.env.context
        for vals in vals_list:
            customer = vals.get("name") or vals.get("ref") or "?"
            parent = parents.get(vals.get("parent_id")) or self.browse()
            user_id = vals.get("user_id", context.get("default_user_id"))
            if user_id not in (None, False, self.env.uid, parent.user_id.id):
                raise self._wiseparts_assignment_error(customer, "user_id")
            team_id = vals.get("team_id", context.get("default_team_id"))
            if team_id and team_id not in (*own_team_ids, parent.team_id.id):
                raise self._wiseparts_assignment_error(customer, "team_id")
            if vals.get("discount_percent", context.get("default_discount_percent")):
                raise self._wiseparts_assignment_error(customer, "discount_percent")

    def _wiseparts_check_assignment(self, vals):
        """Refuse a change of salesperson, team or discount to a rep with own documents only."""
        fnames = [fname for fname in ASSIGNMENT_FIELDS if fname in vals]
        if not fnames or self.env["res.users"]._wiseparts_sees_all_customers():
            return
        digits = self._fields["discount_percent"].get_digits(self.env)[1] or 7
        for fname in fnames:
            value = vals[fname]
            for partner in self:
                if fname == "discount_percent":
                    changed = not float_is_zero(
                        partner.discount_percent - (value or 0.0), precision_digits=digits
                    )
                else:
                    changed = partner[fname].id != (int(value) if value else False)
                if changed:
                    raise self._wiseparts_assignment_error(partner.display_name, fname)

    def action_view_branches(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_base.res_partner_action_customers"
        )
        action.update(
            {
                "name": self.env._("Branches of %(customer)s", customer=self.display_name),
                "domain": [("parent_id", "=", self.id), ("is_branch", "=", True)],
                "context": {
                    "default_parent_id": self.id,
                    "default_is_branch": True,
                    "default_type": "delivery",
                    "default_user_id": self.user_id.id,
                },
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    def action_view_wiseparts_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {"default_move_type": "out_invoice", "default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Integration API
    # ------------------------------------------------------------------
    @api.model
    def wiseparts_upsert(self, rows):
        """Create or update customers from the source system, keyed by Customer ID (ref).

        Public (XML-RPC / JSON-RPC). Runs with the caller's access rights. See
        readme/USAGE.md for the row format. Atomic: any bad row and nothing is written.
        """
        if not isinstance(rows, list | tuple):
            raise ValidationError(self.env._("wiseparts_upsert expects a list of rows."))
        return self._wiseparts_upsert(list(rows))

    def _wiseparts_upsert(self, rows):
        rows, errors = upsert_rows.check_rows(rows, self.env)
        found = self._wiseparts_upsert_lookup(rows)
        plans, more_errors = upsert_rows.resolve_rows(rows, found, self.env)
        errors += more_errors
        if errors:
            errors.sort(key=lambda error: error.index)
            raise ValidationError(
                self.env._(
                    "Nothing was imported. Fix these rows:\n%(errors)s",
                    errors="\n".join(error.format() for error in errors),
                )
            )
        categories = self._wiseparts_upsert_categories(rows)
        return self._wiseparts_upsert_apply(rows, plans, categories)

    def _wiseparts_upsert_lookup(self, rows):
        """Everything the rows refer to, with one query per model."""

        def collect(key):
            return list({row[key] for row in rows if row.get(key)})

        partners = self.with_context(active_test=False).search(
            [
                ("ref", "in", collect("ref") + collect("parent_ref")),
                ("company_id", "in", [False, self.env.company.id]),
                "|",
                ("parent_id", "=", False),
                ("is_branch", "=", True),
            ]
        )
        partners.fetch(upsert_rows.PARTNER_FIELDS)
        found = {"partners": {}, "teams": {}}
        for partner in partners:
            found["partners"].setdefault(partner.ref, []).append(
                (partner.id, partner.parent_id.id, partner.is_branch)
            )
        countries = self.env["res.country"].search(
            [("code", "in", [code.upper() for code in collect("country_code")])]
        )
        found["countries"] = {country.code: country.id for country in countries}
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "in", collect("salesperson_login")), ("share", "=", False)])
        )
        found["users"] = {user.login: user.id for user in users}
        for team in self.env["crm.team"].search([("name", "in", collect("team"))]):
            found["teams"].setdefault(team.name, team.id)
        found["langs"] = {code for code, _name in self.env["res.lang"].get_installed()}
        return found

    def _wiseparts_upsert_categories(self, rows):
        """Tag ids by name; the missing tags are created (one create)."""
        names = {name for row in rows for name in row.get("categories") or ()}
        categories = {}
        if not names:
            return categories
        Category = self.env["res.partner.category"]
        for category in Category.search([("name", "in", list(names))]):
            categories.setdefault(category.name, category.id)
        missing = sorted(names - categories.keys())
        if missing:
            created = Category.create([{"name": name} for name in missing])
            categories.update({category.name: category.id for category in created})
        return categories

    def _wiseparts_upsert_vals(self, row, plan, categories, partner):
        """Values to create, or the values that differ from ``partner``'s."""
        vals = upsert_rows.plain_vals(row)
        vals.update(plan["m2o"])
        tags = [categories[name] for name in row.get("categories") or ()]
        if partner:
            current = {
                fname: partner[fname].id if fname in upsert_rows.M2O_FIELDS else partner[fname]
                for fname in vals
            }
            float_digits = {
                fname: self._fields[fname].get_digits(self.env)[1] or 7
                for fname in upsert_rows.FLOAT_KEYS
            }
            vals = upsert_rows.changed_vals(current, vals, float_digits)
            tags = [tag for tag in tags if tag not in partner.category_id.ids]
        if tags:
            vals["category_id"] = [Command.link(tag) for tag in dict.fromkeys(tags)]
        if not partner or not partner.customer_rank:
            # The source system sends customers and prospects: list them on the Customers page.
            vals["customer_rank"] = 1
        return vals

    def _wiseparts_upsert_apply(self, rows, plans, categories):
        result = [None] * len(rows)
        by_ref = {
            row["ref"]: self.browse(plan["id"]) for row, plan in zip(rows, plans, strict=True)
        }
        # New rows in one create, then the new branches of customers created just before.
        for in_call_parent in (False, True):
            indexes, vals_list = [], []
            for index, (row, plan) in enumerate(zip(rows, plans, strict=True)):
                if plan["id"] or isinstance(plan["parent"], str) != in_call_parent:
                    continue
                vals = self._wiseparts_upsert_vals(row, plan, categories, None)
                vals["ref"] = row["ref"]
                if plan["parent"]:
                    parent = by_ref[plan["parent"]] if in_call_parent else plan["parent"]
                    vals.update({"parent_id": int(parent), "is_branch": True, "type": "delivery"})
                else:
                    vals["is_company"] = True
                indexes.append(index)
                vals_list.append(vals)
            for index, partner in zip(indexes, self.create(vals_list), strict=True):
                by_ref[partner.ref] = partner
                result[index] = {"ref": partner.ref, "id": partner.id, "created": True}
        # Existing rows: write only what changed, one write per identical set of values.
        writes = {}
        for index, (row, plan) in enumerate(zip(rows, plans, strict=True)):
            if not plan["id"]:
                result[index]["changed"] = True
                continue
            partner = self.browse(plan["id"])
            vals = self._wiseparts_upsert_vals(row, plan, categories, partner)
            if plan["parent"]:
                parent = (
                    by_ref[plan["parent"]] if isinstance(plan["parent"], str) else plan["parent"]
                )
                if partner.parent_id.id != int(parent) or not partner.is_branch:
                    vals.update({"parent_id": int(parent), "is_branch": True})
            result[index] = {"ref": row["ref"], "id": partner.id, "created": False}
            result[index]["changed"] = bool(vals)
            if vals:
                writes.setdefault(repr(sorted(vals.items())), (vals, []))[1].append(partner.id)
        for vals, partner_ids in writes.values():
            self.browse(partner_ids).write(vals)
        return result
