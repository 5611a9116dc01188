from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models.wiseparts_segment_type import LOCK_NAMESPACE
from ..services.segments import period_bounds
from . import segments_reference as reference
from .common import RUN, SegmentsCommon


@tagged("post_install", "-at_install")
class TestSegments(SegmentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # period (2020-07-01 .. 2021-06-30]: c1 800 (300 through its branch), c2 150, c3 50
        # (exactly 80 % before c2 -> B, 95 % before c3 -> C); c4 net -50 after a credit note
        cls._invoices(
            [
                (cls.c1, date(2021, 1, 10), 500),
                (cls.branch1, date(2021, 2, 10), 300),
                (cls.c2, date(2021, 3, 1), 150),
                (cls.c3, date(2021, 6, 30), 50),
                (cls.c4, date(2021, 1, 5), 100),
                (cls.c4, date(2021, 2, 5), 150, "out_refund"),
                # not eligible: outside the period, other brand, vendor bill
                (cls.c5, date(2020, 6, 30), 10000),
                (cls.c5, date(2021, 7, 1), 10000),
                (cls.c5, date(2021, 1, 1), 10000, "out_invoice", cls.product_other),
            ]
        )
        cls._invoices([(cls.c5, date(2021, 1, 1), 10000)], post=False)  # draft

    def test_abc_walk_through_posted_invoices(self):
        abc = self._abc_type(is_default=True)
        counts = self.SegmentType.with_user(self.user_admin).compute_assignments(
            abc.ids, run_date="2021-06-30"
        )
        self.assertEqual(counts, {"A": 1, "B": 1, "C": 1})
        expected = {
            self.c1: ("A", 800.0, date(2021, 2, 10)),
            self.c2: ("B", 150.0, date(2021, 3, 1)),
            self.c3: ("C", 50.0, date(2021, 6, 30)),
        }
        for partner, (name, amount, last) in expected.items():
            assignment = self._assignment(abc, partner)
            self.assertEqual(assignment.auto_segment_id.name, name, partner.name)
            self.assertEqual(assignment.segment_id.name, name)
            self.assertEqual(assignment.eligible_amount, amount)
            self.assertEqual(assignment.last_purchase_date, last)
            self.assertEqual(partner.default_segment_id.name, name)
        # negative after credit note and no eligible sale: no default segment -> none
        self.assertFalse(self._assignment(abc, self.c4).auto_segment_id)
        self.assertEqual(self._assignment(abc, self.c4).eligible_amount, -50.0)
        self.assertFalse(self._assignment(abc, self.c5).auto_segment_id)
        self.assertEqual(self._assignment(abc, self.c5).eligible_amount, 0.0)
        # the branch shows its commercial partner's badge and has no assignment of its own
        self.assertEqual(self.branch1.default_segment_id.name, "A")
        self.assertFalse(self._assignment(abc, self.branch1))
        # one history row per customer whose segment changed: none without a segment
        history = self.env["wiseparts.segment.history"].search([("type_id", "=", abc.id)])
        self.assertEqual(history.filtered(lambda h: h.partner_id == self.c2).segment_id.name, "B")
        self.assertEqual(history.partner_id, self.c1 | self.c2 | self.c3)
        self.assertEqual(history.run_id, abc.last_run_id)
        # the same run again changes nothing: no history row
        abc.with_user(self.user_admin).compute_assignments(abc.ids, RUN)
        self.assertEqual(
            self.env["wiseparts.segment.history"].search([("type_id", "=", abc.id)]), history
        )
        self.assertEqual(abc.last_run_id.state, "done")
        self.assertEqual(abc.last_run_id.result, {"A": 1, "B": 1, "C": 1})
        self.assertEqual(abc.last_run_id.run_date, RUN)

    def test_untaxed_amounts_and_default_segment(self):
        tax = self.env["account.tax"].create(
            {"name": "Test VAT 20", "amount": 20, "type_tax_use": "sale"}
        )
        self._invoices([(self.c5, date(2021, 5, 1), 100, "out_invoice", self.product, tax)])
        abc = self._abc_type()
        abc.segment_ids.create(
            {
                "name": "New",
                "type_id": abc.id,
                "is_default": True,
                "is_excluded": True,
                "sales_percent": 40,
            }
        )
        counts = abc.compute_assignments(abc.ids, RUN)
        self.assertEqual(self._assignment(abc, self.c5).eligible_amount, 100.0)
        self.assertEqual(self._segment(abc, "New").sales_percent, 0.0, "excluded forces 0 %")
        self.assertEqual(self._assignment(abc, self.c4).segment_id.name, "New")
        self.assertGreaterEqual(counts["New"], 1)
        # 800, 150, 100, 50 of 1100: before 0, 72.7 %, 86.4 %, 95.5 % -> A, A, B, C
        self.assertEqual(
            [
                self._assignment(abc, p).segment_id.name
                for p in (self.c1, self.c2, self.c5, self.c3)
            ],
            ["A", "A", "B", "C"],
        )

    def test_min_net_sales_and_ties(self):
        abc = self._abc_type(min_net_sales=100)
        self._invoices([(self.c5, date(2021, 3, 1), 150)])  # ties with c2 (150); c5 id > c2
        abc.compute_assignments(abc.ids, RUN)
        # 800, 150 (c2), 150 (c5) of 1100; c3 (50) below the minimum: left out
        # before 0, 72.7 %, 86.4 % -> A, A, B
        names = {p: self._assignment(abc, p).segment_id.name for p in (self.c1, self.c2, self.c5)}
        self.assertEqual(names, {self.c1: "A", self.c2: "A", self.c5: "B"})
        self.assertFalse(self._assignment(abc, self.c3).segment_id)

    def test_vat_grouping(self):
        (self.c2 | self.c3).write({"vat": False})
        self.c2.vat = "BE0477472701"
        self.c3.vat = "be 0477.472.701"
        abc = self._abc_type(identify_by="vat")
        abc.compute_assignments(abc.ids, RUN)
        # one unit c2+c3 = 200 of 1000: c1 before 0 -> A, unit before 80 % -> B for both
        for partner in self.c2 | self.c3:
            assignment = self._assignment(abc, partner)
            self.assertEqual(assignment.segment_id.name, "B")
            self.assertEqual(assignment.eligible_amount, 200.0)
        by_partner = self._abc_type(name="By ID")
        by_partner.compute_assignments(by_partner.ids, RUN)
        self.assertEqual(self._assignment(by_partner, self.c3).segment_id.name, "C")

    def test_brand_and_company_constraints(self):
        other = self._abc_type(brand_ids=[Command.set(self.other_brand.ids)])
        other.compute_assignments(other.ids, RUN)
        self.assertEqual(self._assignment(other, self.c5).segment_id.name, "A")
        self.assertFalse(self._assignment(other, self.c1).segment_id)
        company2 = self.env["res.company"].create({"name": "Other Branch Company"})
        elsewhere = self._abc_type(company_ids=[Command.set(company2.ids)])
        elsewhere.compute_assignments(elsewhere.ids, RUN)
        self.assertFalse(self._assignment(elsewhere, self.c1).segment_id)
        here = self._abc_type(company_ids=[Command.set(self.env.company.ids)])
        here.compute_assignments(here.ids, RUN)
        self.assertEqual(self._assignment(here, self.c1).segment_id.name, "A")

    def test_fixed_vs_rolling_at_year_boundary(self):
        self._invoices([(self.c5, date(2021, 12, 31), 1000), (self.c5, date(2022, 1, 1), 7000)])
        fixed = self._abc_type(interval="fixed", period_months=12)
        fixed.compute_assignments(fixed.ids, "2022-01-01")
        # 2021: c1 800, c3 50 (2021-06-30), c2 150, c5 1000 + 10000 (2021-07-01)
        self.assertEqual(self._assignment(fixed, self.c5).eligible_amount, 11000.0)
        rolling = self._abc_type(interval="rolling", period_months=12)
        rolling.compute_assignments(rolling.ids, "2022-01-01")
        # (2021-01-01, 2022-01-01]: + 7000 of 2022-01-01
        self.assertEqual(self._assignment(rolling, self.c5).eligible_amount, 18000.0)
        two_years = self._abc_type(interval="fixed", period_months=24)
        two_years.compute_assignments(two_years.ids, "2022-01-01")
        self.assertEqual(self._assignment(two_years, self.c5).eligible_amount, 21000.0)

    def test_recency_states(self):
        recency = self.SegmentType.create(
            {
                "name": "Recency",
                "kind": "recency",
                "active_days": 90,
                "period_months": 24,
                "brand_ids": [Command.set(self.brand.ids)],
            }
        )
        self.assertEqual(
            sorted(recency.segment_ids.mapped("recency_state")),
            ["active", "inactive", "recovered"],
        )
        # c2: 2021-03-01 only; c1: 2021-01-10 and 2021-02-10; c3: 2021-06-30
        counts = recency.compute_assignments(recency.ids, "2021-04-30")
        # window (2021-01-30, 2021-04-30]
        states = {
            p: self._assignment(recency, p).segment_id.recency_state
            for p in (self.c1, self.c2, self.c3, self.c4)
        }
        # c1: first inside 02-10, previous 01-10 (31 days) -> active; c3 not yet bought
        # c4 bought 2021-01-05 (before the window, within the period) -> inactive
        self.assertEqual(
            states, {self.c1: "active", self.c2: "active", self.c3: False, self.c4: "inactive"}
        )
        self.assertEqual(counts["Active"], 2)
        recency.compute_assignments(recency.ids, "2021-07-15")
        # window (2021-04-16, 2021-07-15]: c3 first purchase -> active; c1/c2 inactive
        self.assertEqual(self._assignment(recency, self.c3).segment_id.recency_state, "active")
        self.assertEqual(self._assignment(recency, self.c1).segment_id.recency_state, "inactive")
        self._invoices([(self.c1, date(2021, 9, 1), 10)])
        recency.compute_assignments(recency.ids, "2021-09-30")
        # c1: previous 2021-02-10, first inside 2021-09-01 (203 days > 90) -> recovered
        self.assertEqual(self._assignment(recency, self.c1).segment_id.recency_state, "recovered")
        migration = self.env["wiseparts.segment.migration.report"].search(
            [("type_id", "=", recency.id), ("partner_id", "=", self.c1.id)],
            order="run_date",
        )
        self.assertEqual(
            [(m.from_segment_id.recency_state, m.to_segment_id.recency_state) for m in migration],
            [(False, "active"), ("active", "inactive"), ("inactive", "recovered")],
        )

    def test_manual_override_wins_and_survives(self):
        abc = self._abc_type(is_default=True)
        abc.compute_assignments(abc.ids, RUN)
        assignment = self._assignment(abc, self.c1)
        assignment.manual_segment_id = self._segment(abc, "C")
        self.assertEqual(assignment.segment_id.name, "C")
        self.assertTrue(assignment.is_override)
        self.assertEqual(self.c1.default_segment_id.name, "C")
        counts = abc.compute_assignments(abc.ids, RUN)
        self.assertEqual(counts, {"A": 0, "B": 1, "C": 2})
        self.assertEqual(assignment.auto_segment_id.name, "A")
        self.assertEqual(assignment.segment_id.name, "C")
        self.assertEqual(self.c1.default_segment_id.name, "C")
        self.assertIn("manual C", assignment.tooltip)
        abc.action_clear_manual()
        self.assertFalse(assignment.manual_segment_id)
        self.assertEqual(assignment.segment_id.name, "A")
        self.assertEqual(self.c1.default_segment_id.name, "A")

    def test_thresholds_must_total_100(self):
        abc = self._abc_type()
        self.assertEqual(abc.segment_ids.mapped("sales_percent"), [80.0, 15.0, 5.0])
        with self.assertRaisesRegex(ValidationError, "95"):
            self._segment(abc, "C").sales_percent = 0.0
            abc.env.flush_all()
        with self.assertRaisesRegex(ValidationError, "110"):
            self.SegmentType.create(
                {
                    "name": "Broken",
                    "segment_ids": [
                        Command.create({"name": "A", "sales_percent": 90}),
                        Command.create({"name": "B", "sales_percent": 20}),
                    ],
                }
            )

    def test_one_default_type_per_company(self):
        first = self._abc_type(is_default=True)
        second = self._abc_type(name="Second", is_default=True)
        self.assertFalse(first.is_default)
        self.assertTrue(second.is_default)

    def test_second_concurrent_run_refused(self):
        abc = self._abc_type()
        with self.env.registry.cursor() as other_cr:
            other_cr.execute(
                SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_NAMESPACE, abc.id)
            )
            with self.assertRaisesRegex(UserError, "already running"):
                abc.compute_assignments(abc.ids, RUN)
        abc.action_auto_assign()
        with self.assertRaisesRegex(UserError, "already queued or running"):
            abc.action_auto_assign()

    def test_background_run_notifies_requester(self):
        abc = self._abc_type(notify=True).with_user(self.user_admin)
        with freeze_time("2021-06-30"):
            abc.action_auto_assign()
        run = abc.run_ids
        self.assertEqual(run.state, "queued")
        self.assertEqual(run.requested_by_id, self.user_admin)
        self.env.ref("wiseparts_segments.ir_cron_segment_runs").sudo().method_direct_trigger()
        run.invalidate_recordset()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.run_date, RUN)
        self.assertEqual(self._assignment(abc, self.c2).segment_id.name, "B")
        message = abc.message_ids.filtered(lambda m: self.user_admin.partner_id in m.partner_ids)
        self.assertIn("done", message[:1].body)

    def test_bad_input(self):
        with self.assertRaisesRegex(UserError, "do not exist"):
            self.SegmentType.compute_assignments([999999999])
        with self.assertRaisesRegex(UserError, "Invalid run date"):
            self.SegmentType.compute_assignments(self._abc_type().ids, "30/06/2021")

    def test_reports_by_segment(self):
        abc = self._abc_type(is_default=True)
        abc.compute_assignments(abc.ids, RUN)
        groups = self.env["account.invoice.report"]._read_group(
            [
                ("partner_id", "in", (self.c1 | self.branch1 | self.c2).ids),
                ("product_id", "=", self.product.id),
            ],
            ["segment_id"],
            ["price_subtotal:sum"],
        )
        self.assertEqual(
            {segment.name: amount for segment, amount in groups}, {"A": 800.0, "B": 150.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.c2.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        sent = order.copy()
        (order | sent).action_quotation_sent()
        order.action_confirm()
        self.env.flush_all()
        sales = self.env["sale.report"]._read_group(
            [("order_reference", "in", [f"sale.order,{order.id}"])], ["segment_id"], ["__count"]
        )
        self.assertEqual(sales[0][0].name, "B")
        conversion = self.env["wiseparts.segment.conversion.report"]._read_group(
            [("type_id", "=", abc.id), ("partner_id", "=", self.c2.id)],
            ["segment_id"],
            ["quote_count:sum", "confirmed_count:sum", "conversion_rate:avg"],
        )
        self.assertEqual(conversion[0][1:], (2, 1, 50.0))

    def test_query_count_does_not_grow_with_customers(self):
        abc = self._abc_type(is_default=True)
        abc.compute_assignments(abc.ids, RUN)

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            abc.compute_assignments(abc.ids, RUN)
            return self.cr.sql_log_count - before

        few = queries()
        partners = self.env["res.partner"].create(
            [{"name": f"Bulk customer {i}", "is_company": True} for i in range(30)]
        )
        self._invoices([(p, date(2021, 5, 1), 10 + i) for i, p in enumerate(partners)])
        self.assertEqual(queries(), few, "no query per customer")
        self.assertEqual(len(abc.run_ids), 3)

    def test_pareto_chart_data(self):
        abc = self._abc_type()
        abc.compute_assignments(abc.ids, RUN)
        # 800, 150, 50 of 1000: after 1/3 of the customers 80 %, after 2/3 95 %
        self.assertEqual(
            abc.pareto_data["points"],
            [[0.0, 0.0], [33.33, 80.0], [66.67, 95.0], [100.0, 100.0]],
        )
        self.assertEqual(
            abc.pareto_data["thresholds"],
            [
                {"name": "A", "value": 80.0},
                {"name": "B", "value": 95.0},
                {"name": "C", "value": 100.0},
            ],
        )
        self.assertEqual(self._segment(abc, "A").customer_count, 1)
        self.assertEqual(self._segment(abc, "B").eligible_amount, 150.0)

    def _reference(self, segment_type, run_date):
        """{partner: (automatic segment name, amount)} of the reference for the type's
        assignments (the partners the SQL run classified, all invoice lines of the database).
        """
        assignments = self.env["wiseparts.segment.assignment"].search(
            [("type_id", "=", segment_type.id)]
        )
        partners = {a.partner_id.id: a.partner_id.vat for a in assignments}
        lines = [
            {
                "partner": line.move_id.commercial_partner_id.id,
                "date": line.move_id.invoice_date,
                "move_type": line.move_id.move_type,
                "state": line.parent_state,
                "display_type": line.display_type,
                "balance": line.balance,
                "company": line.company_id.id,
                "brand": line.product_id.brand_id.id,
            }
            for line in self.env["account.move.line"].search(
                [("move_id.move_type", "in", ("out_invoice", "out_refund"))]
            )
        ]
        segments = segment_type.segment_ids.filtered(lambda s: not s.is_excluded)
        rules = {
            "kind": segment_type.kind,
            "identify_by": segment_type.identify_by,
            "segments": [(s.name, s.sales_percent) for s in segments]
            if segment_type.kind == "abc"
            else {s.recency_state: s.name for s in segments if s.recency_state},
            "default": segment_type.segment_ids.filtered("is_default").name or None,
            "min_net_sales": segment_type.min_net_sales,
            "company_ids": set((segment_type.company_ids or segment_type.company_id).ids),
            "brand_ids": set(segment_type.brand_ids.ids),
            "active_days": segment_type.active_days,
        }
        period = period_bounds(run_date, segment_type.period_months, segment_type.interval)
        expected = reference.classify(partners, lines, run_date, rules, period)
        got = {
            a.partner_id.id: (a.auto_segment_id.name or None, a.eligible_amount)
            for a in assignments
        }
        return {p: (name, float(amount)) for p, (name, amount) in expected.items()}, got

    def test_sql_matches_reference_abc(self):
        """The SQL run and the reference agree on a table with ties, refunds and VAT units."""
        partners = self.env["res.partner"].create(
            [{"name": f"Ref customer {i}", "is_company": True} for i in range(24)]
        )
        partners[3].vat = partners[17].vat = "FR 40 303 265 045"
        partners[16].vat = "fr40303265045"
        amounts = [500, 300, 300, 120, 120, 120, 80, 60, 60, 40, 25, 25, 20, 10, 10, 5, 5, 1]
        specs = [(p, date(2021, 4, 1), a) for p, a in zip(partners, amounts, strict=False)]
        specs += [(partners[1], date(2021, 5, 1), 100, "out_refund")]  # 300 -> 200
        specs += [(partners[20], date(2021, 5, 1), 30, "out_refund")]  # negative only
        self._invoices(specs)
        segments = [
            Command.create({"name": "A", "sales_percent": 70, "priority": 1}),
            Command.create({"name": "B", "sales_percent": 20, "priority": 2}),
            Command.create({"name": "C", "sales_percent": 10, "priority": 3}),
        ]
        by_partner = self._abc_type(segment_ids=segments)
        by_vat = self._abc_type(
            identify_by="vat",
            min_net_sales=5,
            segment_ids=[
                *segments,
                Command.create({"name": "New", "is_default": True, "is_excluded": True}),
            ],
        )
        types = (by_partner | by_vat).with_user(self.user_admin)
        types.compute_assignments(types.ids, RUN)
        expected, got = self._reference(by_partner, RUN)
        self.assertEqual(got, expected)
        self.assertEqual({name for name, _amount in expected.values()}, {"A", "B", "C", None})
        expected, got = self._reference(by_vat, RUN)
        self.assertEqual(got, expected)
        self.assertEqual(got[partners[17].id], got[partners[3].id], "one VAT unit")
        self.assertEqual(got[partners[16].id][1], 120 + 5 + 1)
        self.assertEqual(got[partners[20].id], ("New", -30.0))

    def test_sql_matches_reference_recency(self):
        """The SQL run and the reference agree on recency states, by partner and by VAT."""
        old, recent, back, other = self.env["res.partner"].create(
            [{"name": f"Recency customer {i}", "is_company": True} for i in range(4)]
        )
        (back | other).write({"vat": "BE0477472701"})
        self._invoices(
            [
                (old, date(2018, 6, 1), 100),
                (recent, date(2021, 6, 1), 60),
                (back, date(2020, 1, 10), 40),
                (other, date(2021, 6, 20), 20),
                (recent, date(2021, 6, 2), 80, "out_refund"),
            ]
        )
        for identify_by in ("partner", "vat"):
            recency = self.SegmentType.create(
                {
                    "name": f"Recency by {identify_by}",
                    "kind": "recency",
                    "identify_by": identify_by,
                    "brand_ids": [Command.set(self.brand.ids)],
                }
            )
            recency.with_user(self.user_admin).compute_assignments(recency.ids, RUN)
            expected, got = self._reference(recency, RUN)
            self.assertEqual(got, expected)
            states = {
                p: self._assignment(recency, p).segment_id.recency_state
                for p in (old, recent, back, other)
            }
            recovered = "recovered" if identify_by == "vat" else "inactive"
            self.assertEqual(
                states,
                {
                    old: "inactive",
                    recent: "active",
                    back: recovered,
                    other: "recovered" if identify_by == "vat" else "active",
                },
            )

    def test_recency_inactive_after_purchase_years_ago(self):
        """No recent purchase: bought 3 years ago (before the type's period), none since."""
        customer = self.env["res.partner"].create({"name": "Bought long ago", "is_company": True})
        self._invoices([(customer, date(2018, 6, 1), 100)])
        recency = self.SegmentType.create(
            {
                "name": "Recency",
                "kind": "recency",
                "period_months": 12,
                "brand_ids": [Command.set(self.brand.ids)],
            }
        )
        counts = recency.with_user(self.user_admin).compute_assignments(recency.ids, RUN)
        assignment = self._assignment(recency, customer)
        self.assertEqual(assignment.segment_id.recency_state, "inactive")
        self.assertEqual(assignment.eligible_amount, 0.0, "nothing bought in the period")
        self.assertGreaterEqual(counts["Inactive"], 1)
        with self.assertRaises(AccessError):
            recency.with_user(self.user_rep).compute_assignments(recency.ids, RUN)

    def test_runs_read_only_their_companies(self):
        """A run reads the invoices and customers of its companies, within the runner's."""
        company = self.env.company
        company2 = self.env["res.company"].create({"name": "Segments Second Company"})
        self.env["account.chart.template"].try_loading("generic_coa", company2)
        local2 = self.env["res.partner"].create(
            {"name": "Customer of company 2", "is_company": True, "company_id": company2.id}
        )
        env2 = self.env(context=dict(self.env.context, allowed_company_ids=company2.ids))
        moves = env2["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2021, 5, 1),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for partner, amount in ((local2, 5000), (self.c2, 7000))
            ]
        )
        moves.action_post()
        self.assertEqual(moves.company_id, company2)
        admin_both = new_test_user(
            self.env,
            login="wp_admin_both",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[Command.set((company | company2).ids)],
        )
        # the type's company only: company 2's customer and amounts never appear
        here = self._abc_type()
        here.with_user(admin_both).compute_assignments(here.ids, RUN)
        self.assertEqual(self._assignment(here, self.c2).eligible_amount, 150.0)
        self.assertFalse(self._assignment(here, local2))
        # Branches (company_ids) within the runner's companies
        both = self._abc_type(company_ids=[Command.set((company | company2).ids)])
        both.with_user(self.user_admin).compute_assignments(both.ids, RUN)
        self.assertEqual(self._assignment(both, self.c2).eligible_amount, 150.0)
        self.assertFalse(self._assignment(both, local2))
        both.with_user(admin_both).compute_assignments(both.ids, RUN)
        self.assertEqual(self._assignment(both, self.c2).eligible_amount, 7150.0)
        self.assertEqual(self._assignment(both, local2).eligible_amount, 5000.0)
        # Branches outside the runner's companies: nothing to read, refused by name
        only2 = self._abc_type(name="Only 2", company_ids=[Command.set(company2.ids)])
        with self.assertRaisesRegex(UserError, "Adam Admin may read none .* Only 2"):
            only2.with_user(self.user_admin).compute_assignments(only2.ids, RUN)
        # narrowed again: the second company's customer leaves the type
        both.company_ids = company
        both.with_user(admin_both).compute_assignments(both.ids, RUN)
        self.assertFalse(self._assignment(both, local2))
        self.assertEqual(self._assignment(both, self.c2).eligible_amount, 150.0)
        # a type of company 2: its invoices and customers only; not runnable from company 1
        there = self._abc_type(company_id=company2.id)
        with self.assertRaises(AccessError):
            there.with_user(self.user_admin).compute_assignments(there.ids, RUN)
        there.with_user(admin_both).compute_assignments(there.ids, RUN)
        amounts = {
            a.partner_id: a.eligible_amount
            for a in self.env["wiseparts.segment.assignment"].search([("type_id", "=", there.id)])
        }
        self.assertEqual(amounts[self.c2], 7000.0)
        self.assertEqual(amounts[local2], 5000.0)
        self.assertEqual(amounts[self.c1], 0.0)
        # a shared type shows every company its customers: shared customers only
        shared = self._abc_type(shared=True)
        shared.with_user(admin_both).compute_assignments(shared.ids, RUN)
        self.assertFalse(self._assignment(shared, local2))
        self.assertEqual(self._assignment(shared, self.c2).eligible_amount, 150.0)

    def test_monthly_schedule_queues_every_type(self):
        types = self._abc_type() | self._abc_type(name="Second")
        with freeze_time("2021-06-30"):
            self.SegmentType._cron_monthly()
        runs = self.env["wiseparts.segment.run"].search([("type_id", "in", types.ids)])
        self.assertEqual(runs.mapped("state"), ["queued", "queued"])
        self.assertEqual(set(runs.mapped("run_date")), {RUN})
        cron = self.env.ref("wiseparts_segments.ir_cron_segment_runs")
        Run = self.env["wiseparts.segment.run"]
        queued = Run.search_count([("state", "=", "queued")])  # every active type
        cron.method_direct_trigger()  # one batch = one run, the oldest
        self.assertEqual(Run.search_count([("state", "=", "queued")]), queued - 1)
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (1, queued - 1))
        for _batch in range(queued - 1):
            cron.method_direct_trigger()
        self.assertEqual(runs.mapped("state"), ["done", "done"])
