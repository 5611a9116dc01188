from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools.safe_eval import safe_eval

from odoo.addons.wiseparts_base.tests.common import (
    assert_views_readable,
    create_role_users,
    view_specification,
)

from .common import RUN, SegmentsCommon

PARTNER_VIEWS = [
    # Odoo's Contacts (extended by segments) and the WiseParts Customers page
    (False, "form"),
    (False, "list"),
    (False, "kanban"),
    ("wiseparts_base.res_partner_view_list", "list"),
    ("wiseparts_base.res_partner_view_kanban", "kanban"),
]


@tagged("post_install", "-at_install")
class TestPartnerViewsEveryRole(SegmentsCommon):
    """Every internal user opens Contacts and the customers' form, list and kanban."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = create_role_users(cls.env, "wp_seg_role")
        cls._computed_default_abc()
        cls.partners = cls.c1 | cls.branch1 | cls.c3

    def test_every_role_opens_partner_views(self):
        assert_views_readable(self, self.roles, "res.partner", PARTNER_VIEWS, self.partners)
        sees_assignments = ("internal user", "billing")
        for role, user in self.roles.items():
            env = self.env(user=user)
            for xmlid, view_type in PARTNER_VIEWS[1:]:
                view_id = xmlid and self.env.ref(xmlid).id
                with self.subTest(role=role, view=xmlid or view_type):
                    _arch, spec = view_specification(env, "res.partner", view_id, view_type)
                    self.assertIn("default_segment_tooltip", spec)
                    rows = env["res.partner"].web_search_read(
                        [("id", "in", self.partners.ids)], spec
                    )["records"]
                    by_id = {row["id"]: row for row in rows}
                    for partner in (self.c1, self.branch1):
                        segment = by_id[partner.id]["default_segment_id"]
                        self.assertEqual(segment["display_name"], "A")
                    tooltip = by_id[self.c1.id]["default_segment_tooltip"]
                    if role in sees_assignments:
                        self.assertFalse(tooltip)  # the badge, not the assignment behind it
                    else:
                        self.assertIn("automatic A", tooltip)


@tagged("post_install", "-at_install")
class TestDefaultSegmentAtCreation(SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abc = cls._abc_type(is_default=True)
        cls.new_abc = cls.env["wiseparts.segment"].create(
            {"name": "New", "type_id": cls.abc.id, "is_default": True, "is_excluded": True}
        )
        cls.recency = cls.SegmentType.create({"name": "Recency", "kind": "recency"})
        cls.new_recency = cls.env["wiseparts.segment"].create(
            {"name": "Newcomer", "type_id": cls.recency.id, "is_default": True}
        )
        cls.no_default = cls._abc_type(name="No default segment")

    def _check_new_customer(self, partner):
        assignments = (
            self.env["wiseparts.segment.assignment"]
            .sudo()
            .search([("partner_id", "=", partner.id)])
        )
        self.assertEqual(
            {a.type_id: a.segment_id for a in assignments},
            {self.abc: self.new_abc, self.recency: self.new_recency},
        )
        self.assertFalse(assignments.filtered("manual_segment_id"), "automatic, not manual")
        self.assertEqual(partner.default_segment_id, self.new_abc)
        self.assertIn(
            partner,
            self.env["res.partner"].search([("default_segment_id", "=", self.new_abc.id)]),
            "filters find it at once",
        )

    @users("wp_rep")
    def test_customer_created_in_the_ui(self):
        form = Form(self.env["res.partner"].with_context(default_is_company=True))
        form.name = "Garage Created Today"
        partner = form.save()
        self._check_new_customer(partner)

    @users("wp_rep")
    def test_customer_created_by_upsert(self):
        rows = self.env["res.partner"].wiseparts_upsert(
            [{"ref": "SEG-1", "name": "Garage Imported"}]
        )
        self._check_new_customer(self.env["res.partner"].browse(rows[0]["id"]))

    def test_new_branch_gets_its_customers_segment(self):
        self._invoices([(self.c1, RUN, 100)])
        self.abc.compute_assignments(self.abc.ids, RUN)
        self.assertEqual(self.c1.default_segment_id.name, "A")
        branch = (
            self.env["res.partner"]
            .with_user(self.user_rep)
            .create({"name": "New branch of 1", "parent_id": self.c1.id, "is_branch": True})
        )
        self.assertEqual(branch.default_segment_id.name, "A")
        self.assertFalse(
            self.env["wiseparts.segment.assignment"].search([("partner_id", "=", branch.id)]),
            "a branch has its customer's segments, no assignment of its own",
        )

    def test_users_partners_get_no_segment(self):
        user = new_test_user(self.env, login="wp_seg_new_user")
        self.assertFalse(user.partner_id.default_segment_id)


@tagged("post_install", "-at_install")
class TestOverrideFromCustomersList(SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abc = cls._computed_default_abc()

    @users("wp_rep")
    def test_rep_sets_and_clears_own_customers_segment(self):
        customer = self.c1.with_env(self.env)
        segment_c = self._segment(self.abc, "C").with_env(self.env)
        customer.default_segment_id = segment_c
        assignment = self._assignment(self.abc, customer)
        self.assertEqual(assignment.manual_segment_id, segment_c)
        self.assertEqual(customer.default_segment_id, segment_c)
        self.assertEqual(self.branch1.with_env(self.env).default_segment_id, segment_c)
        customer.default_segment_id = False
        self.assertFalse(assignment.manual_segment_id)
        self.assertEqual(customer.default_segment_id.name, "A", "back to the automatic one")
        # a customer never computed: the assignment is created with the manual segment
        self.c5.with_env(self.env).default_segment_id = segment_c
        self.assertEqual(self._assignment(self.abc, self.c5).manual_segment_id, segment_c)

    @users("wp_rep")
    def test_rep_cannot_override_another_reps_customer(self):
        with self.assertRaises(AccessError):
            self.c3.with_env(self.env).default_segment_id = self._segment(self.abc, "A")
        self.env.invalidate_all()
        self.assertEqual(self.c3.with_env(self.env).default_segment_id.name, "B")

    def test_customers_list_offers_the_dropdown(self):
        arch = self.env["res.partner"].get_views(
            [(self.env.ref("wiseparts_base.res_partner_view_list").id, "list")]
        )["views"]["list"]["arch"]
        self.assertIn("'dropdown': True", arch)


@tagged("post_install", "-at_install")
class TestAmountsFollowInvoiceRules(SegmentsCommon):
    """Reps see every segment letter but the money of their own customers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abc = cls._computed_default_abc()

    @users("wp_rep")
    def test_rep_sees_own_amounts_only(self):
        own = self._assignment(self.abc, self.c1)
        other = self._assignment(self.abc, self.c3)
        self.assertEqual(other.segment_id.name, "B", "every letter is visible")
        self.assertEqual((own.eligible_amount, own.last_purchase_date), (100.0, RUN))
        self.assertEqual((other.eligible_amount, other.last_purchase_date), (0.0, False))
        self.assertEqual(
            other.read(["eligible_amount", "last_purchase_date"])[0]["last_purchase_date"], False
        )
        self.assertTrue(own.amounts_visible)
        self.assertFalse(other.amounts_visible)
        self.assertIn("100.00", own.tooltip)
        self.assertIn("eligible sales -", other.tooltip)
        self.assertNotIn("25.00", self.c3.with_env(self.env).default_segment_tooltip)
        # per-segment totals of the type form, sums and searches
        segments = self.abc.with_env(self.env).segment_ids
        self.assertEqual(segments.mapped("eligible_amount"), [100.0, 0.0, 0.0])
        self.assertEqual(segments.mapped("customer_count")[:2], [1, 1])
        Assignment = self.env["wiseparts.segment.assignment"]
        [[total]] = Assignment._read_group(
            [("type_id", "=", self.abc.id)], [], ["eligible_amount:sum"]
        )
        self.assertEqual(total, 100.0)
        self.assertFalse(
            Assignment.search([("type_id", "=", self.abc.id), ("eligible_amount", "=", 25)]),
            "no guessing by searching",
        )
        history = self.env["wiseparts.segment.history"].search(
            [("type_id", "=", self.abc.id), ("partner_id", "=", self.c3.id)]
        )
        self.assertEqual(history.eligible_amount, 0.0)

    @users("wp_manager")
    def test_all_documents_sees_every_amount(self):
        other = self._assignment(self.abc, self.c3)
        self.assertEqual(other.eligible_amount, 25.0)
        self.assertIn("25.00", other.tooltip)
        self.assertEqual(
            self.abc.with_env(self.env).segment_ids[:2].mapped("eligible_amount"), [100.0, 25.0]
        )

    @users("wp_rep")
    def test_sales_by_segment_for_reps(self):
        menu = self.env.ref("wiseparts_segments.wiseparts_segment_sales_report_menu")
        self.assertIn(menu.id, self.env["ir.ui.menu"]._visible_menu_ids())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_segments.account_invoice_report_action_by_segment"
        )
        self.assertEqual(action["view_mode"].split(",")[0], "graph")
        graph = self.env["account.invoice.report"].get_views([(action["views"][0][0], "graph")])
        arch = graph["views"]["graph"]["arch"]
        self.assertIn('type="bar"', arch)
        self.assertIn('name="segment_id"', arch)
        groups = self.env["account.invoice.report"]._read_group(
            [("product_id", "=", self.product.id), *safe_eval(action["domain"])],
            ["segment_id"],
            ["price_subtotal:sum"],
        )
        self.assertEqual({s.name: amount for s, amount in groups}, {"A": 100.0})

    def test_scheduled_run_notifies_followers(self):
        self.abc.message_subscribe(self.user_manager.partner_id.ids)
        with freeze_time("2021-06-30"):
            self.SegmentType._cron_monthly()
        cron = self.env.ref("wiseparts_segments.ir_cron_segment_runs")
        runs = self.env["wiseparts.segment.run"].search([("state", "=", "queued")])
        for _run in runs:
            cron.method_direct_trigger()
        message = self.abc.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("wiseparts_segments.mt_segment_run_done")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("done", message.body)
        self.assertIn(self.user_manager.partner_id, message.notified_partner_ids)


@tagged("post_install", "-at_install")
class TestSegmentsMultiCompany(SegmentsCommon):
    """A shared type never shows another company's customers, names or amounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoices([(cls.c1, RUN, 100)])
        cls.abc = cls._abc_type(is_default=True, shared=True)
        cls.abc.compute_assignments(cls.abc.ids, RUN)
        cls.company2 = cls.env["res.company"].create({"name": "Segments Other Company"})
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Foreign Garage", "is_company": True, "company_id": cls.company2.id}
        )
        segment_a = cls.abc.segment_ids[0]
        # as a run of the shared type for company 2 would write it
        cls.env["wiseparts.segment.assignment"].create(
            {
                "partner_id": cls.foreign.id,
                "type_id": cls.abc.id,
                "auto_segment_id": segment_a.id,
                "eligible_amount": 900,
            }
        )
        run = cls.env["wiseparts.segment.run"].search([("type_id", "=", cls.abc.id)], limit=1)
        cls.env["wiseparts.segment.history"].create(
            {
                "run_id": run.id,
                "partner_id": cls.foreign.id,
                "segment_id": segment_a.id,
                "eligible_amount": 900,
            }
        )

    @users("wp_manager")
    def test_shared_type_hides_other_company(self):
        Assignment = self.env["wiseparts.segment.assignment"]
        self.assertFalse(Assignment.search([("partner_id", "=", self.foreign.id)]))
        segments = self.abc.with_env(self.env).segment_ids
        self.assertEqual(sum(segments.mapped("eligible_amount")), 100.0)
        self.assertFalse(
            self.env["wiseparts.segment.history"].search([("partner_id", "=", self.foreign.id)])
        )
        self.assertFalse(
            self.env["wiseparts.segment.migration.report"].search(
                [("partner_id", "=", self.foreign.id)]
            )
        )
