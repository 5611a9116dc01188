from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged, users
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
        # an explicit team wins over the salesperson's
        other_team = self.env["crm.team"].sudo().create({"name": "South Team"})
        partner2 = self.env["res.partner"].create(
            {"name": "Garage Gamma", "user_id": self.user_rep.id, "team_id": other_team.id}
        )
        self.assertEqual(partner2.team_id, other_team)

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

    @users("wp_rep")
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
        Partner = self.env["res.partner"]
        mobile_only = Partner.create({"name": "Mobile Garage", "mobile": "06-99-88.77.66"})
        for query in ("+33612345678", "33 (6) 12-34", "12 34 56 78"):
            self.assertIn(self.customer, Partner.search([("phone_search", "ilike", query)]), query)
        self.assertEqual(Partner.search([("phone_search", "ilike", "0699 887766")]), mobile_only)
        self.assertFalse(Partner.search([("phone_search", "ilike", "999 999 999")]))
        self.assertFalse(Partner.search([("phone_search", "ilike", "no digits")]))
        # the Customers page search box (name, email or phone)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_base.res_partner_action_customers"
        )
        self.assertIn(self.customer, Partner.search(safe_eval(action["domain"])))

    @users("wp_rep")
    def test_branch_orders_are_invoiced_to_the_customer(self):
        customer = self.customer.with_env(self.env)
        customer.discount_percent = 5
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
        preview = customer.last_note_preview
        self.assertTrue(preview.startswith("Urgent: call back"))
        self.assertLessEqual(len(preview), 120)
        self.assertTrue(preview.endswith("…"))
        notes[2].unlink()
        customer.invalidate_recordset(["last_note_preview"])
        self.assertEqual(customer.last_note_preview, "New medium")
        self.assertEqual(notes[0].author_id, self.env.user)

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
