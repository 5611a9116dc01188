from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, consteq

from odoo.addons.wiseparts_base.services.secret import hash_secret, new_secret

URL_PATH = "/quick-order/"
# Context key carrying a new link's secret to the share dialog (never stored).
SHARE_CONTEXT_KEY = "wiseparts_quick_order_secret"
CATALOGUE_PAGE_SIZE = 20
TOUCH_SECONDS = 60  # last use is stamped at most once a minute


class WisepartsQuickOrderLink(models.Model):
    _name = "wiseparts.quick.order.link"
    _description = "Quick-Order Link"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
        help="The customer or branch ordering through this link; orders are invoiced to its "
        "commercial partner.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # The secret itself is never stored: a leaked database or backup gives no working link.
    # Only the system group may write it, so that nobody chooses a weak secret (see
    # _create_links, which sets it with sudo after checking the caller's rights).
    token_hash = fields.Char(
        required=True, index=True, copy=False, readonly=True, groups="base.group_system"
    )
    active = fields.Boolean(default=True, tracking=True)
    expires_at = fields.Datetime(string="Expires on", tracking=True, copy=False)
    last_used_at = fields.Datetime(string="Last used on", readonly=True, copy=False)
    use_count = fields.Integer(
        string="Times opened",
        readonly=True,
        copy=False,
        help="Catalogue visits, counted at most once a minute.",
    )
    order_ids = fields.One2many("sale.order", "quick_order_link_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count", string="# Orders")
    state = fields.Selection(
        [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
        compute="_compute_state",
    )

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "A quick-order link secret must be unique."),
    ]

    @api.depends("order_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("quick_order_link_id", "in", self.ids)], ["quick_order_link_id"], ["__count"]
            )
        )
        for link in self:
            link.order_count = counts.get(link, 0)

    @api.depends("active", "expires_at")
    def _compute_state(self):
        now = fields.Datetime.now()
        for link in self:
            if not link.active:
                link.state = "revoked"
            elif link.expires_at and link.expires_at <= now:
                link.state = "expired"
            else:
                link.state = "valid"

    @api.depends("partner_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = self.env._(
                "Quick-order link of %(partner)s", partner=link.partner_id.display_name or ""
            )

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for link in self:
            if not (link.partner_id.active and link.partner_id.commercial_partner_id.active):
                raise ValidationError(
                    self.env._(
                        "Quick-order link: the customer %(partner)s is archived.",
                        partner=link.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Only _create_links issues links: it checks who may issue one for which customer
            # and creates the secret (nobody chooses it).
            raise AccessError(
                self.env._(
                    "Quick-order links are issued with create_for_partner or the customer's "
                    "Generate quick-order link button."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "token_hash" in vals:
            raise AccessError(self.env._("The secret of a quick-order link cannot be changed."))
        self._check_write_allowed(vals)
        return super().write(vals)

    def _check_write_allowed(self, vals):
        """An issued link keeps its customer and company, a revoked link stays revoked, and
        only a sales administrator extends the validity beyond the company's default."""
        for link in self:
            for fname in ("partner_id", "company_id"):
                if fname in vals and (vals[fname] or False) != link[fname].id:
                    raise UserError(
                        self.env._(
                            "%(link)s: the field %(field)s of an issued link cannot be "
                            "changed. Issue a new link instead.",
                            link=link.display_name,
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )
            if vals.get("active") and not link.active:
                raise UserError(
                    self.env._(
                        "%(link)s is revoked: a revoked link cannot be restored. Regenerate "
                        "it to send the customer a new link.",
                        link=link.display_name,
                    )
                )
        if "expires_at" in vals:
            expiry = fields.Datetime.to_datetime(vals["expires_at"]) or None
            for link in self:
                link._check_expiry_allowed(
                    link.company_id, expiry, link.expires_at or datetime.max, link.display_name
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_revoke(self):
        self.write({"active": False})
        for link in self:
            link.message_post(body=self.env._("Link revoked."))
        return True

    def action_regenerate(self):
        """Revoke this link and open a new one for the same customer, shown once."""
        self.ensure_one()
        self.check_access("write")
        expires_at = self.expires_at if self.expires_at and self.state == "valid" else None
        self.action_revoke()
        new_link, url = self._create_links(self.partner_id, expires_at)[0]
        new_link.message_post(body=self.env._("Link regenerated, replacing an older one."))
        return new_link._action_show_url(url)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("quick_order_link_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _action_show_url(self, url):
        """The dialog showing the url once to the rep who created it.

        The secret travels in the action's context only: the wizard row stores the link, and
        its url field is computed from the context (see the share wizard), never stored.
        """
        self.ensure_one()
        share = self.env["wiseparts.quick.order.link.share"].create({"link_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quick-order link"),
            "res_model": share._name,
            "res_id": share.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {SHARE_CONTEXT_KEY: url.rsplit("/", 1)[1]},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def create_for_partner(self, partner_id, expires_at=None):
        """Create a quick-order link for a customer (or branch) and return its url.

        Public API (XML-RPC / JSON-RPC) for sales users: the only time the secret is
        returned. ``expires_at``: "YYYY-MM-DD[ HH:MM:SS]" (UTC) in the future, or None for
        the default validity from the settings.
        :return: {"id": link id, "url": absolute url}
        """
        if not isinstance(partner_id, int) or isinstance(partner_id, bool) or partner_id <= 0:
            raise ValidationError(
                self.env._("Quick-order link: partner_id must be a customer id (an integer).")
            )
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise ValidationError(
                self.env._("Quick-order link: customer %(id)s does not exist.", id=partner_id)
            )
        if expires_at not in (None, False, ""):
            try:
                expires_at = fields.Datetime.to_datetime(expires_at)
            except ValueError as exc:
                raise ValidationError(
                    self.env._(
                        "Quick-order link: expires_at %(value)s is not a date.",
                        value=expires_at,
                    )
                ) from exc
        else:
            expires_at = None
        if expires_at:
            self._check_expiry_allowed(
                partner.company_id or self.env.company,
                expires_at,
                datetime.min,
                self.env._("Quick-order link of %(partner)s", partner=partner.display_name),
            )
        link, url = self._create_links(partner, expires_at)[0]
        return {"id": link.id, "url": url}

    def _create_links(self, partners, expires_at=None):
        """Create one link per partner as the current user; return [(link, url)]."""
        self.check_access("create")
        partners.check_access("read")
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(self.env._("Only sales users may create quick-order links."))
        self._check_may_issue(partners)
        now = fields.Datetime.now()
        result = []
        for partner in partners:
            if not (partner.active and partner.commercial_partner_id.active):
                raise ValidationError(
                    self.env._(
                        "Quick-order link: the customer %(partner)s is archived.",
                        partner=partner.display_name,
                    )
                )
            company = partner.company_id or self.env.company
            expiry = expires_at
            if expiry is None:
                expiry = self._default_expiry(company)
            if expiry and expiry <= now:
                raise ValidationError(
                    self.env._(
                        "Quick-order link of %(partner)s: the expiry date must be in the future.",
                        partner=partner.display_name,
                    )
                )
            secret = new_secret()
            # sudo: token_hash is writable by the system group only (no chosen secrets);
            # the caller's rights are checked above and the record rules right below.
            link_sudo = self.sudo().create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "expires_at": expiry,
                    "token_hash": hash_secret(secret),
                }
            )
            link = link_sudo.sudo(False)
            link.check_access("create")
            result.append((link, link.get_base_url() + URL_PATH + secret))
        return result

    @api.model
    def _check_may_issue(self, partners):
        """Own-documents salespeople issue links for their own customers only: the customer's
        (or its commercial customer's) salesperson. All-documents users and sales
        administrators issue them for any customer. Same rule as the record rules, checked
        before the secret is created."""
        if self.env["res.users"]._wiseparts_sees_all_customers():
            return
        user = self.env.user
        for partner in partners:
            if user not in partner.user_id | partner.commercial_partner_id.user_id:
                raise AccessError(
                    self.env._(
                        "Quick-order link of %(partner)s: only its salesperson, Sales users "
                        "with All Documents and Sales administrators may issue it.",
                        partner=partner.display_name,
                    )
                )

    @api.model
    def _default_expiry(self, company):
        """End of the company's default validity for a link issued now (None: no expiry)."""
        if company.quick_order_expiry_days <= 0:
            return None
        today = fields.Datetime.now().date()
        return datetime.combine(
            today + timedelta(days=company.quick_order_expiry_days), time.max
        ).replace(microsecond=0)

    @api.model
    def _check_expiry_allowed(self, company, expiry, current, name):
        """Refuse extending a link (`expiry` later than `current`, None: never) beyond the
        company's default validity, unless the user is a sales administrator."""
        if self.env["res.users"]._wiseparts_is_sales_admin():
            return
        limit = self._default_expiry(company)
        wanted = expiry or datetime.max
        if limit and wanted > limit and wanted > current:
            raise UserError(
                self.env._(
                    "%(link)s: only a Sales administrator can set Expires on later than "
                    "%(limit)s (the default validity of %(days)s days).",
                    link=name,
                    limit=fields.Datetime.to_string(limit),
                    days=company.quick_order_expiry_days,
                )
            )

    def _url_with_secret(self, secret):
        """This link's url if `secret` is its secret (checked against the hash), else False."""
        self.ensure_one()
        # sudo: token_hash is readable by the system group only; it is compared, not returned.
        if secret and consteq(self.sudo().token_hash, hash_secret(secret)):
            return self.get_base_url() + URL_PATH + secret
        return False

    @api.model
    def _find_by_secret(self, secret):
        """The usable link (sudo) of a secret, else an empty recordset.

        Unknown, revoked and expired links take the same path: hash, one query, one
        constant-time comparison, so that neither answer nor timing tells them apart.
        """
        digest = hash_secret(secret)
        self.env["res.partner"].flush_model(["active", "commercial_partner_id"])
        self.flush_model(["token_hash", "active", "expires_at", "partner_id"])
        # Archiving the customer, or its commercial customer, stops the link at once.
        self.env.cr.execute(
            SQL(
                """
                SELECT link.id, link.token_hash,
                       link.active AND partner.active AND commercial.active
                       AND (link.expires_at IS NULL OR link.expires_at > %s)
                  FROM wiseparts_quick_order_link link
                  JOIN res_partner partner ON partner.id = link.partner_id
                  JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                 WHERE link.token_hash = %s
                """,
                fields.Datetime.now(),
                digest,
            )
        )
        row = self.env.cr.fetchone() or (0, "0" * 64, False)
        matches = consteq(row[1], digest)
        if not (matches and row[2]):
            return self.sudo().browse()
        return self.sudo().browse(row[0])

    def _offered_products_domain(self):
        """Domain of the product.product records this link's customer may order."""
        self.ensure_one()
        company = self.company_id
        domain = [
            ("sale_ok", "=", True),
            ("company_id", "in", [False, company.id]),
            ("type", "!=", "combo"),
        ]
        if company.quick_order_categ_id:
            domain.append(("categ_id", "child_of", company.quick_order_categ_id.id))
        if company.quick_order_brand_id:
            domain.append(("brand_id", "=", company.quick_order_brand_id.id))
        if company.quick_order_tag_ids:
            domain.append(("product_tag_ids", "in", company.quick_order_tag_ids.ids))
        return domain

    # ------------------------------------------------------------------
    # Catalogue and prices (the public controller calls these with sudo, after the token)
    # ------------------------------------------------------------------
    def _pricelist_currency(self):
        """(pricelist, currency) of this link's orders: the customer's pricelist."""
        self.ensure_one()
        pricelist = self.partner_id.property_product_pricelist
        return pricelist, pricelist.currency_id or self.company_id.currency_id

    def _customer_discount(self):
        self.ensure_one()
        return self.env["product.pricelist"]._wiseparts_customer_discount(self.partner_id)

    def _catalogue_prices(self, products):
        """{product id: (sales price, net unit price)} in the pricelist currency, untaxed.

        The net price is the one of product.pricelist._wiseparts_net_prices, the rule the
        order line follows too."""
        self.ensure_one()
        pricelist, currency = self._pricelist_currency()
        company = self.company_id
        today = fields.Date.context_today(self)
        nets = pricelist._wiseparts_net_prices(products, self.partner_id, currency=currency)
        return {
            product.id: (
                company.currency_id._convert(product.lst_price, currency, company, today),
                nets[product.id],
            )
            for product in products
        }

    def _search_catalogue(self, search="", brand_id=0, categ_id=0, page=1):
        """One page of offered products and the filters' choices, for the catalogue page.

        No count: one indexed-order query for one page plus one row to know if more follow
        (counting 20,000 matches on every page load costs as much as the page itself)."""
        self.ensure_one()
        base_domain = self._offered_products_domain()
        domain = list(base_domain)
        if search:
            domain += [
                "|",
                "|",
                ("name", "ilike", search),
                ("default_code", "ilike", search),
                ("barcode", "ilike", search),
            ]
        if brand_id:
            domain.append(("brand_id", "=", brand_id))
        if categ_id:
            domain.append(("categ_id", "child_of", categ_id))
        products = self.env["product.product"].search(
            domain,
            limit=CATALOGUE_PAGE_SIZE + 1,
            offset=(page - 1) * CATALOGUE_PAGE_SIZE,
            order="default_code, id",
        )
        has_next = len(products) > CATALOGUE_PAGE_SIZE
        products = products[:CATALOGUE_PAGE_SIZE]
        tmpl_domain = [
            ("sale_ok", "=", True),
            ("company_id", "in", [False, self.company_id.id]),
        ] + [term for term in base_domain if term[0] in ("categ_id", "brand_id", "product_tag_ids")]
        # One grouped query for both filters' choices (a few hundred groups at most).
        groups = self.env["product.template"]._read_group(tmpl_domain, ["brand_id", "categ_id"])
        return {
            "products": products,
            "has_next": has_next,
            "prices": self._catalogue_prices(products),
            "stock": self._availability(products),
            "brands": sorted({b for b, _c in groups if b}, key=lambda b: b.name or ""),
            "categs": sorted({c for _b, c in groups if c}, key=lambda c: c.complete_name or ""),
        }

    def _availability(self, products):
        """{product id: in stock?} when shown (setting on and Inventory installed), else {}."""
        self.ensure_one()
        if not self.company_id.quick_order_show_stock or "qty_available" not in products._fields:
            return {}
        return {
            product.id: product.qty_available > 0
            for product in products
            if product.type == "consu" and product.is_storable
        }

    def _offered_products(self, product_ids):
        """The products among `product_ids` this link's customer may order (one query)."""
        self.ensure_one()
        return self.env["product.product"].search(
            [*self._offered_products_domain(), ("id", "in", list(product_ids))]
        )

    def _needs_touch(self):
        """Whether the last use is older than a minute (stamped at most once a minute)."""
        self.ensure_one()
        last = self.last_used_at
        return not last or last < fields.Datetime.now() - timedelta(seconds=TOUCH_SECONDS)

    def _touch(self, cr=None):
        """Stamp last use and count a visit, at most once a minute, in its own short
        transaction (or in `cr`, the rate counters' one).

        A conditional UPDATE: concurrent page loads of one link do not all write the link
        row, and the first one of a minute does not wait for the others.
        """
        self.ensure_one()
        now = fields.Datetime.now()
        query = SQL(
            """
            UPDATE wiseparts_quick_order_link
               SET use_count = COALESCE(use_count, 0) + 1, last_used_at = %s
             WHERE id = %s AND (last_used_at IS NULL OR last_used_at < %s)
            """,
            now,
            self.id,
            now - timedelta(seconds=TOUCH_SECONDS),
        )
        if cr is not None:
            cr.execute(query)
            return
        with self.env.registry.cursor() as new_cr:
            if not self.env.registry.in_test_mode():
                new_cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                new_cr.execute("SET LOCAL synchronous_commit TO OFF")
            new_cr.execute(query)
