import xmlrpc.client

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged, users

from .common import WisepartsCommon


@tagged("post_install", "-at_install")
class TestUpsert(WisepartsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Upsert Team"})
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "VIP"})

    def _rows(self):
        return [
            {
                "ref": "ERP-1",
                "name": "Garage Un",
                "email": "un@example.com",
                "phone": "+33 1 00 00 00 01",
                "street": "1 rue Haute",
                "zip": "75001",
                "city": "Paris",
                "country_code": "fr",
                "salesperson_login": "wp_rep",
                "team": "Upsert Team",
                "categories": ["VIP", "Garage"],
                "customer_status": "current",
                "temperature": "hot",
                "discount_percent": 7.5,
                "partner_latitude": 48.8566,
                "partner_longitude": 2.3522,
            },
            {"ref": "ERP-1-B", "name": "Garage Un Nord", "city": "Lille", "parent_ref": "ERP-1"},
            {"ref": "ERP-2", "name": "Garage Deux", "lang": "en_US"},
        ]

    @users("wp_manager")
    def test_upsert_creates_then_is_idempotent(self):
        Partner = self.env["res.partner"]
        result = Partner.wiseparts_upsert(self._rows())
        self.assertEqual([r["ref"] for r in result], ["ERP-1", "ERP-1-B", "ERP-2"])
        self.assertTrue(all(r["created"] and r["changed"] for r in result))
        one, branch, two = Partner.browse([r["id"] for r in result])
        self.assertEqual(one.ref, "ERP-1")
        self.assertEqual(one.country_id.code, "FR")
        self.assertEqual(one.user_id, self.user_rep)
        self.assertEqual(one.team_id, self.team)
        self.assertEqual(set(one.category_id.mapped("name")), {"VIP", "Garage"})
        self.assertEqual(one.customer_status, "current")
        self.assertEqual(one.temperature, "hot")
        self.assertEqual(one.discount_percent, 7.5)
        self.assertAlmostEqual(one.partner_latitude, 48.8566)
        self.assertEqual(branch.parent_id, one)
        self.assertTrue(branch.is_branch)
        self.assertEqual(branch.city, "Lille")
        self.assertEqual(one.branch_ids, branch)
        self.assertEqual(two.customer_status, "potential")
        # customers and prospects of the source system: listed on the Customers page
        self.assertTrue(all(p.is_wiseparts_customer for p in one | branch | two))

        self.env.flush_all()
        stamps = {p.id: p.write_date for p in one | branch | two}
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_count(
                [("model", "=", "res.partner"), ("res_id", "in", (one | branch | two).ids)]
            )
        )
        with self.assertQueryCount(10):
            again = Partner.wiseparts_upsert(self._rows())
        self.assertEqual(
            again,
            [{"ref": r["ref"], "id": r["id"], "created": False, "changed": False} for r in result],
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual({p.id: p.write_date for p in one | branch | two}, stamps)
        self.assertEqual(
            self.env["mail.message"]
            .sudo()
            .search_count(
                [("model", "=", "res.partner"), ("res_id", "in", (one | branch | two).ids)]
            ),
            messages,
        )

    @users("wp_manager")
    def test_upsert_changes_only_named_fields_and_never_removes_tags(self):
        Partner = self.env["res.partner"]
        one = Partner.browse(Partner.wiseparts_upsert(self._rows()[:1])[0]["id"])
        # changes made inside WiseParts: a tag added by hand, a salesperson reassigned
        hand_tag = self.env["res.partner.category"].create({"name": "Met at the fair"})
        one.write({"category_id": [Command.link(hand_tag.id)], "user_id": self.user_rep2.id})
        result = Partner.wiseparts_upsert(
            [
                {"ref": "ERP-1", "city": "Lyon", "categories": ["VIP"], "temperature": False},
                {"ref": "ERP-3", "name": "Garage Trois", "parent_ref": "ERP-1"},
            ]
        )
        self.assertEqual(
            [(r["created"], r["changed"]) for r in result], [(False, True), (True, True)]
        )
        self.assertEqual(one.city, "Lyon")
        self.assertFalse(one.temperature)
        self.assertEqual(one.user_id, self.user_rep2)
        self.assertEqual(set(one.category_id.mapped("name")), {"VIP", "Garage", "Met at the fair"})
        self.assertEqual(one.street, "1 rue Haute")
        self.assertEqual(Partner.browse(result[1]["id"]).parent_id, one)
        # naming the salesperson does reassign
        Partner.wiseparts_upsert([{"ref": "ERP-1", "salesperson_login": "wp_rep"}])
        self.assertEqual(one.user_id, self.user_rep)

    @users("wp_rep")
    def test_upsert_lists_every_bad_row_and_writes_nothing(self):
        Partner = self.env["res.partner"]
        existing = Partner.create({"name": "Garage Existant", "ref": "ERP-9", "city": "Nice"})
        rows = [
            {"ref": "ERP-9", "city": "Nantes"},  # valid on its own
            {"ref": "ERP-10", "name": "Bad Country", "country_code": "XX"},
            {"ref": "ERP-11", "name": "Bad Login", "salesperson_login": "nobody"},
            {"ref": "ERP-12", "name": "Bad Discount", "discount_percent": 150},
            {"name": "No Ref"},
            {"ref": "ERP-9", "city": "Twice"},
            {"ref": "ERP-13", "name": "Orphan", "parent_ref": "ERP-404"},
            {"ref": "ERP-14", "name": "Later Parent", "parent_ref": "ERP-15"},
            {"ref": "ERP-15", "name": "Parent"},
            {"ref": "ERP-16"},
            {"ref": "ERP-17", "name": "Bad Temp", "temperature": "tepid", "colour": "red"},
        ]
        with self.assertRaises(ValidationError) as caught:
            Partner.wiseparts_upsert(rows)
        message = str(caught.exception)
        for expected in (
            "row 2 (ref ERP-10): country_code: unknown country code XX",
            "row 3 (ref ERP-11): salesperson_login: unknown salesperson login nobody",
            "row 4 (ref ERP-12): discount_percent: 150 is out of range (0 to 100)",
            "row 5 (ref ?): ref: required",
            "row 6 (ref ERP-9): ref: also sent in row 1",
            "row 7 (ref ERP-13): parent_ref: no customer with Customer ID ERP-404",
            "row 8 (ref ERP-14): parent_ref: no customer with Customer ID ERP-15",
            "row 10 (ref ERP-16): name: required to create a new customer",
            "row 11 (ref ERP-17): temperature: tepid is not one of",
            "row 11 (ref ERP-17): colour: unknown field",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("row 1 ", message)
        self.assertNotIn("row 9 ", message)
        self.assertEqual(existing.city, "Nice")
        self.assertFalse(Partner.search([("ref", "in", ["ERP-10", "ERP-15", "ERP-16"])]))
        with self.assertRaises(ValidationError):
            Partner.wiseparts_upsert({"ref": "not a list"})

    @users("wp_internal")
    def test_upsert_runs_with_the_callers_rights(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].wiseparts_upsert([{"ref": "ERP-20", "name": "Nope"}])


@tagged("post_install", "-at_install")
class TestUpsertXmlRpc(HttpCase):
    """The call of readme/USAGE.md, over XML-RPC, as a sales manager (All Documents)."""

    def test_upsert_over_xmlrpc(self):
        new_test_user(
            self.env,
            login="wp_erp",
            password="erp-sync-pass",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "wp_erp", "erp-sync-pass", {})
        rows = [
            {"ref": "RPC-1", "name": "Garage RPC", "country_code": "FR", "discount_percent": 10},
            {"ref": "RPC-1-B", "name": "Garage RPC Sud", "parent_ref": "RPC-1"},
        ]

        def upsert(rows):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, uid, "erp-sync-pass", "res.partner", "wiseparts_upsert", [rows]
            )

        result = upsert(rows)
        self.assertEqual(
            [(r["ref"], r["created"], r["changed"]) for r in result],
            [("RPC-1", True, True), ("RPC-1-B", True, True)],
        )
        self.assertEqual([r["changed"] for r in upsert(rows)], [False, False])
        branch = self.env["res.partner"].browse(result[1]["id"])
        self.assertEqual(branch.parent_id.id, result[0]["id"])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            upsert([{"ref": "RPC-2", "name": "Nowhere", "country_code": "ZZ"}])
        self.assertIn(
            "row 1 (ref RPC-2): country_code: unknown country code ZZ", caught.exception.faultString
        )
        self.assertFalse(self.env["res.partner"].search([("ref", "=", "RPC-2")]))
        # a rep with own documents only may not change the discount of a customer
        new_test_user(
            self.env,
            login="wp_erp_rep",
            password="erp-rep-pass",
            groups="sales_team.group_sale_salesman",
        )
        rep_uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "wp_erp_rep", "erp-rep-pass", {}
        )
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                rep_uid,
                "erp-rep-pass",
                "res.partner",
                "wiseparts_upsert",
                [[{"ref": "RPC-1", "discount_percent": 20}]],
            )
        self.assertIn("Discount % of Garage RPC", caught.exception.faultString)
        self.assertEqual(self.env["res.partner"].browse(result[0]["id"]).discount_percent, 10)
