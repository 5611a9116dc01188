import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import WisepartsCommon


@tagged("post_install", "-at_install")
class TestCustomer(WisepartsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "North Team", "member_ids": [Command.link(cls.user_rep.id)]}
        )
        cls.product = cls.env["product.product"].create({"name": "Brake pad", "list_price": 10})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Garage Alpha",
                "is_company": True,
                "ref": "C-001",
                "phone": "+33 6 12 34 56 78",
            }
        )

    @users("wp_rep")
    def test_new_customer_defaults_and_team_from_salesperson(self):
        partner = self.env["res.partner"].create(
            {"name": "Garage Beta", "is_company": True, "user_id": self.user_rep.id}
        )
        self.assertEqual(partner.customer_status, "potential")
        self.assertEqual(partner.team_id, self.team)

    @users("wp_manager")
    def test_explicit_team_wins_over_the_salespersons(self):
        other_team = self.env["crm.team"].sudo().create({"name": "South Team"})
        partner = self.env["res.partner"].create(
            {"name": "Garage Gamma", "user_id": self.user_rep.id, "team_id": other_team.id}
        )
        self.assertEqual(partner.team_id, other_team)

    @users("wp_rep")
    def test_customer_id_unique_among_commercial_partners(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].create({"name": "Garage Copy", "ref": "C-001"})
        self.assertRegex(str(caught.exception), "C-001 is already used by Garage Alpha")
        customer = self.customer.with_env(self.env)
        # a plain contact of a customer may carry the same reference
        contact = self.env["res.partner"].create(
            {"name": "Alice", "parent_id": customer.id, "ref": "C-001"}
        )
        self.assertEqual(contact.ref, "C-001")
        # a branch is addressed by its Customer ID: it must be unique too
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].create(
                {"name": "Alpha South", "parent_id": customer.id, "is_branch": True, "ref": "C-001"}
            )
        self.assertRegex(str(caught.exception), "already used by Garage Alpha")
        other = self.env["res.partner"].create({"name": "Garage Delta", "ref": "C-002"})
        with self.assertRaises(ValidationError) as caught:
            other.ref = "C-001"
        self.assertRegex(str(caught.exception), "C-001 is already used by Garage Alpha")

    def test_customer_id_unique_per_company(self):
        company2 = self.env["res.company"].create({"name": "Second Company"})
        self.customer.company_id = self.env.company
        partner = self.env["res.partner"].create(
            {"name": "Garage Alpha (2)", "ref": "C-001", "company_id": company2.id}
        )
        self.assertEqual(partner.ref, "C-001")

    @users("wp_manager")
    def test_discount_out_of_range_is_refused_clearly(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].create({"name": "Garage Omega", "discount_percent": 120})
        self.assertRegex(str(caught.exception), r"discount % of Garage Omega must be between")
        customer = self.customer.with_env(self.env)
        with self.assertRaises(ValidationError) as caught:
            customer.discount_percent = -5
        self.assertRegex(str(caught.exception), "Garage Alpha")
        customer.discount_percent = 100
        self.assertEqual(customer.discount_percent, 100)

    @users("wp_rep")
    def test_phone_search_ignores_punctuation(self):
        """Odoo's indexed phone_mobile_search, as the Customers page's Phone search uses it."""
        Partner = self.env["res.partner"]
        mobile_only = Partner.create({"name": "Mobile Garage", "mobile": "06-99-88.77.66"})
        for query in ("+33612345678", "33 (6) 12-34", "12 34 56 78", "6.12.34.56-78"):
            found = Partner.search([("phone_mobile_search", "ilike", query)])
            self.assertIn(self.customer, found, query)
        self.assertEqual(
            Partner.search([("phone_mobile_search", "ilike", "0699 887766")]), mobile_only
        )
        self.assertFalse(Partner.search([("phone_mobile_search", "ilike", "999 999 999")]))
        search_view = self.env.ref("wiseparts_base.res_partner_view_search")
        views = Partner.get_views([(search_view.id, "search")])
        self.assertIn('name="phone_mobile_search"', views["views"]["search"]["arch"])

    @users("wp_rep")
    def test_branch_orders_are_invoiced_to_the_customer(self):
        self.customer.sudo().discount_percent = 5
        customer = self.customer.with_env(self.env)
        with Form(self.env["res.partner"]) as form:
            form.name = "Alpha Lyon"
            form.parent_id = customer
            form.is_branch = True
            form.street = "1 rue de Lyon"
        branch = form.record
        self.assertEqual(branch.type, "delivery")
        self.assertEqual(branch.street, "1 rue de Lyon")
        self.assertEqual(customer.branch_ids, branch)
        self.assertEqual(customer.branch_count, 1)
        action = customer.action_view_branches()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), branch)
        product = self.product.with_env(self.env)
        order = self.env["sale.order"].create(
            {"partner_id": branch.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        self.assertEqual(order.partner_invoice_id, customer)
        self.assertEqual(order.partner_shipping_id, branch)
        self.assertEqual(order.order_line.discount, 5)
        self.assertEqual(customer.sale_order_count, 1)

    @users("wp_internal")
    def test_internal_user_cannot_edit_customers(self):
        customer = self.customer.with_env(self.env)
        self.assertEqual(customer.customer_status, "potential")
        with self.assertRaises(AccessError):
            customer.temperature = "hot"


@tagged("post_install", "-at_install")
class TestCustomerNote(WisepartsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Garage Notes", "is_company": True})
        cls.note = (
            cls.env["wiseparts.customer.note"]
            .with_user(cls.user_rep)
            .create({"partner_id": cls.customer.id, "body": "Rita's note", "priority": "none"})
        )

    @users("wp_rep")
    def test_notes_sorted_by_priority_then_newest_and_preview(self):
        Note = self.env["wiseparts.customer.note"]
        customer = self.customer.with_env(self.env)
        notes = Note.create(
            [
                {
                    "partner_id": customer.id,
                    "body": "Old medium",
                    "priority": "medium",
                    "date": "2026-01-01 10:00:00",
                },
                {
                    "partner_id": customer.id,
                    "body": "New medium",
                    "priority": "medium",
                    "date": "2026-02-01 10:00:00",
                },
                {
                    "partner_id": customer.id,
                    "body": "Urgent: " + "call back " * 30,
                    "priority": "high",
                    "date": "2025-12-01 10:00:00",
                },
            ]
        )
        self.assertEqual(
            customer.wiseparts_note_ids.mapped("body")[:3],
            [notes[2].body, "New medium", "Old medium"],
        )
        self.assertEqual(customer.wiseparts_note_ids[3:].mapped("body"), ["Rita's note"])
        self.assertEqual(notes[0].author_id, self.env.user)

    @users("wp_rep")
    def test_card_previews_the_newest_note(self):
        """ "Dernière note": the newest note, whatever its priority."""
        Note = self.env["wiseparts.customer.note"]
        customer = self.customer.with_env(self.env)
        # Rita's note of setUpClass is dated now: newer than these two.
        Note.create(
            [
                {
                    "partner_id": customer.id,
                    "body": "Old urgent",
                    "priority": "high",
                    "date": "2026-01-01 10:00:00",
                },
                {
                    "partner_id": customer.id,
                    "body": "Older medium",
                    "priority": "medium",
                    "date": "2025-12-01 10:00:00",
                },
            ]
        )
        self.assertEqual(customer.wiseparts_note_ids[0].body, "Old urgent")
        self.assertEqual(customer.last_note_preview, "Rita's note")
        newest = Note.create(
            {
                "partner_id": customer.id,
                "body": "Newest: " + "call back " * 30,
                "priority": "none",
                "date": "2099-01-01 10:00:00",
            }
        )
        preview = customer.last_note_preview
        self.assertTrue(preview.startswith("Newest: call back"))
        self.assertLessEqual(len(preview), 120)
        self.assertTrue(preview.endswith("…"))
        newest.unlink()
        self.assertEqual(customer.last_note_preview, "Rita's note")

    @users("wp_rep")
    def test_author_edits_and_deletes_own_note(self):
        note = self.note.with_env(self.env)
        self.assertTrue(note.can_edit)
        note.write({"body": "Edited", "priority": "high"})
        self.assertEqual(self.customer.with_env(self.env).last_note_preview, "Edited")
        note.action_delete()
        self.assertFalse(note.exists())

    @users("wp_rep2")
    def test_other_salesperson_reads_but_cannot_edit_or_delete(self):
        note = self.note.with_env(self.env)
        self.assertEqual(note.body, "Rita's note")
        self.assertFalse(note.can_edit)
        with self.assertRaises(AccessError):
            note.write({"body": "Hijacked"})
        with self.assertRaises(AccessError):
            note.action_delete()
        with self.assertRaises(AccessError):
            self.env["wiseparts.customer.note"].create(
                {"partner_id": self.customer.id, "body": "Forged", "author_id": self.user_rep.id}
            )

    @users("wp_admin")
    def test_sales_administrator_moderates_any_note(self):
        note = self.note.with_env(self.env)
        self.assertTrue(note.can_edit)
        note.body = "Moderated"
        note.unlink()
        self.assertFalse(note.exists())

    @users("wp_internal")
    def test_internal_user_reads_notes_only(self):
        note = self.note.with_env(self.env)
        self.assertEqual(note.body, "Rita's note")
        with self.assertRaises(AccessError):
            self.env["wiseparts.customer.note"].create(
                {"partner_id": self.customer.id, "body": "Nope"}
            )

    def test_notes_follow_their_customer_company(self):
        company2 = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.env["res.partner"].create({"name": "Foreign", "company_id": company2.id})
        note = self.env["wiseparts.customer.note"].create(
            {"partner_id": foreign.id, "body": "Other company's note"}
        )
        Note = self.env["wiseparts.customer.note"].with_user(self.user_rep)
        self.assertFalse(Note.search([("id", "=", note.id)]))
        self.assertTrue(Note.search([("id", "=", self.note.id)]))


@tagged("post_install", "-at_install")
class TestCustomerAssignment(WisepartsCommon):
    """Salesperson, team and discount % need Sales: All Documents (issue 8, item 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "Rep Team", "member_ids": [Command.link(cls.user_rep.id)]}
        )
        cls.other_team = cls.env["crm.team"].create({"name": "Other Team"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Garage Owned", "is_company": True, "user_id": cls.user_rep.id}
        )

    @users("wp_rep")
    def test_rep_cannot_reassign_nor_change_the_discount(self):
        customer = self.customer.with_env(self.env)
        for vals, label in (
            ({"user_id": self.user_rep2.id}, "Salesperson"),
            ({"user_id": False}, "Salesperson"),
            ({"team_id": self.other_team.id}, "Sales Team"),
            ({"discount_percent": 15}, "Discount %"),
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as caught:
                customer.write(vals)
            self.assertIn(f"You may not change the {label} of Garage Owned", str(caught.exception))
        self.assertEqual(customer.user_id, self.user_rep)
        self.assertEqual(customer.team_id, self.team)
        self.assertFalse(customer.discount_percent)
        # rewriting the same values, and any other field, is allowed
        customer.write({"user_id": self.user_rep.id, "discount_percent": 0, "city": "Lyon"})
        self.assertEqual(customer.city, "Lyon")

    @users("wp_rep")
    def test_rep_creates_customers_for_himself_without_discount(self):
        Partner = self.env["res.partner"]
        mine = Partner.create(
            {"name": "Garage Mine", "user_id": self.user_rep.id, "team_id": self.team.id}
        )
        self.assertEqual(mine.team_id, self.team)
        nobody = Partner.create({"name": "Garage Nobody"})
        self.assertFalse(nobody.user_id)
        for vals, label in (
            ({"user_id": self.user_rep2.id}, "Salesperson"),
            ({"team_id": self.other_team.id}, "Sales Team"),
            ({"discount_percent": 5}, "Discount %"),
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as caught:
                Partner.create({"name": "Garage Forbidden", **vals})
            self.assertIn(f"{label} of Garage Forbidden", str(caught.exception))
        self.assertFalse(Partner.search([("name", "=", "Garage Forbidden")]))
        with self.assertRaises(AccessError):
            Partner.with_context(default_discount_percent=5).create({"name": "Garage Sneaky"})
        # a branch of another rep's customer keeps its customer's salesperson (as the
        # Branches button and list propose it)
        theirs = self.customer.sudo().copy({"name": "Garage Theirs", "user_id": self.user_rep2.id})
        branch = Partner.with_context(default_user_id=self.user_rep2.id).create(
            {"name": "Garage Theirs Sud", "parent_id": theirs.id, "is_branch": True}
        )
        self.assertEqual(branch.user_id, self.user_rep2)

    @users("wp_rep")
    def test_rep_upsert_cannot_reassign(self):
        Partner = self.env["res.partner"]
        self.customer.sudo().ref = "OWN-1"
        with self.assertRaises(AccessError) as caught:
            Partner.wiseparts_upsert([{"ref": "OWN-1", "salesperson_login": "wp_rep2"}])
        self.assertIn("Salesperson of Garage Owned", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            Partner.wiseparts_upsert([{"ref": "OWN-2", "name": "New", "discount_percent": 3}])
        self.assertIn("Discount % of New", str(caught.exception))
        self.assertEqual(self.customer.user_id, self.user_rep)
        self.assertFalse(Partner.search([("ref", "=", "OWN-2")]))
        # unchanged values are not writes: allowed
        Partner.wiseparts_upsert([{"ref": "OWN-1", "salesperson_login": "wp_rep", "city": "Nice"}])
        self.assertEqual(self.customer.city, "Nice")

    def test_all_documents_and_administrators_reassign(self):
        for user in (self.user_manager, self.user_admin):
            with self.subTest(user=user.login):
                customer = self.customer.with_user(user)
                customer.write(
                    {
                        "user_id": self.user_rep2.id,
                        "team_id": self.other_team.id,
                        "discount_percent": 12.5,
                    }
                )
                self.assertEqual(customer.user_id, self.user_rep2)
                self.assertEqual(customer.team_id, self.other_team)
                self.assertEqual(customer.discount_percent, 12.5)
                customer.write({"user_id": self.user_rep.id, "discount_percent": 0})


@tagged("post_install", "-at_install")
class TestCustomersPage(WisepartsCommon):
    """WiseParts ▸ Customers lists customers, prospects and their branches only (item 4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Garage Client", "is_company": True})
        cls.customer._increase_rank("customer_rank")  # as posting an invoice does
        cls.branch = Partner.create(
            {"name": "Garage Client Sud", "parent_id": cls.customer.id, "is_branch": True}
        )
        cls.contact = Partner.create({"name": "Alice Client", "parent_id": cls.customer.id})
        cls.vendor = Partner.create({"name": "Supplier Only", "supplier_rank": 1})
        cls.contact_only = Partner.create({"name": "Someone From Contacts"})
        portal = new_test_user(cls.env, login="wp_portal", groups="base.group_portal")
        portal.partner_id.customer_rank = 1
        cls.portal_customer = portal.partner_id
        cls.env.company.partner_id.customer_rank = 1  # the company invoicing itself
        cls.user_rep.partner_id.customer_rank = 1  # an employee who bought from us
        cls.action = cls.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_base.res_partner_action_customers"
        )

    def _listed(self, partners):
        domain = safe_eval(self.action["domain"])
        return self.env["res.partner"].search([*domain, ("id", "in", partners.ids)])

    @users("wp_rep")
    def test_customers_page_lists_customers_and_prospects_only(self):
        context = safe_eval(self.action["context"])
        with Form(self.env["res.partner"].with_context(**context)) as form:
            form.name = "Garage Prospect"
        prospect = form.record
        self.assertEqual(prospect.customer_rank, 1)
        upserted = self.env["res.partner"].browse(
            self.env["res.partner"].wiseparts_upsert([{"ref": "PG-1", "name": "From ERP"}])[0]["id"]
        )
        everyone = (
            self.customer
            | self.branch
            | self.contact
            | self.vendor
            | self.contact_only
            | self.portal_customer
            | self.env.company.partner_id
            | self.user_rep.partner_id
            | prospect
            | upserted
        ).with_env(self.env)
        expected = self.customer | self.branch | self.portal_customer | prospect | upserted
        self.assertEqual(self._listed(everyone), expected)
        self.assertEqual(everyone.filtered("is_wiseparts_customer"), expected)
        not_listed = self.env["res.partner"].search(
            [("is_wiseparts_customer", "=", False), ("id", "in", everyone.ids)]
        )
        self.assertEqual(not_listed, everyone - expected)
        # a vendor that becomes a customer is listed
        self.vendor.sudo()._increase_rank("customer_rank")
        self.assertIn(self.vendor, self._listed(self.vendor))


@tagged("post_install", "-at_install")
class TestCustomerDatabase(WisepartsCommon):
    """What PostgreSQL itself guarantees (items 6 and 13)."""

    def test_user_partner_gets_the_status_default(self):
        user = self.env["res.users"].create({"name": "Because I am saleman!", "login": "wp_s"})
        self.assertEqual(user.partner_id.customer_status, "potential")

    def test_partner_inserted_without_our_fields_is_potential(self):
        """A registry without wiseparts_base (a module loaded below it during an upgrade and
        its at-install tests) inserts partners without customer_status."""
        self.env.cr.execute(
            "INSERT INTO res_partner (name, active, type, autopost_bills) "
            "VALUES ('Raw', true, 'contact', 'ask') RETURNING customer_status"
        )
        self.assertEqual(self.env.cr.fetchone()[0], "potential")

    def test_customer_id_unique_in_the_database(self):
        """Two integrations writing at once: the unique index refuses the second duplicate."""
        Partner = self.env["res.partner"]
        first = Partner.create({"name": "First", "ref": "DB-1"})
        second = Partner.create({"name": "Second", "ref": "DB-2"})
        contact = Partner.create({"name": "Contact", "parent_id": first.id})
        branch = Partner.create({"name": "Branch", "parent_id": first.id, "is_branch": True})
        company2 = self.env["res.company"].create({"name": "Second Company"})
        other_company = Partner.create({"name": "Elsewhere", "company_id": company2.id})
        self.env.flush_all()
        # bypass the Python constraint, as a concurrent transaction would
        for partner in (second, branch):
            with (
                self.subTest(partner=partner.name),
                self.assertRaises(psycopg2.errors.UniqueViolation),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.env.cr.execute(
                    "UPDATE res_partner SET ref = 'DB-1' WHERE id = %s", [partner.id]
                )
        # contacts may repeat their customer's ID; another company has its own IDs
        self.env.cr.execute(
            "UPDATE res_partner SET ref = 'DB-1' WHERE id IN %s",
            [(contact.id, other_company.id)],
        )
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO res_partner (name, ref, active, type, autopost_bills) "
                    "VALUES ('Twin', 'DB-1', true, 'contact', 'ask')"
                )
