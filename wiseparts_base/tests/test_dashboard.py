from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .common import WisepartsCommon


class DashboardCommon(WisepartsCommon):
    """Invoices of Rita Rep, Oscar Other and nobody, in January and February 2026.

    Rita and Oscar are in the team of Mona Manager; the unassigned invoice is in no team.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Dashboard Team",
                "user_id": cls.user_manager.id,
                "member_ids": [Command.set((cls.user_rep | cls.user_rep2).ids)],
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Brake disc", "type": "consu"})
        cls.customer = cls.env["res.partner"].create({"name": "Dashboard Garage"})
        cls.invoices = cls._invoices(
            [
                (cls.user_rep, cls.team, date(2026, 1, 10), 100.0, "out_invoice"),
                (cls.user_rep, cls.team, date(2026, 1, 20), 50.0, "out_invoice"),
                (cls.user_rep, cls.team, date(2026, 1, 25), 30.0, "out_refund"),
                (cls.user_rep, cls.team, date(2026, 2, 5), 200.0, "out_invoice"),
                (cls.user_rep2, cls.team, date(2026, 1, 15), 1000.0, "out_invoice"),
                (cls.env["res.users"], cls.env["crm.team"], date(2026, 1, 16), 7.0, "out_invoice"),
            ]
        )
        # a draft invoice never counts
        cls._invoices([(cls.user_rep, cls.team, date(2026, 1, 11), 5000.0, "out_invoice")], False)
        cls.Dashboard = cls.env["wiseparts.dashboard"]

    @classmethod
    def _invoices(cls, specs, post=True):
        moves = cls.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": cls.customer.id,
                    "invoice_user_id": user.id,
                    "team_id": team.id,
                    "invoice_date": when,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for user, team, when, amount, move_type in specs
            ]
        )
        if post:
            moves.action_post()
        return moves


@tagged("post_install", "-at_install")
class TestDashboardWidgets(DashboardCommon):
    def test_widgets_per_role(self):
        for user in (self.user_rep, self.user_manager, self.user_admin):
            with self.subTest(user=user.name):
                keys = [w["key"] for w in self.Dashboard.with_user(user).widgets()]
                self.assertIn("sales_vs_goal", keys)
                widget = self.Dashboard.with_user(user).widgets()[0]
                self.assertEqual(set(widget), {"key", "name", "addon"})
        # an internal user outside Sales sees no sales widget, and cannot ask for its data
        self.assertEqual(self.Dashboard.with_user(self.user_internal).widgets(), [])
        with self.assertRaises(AccessError):
            self.Dashboard.with_user(self.user_internal).widget_data(
                "sales_vs_goal", "2026-01-01", "2026-02-28"
            )

    @users("wp_rep")
    def test_sales_vs_goal_rep_counts_own_invoices(self):
        data = self.env["wiseparts.dashboard"].widget_data(
            "sales_vs_goal", "2026-01-01", "2026-02-28"
        )
        self.assertEqual(data["key"], "sales_vs_goal")
        self.assertEqual((data["date_from"], data["date_to"]), ("2026-01-01", "2026-02-28"))
        # one scope for a rep: own invoices minus own credit notes, per month
        self.assertEqual(
            [column["label"] for column in data["table"]["columns"]][:2], ["Month", "My sales"]
        )
        self.assertEqual(len(data["table"]["columns"]), 3)
        self.assertEqual(
            [row["values"][:3] for row in data["table"]["rows"]],
            [["01/2026", 120.0, None], ["02/2026", 200.0, None]],
        )
        self.assertEqual(data["kpis"][0]["value"], 320.0)
        self.assertIsNone(data["kpis"][1]["value"])  # no goal without wiseparts_territory
        self.assertEqual(data["chart"]["datasets"][0]["data"], [120.0, 200.0])
        # each figure opens exactly the invoices it counts
        january = data["table"]["rows"][0]["actions"][1]
        moves = self.env[january["res_model"]].search(january["domain"])
        self.assertEqual(moves, self.invoices[:3])
        total = self.env["account.move"].search(data["kpis"][0]["action"]["domain"])
        self.assertEqual(total, self.invoices[:4])

    @users("wp_manager")
    def test_sales_vs_goal_manager_counts_team(self):
        data = self.env["wiseparts.dashboard"].widget_data(
            "sales_vs_goal", "2026-01-01", "2026-01-31"
        )
        labels = [column["label"] for column in data["table"]["columns"]]
        self.assertEqual(
            labels, ["Month", "My sales", "My sales goal", "Team sales", "Team sales goal"]
        )
        # Mona sold nothing herself; her team: Rita's 120 and Oscar's 1000, not the invoice
        # without team
        self.assertEqual(data["table"]["rows"][0]["values"], ["01/2026", 0.0, None, 1120.0, None])
        team_action = data["kpis"][2]["action"]
        self.assertEqual(
            self.env["account.move"].search(team_action["domain"]),
            self.invoices[:3] | self.invoices[4],
        )

    @users("wp_rep")
    def test_widget_data_validation(self):
        Dashboard = self.env["wiseparts.dashboard"]
        with self.assertRaises(UserError):
            Dashboard.widget_data("no_such_widget", "2026-01-01", "2026-01-31")
        with self.assertRaises(UserError):
            Dashboard.widget_data(["sales_vs_goal"], "2026-01-01", "2026-01-31")
        for start, end in [
            ("2026-13-01", "2026-01-31"),
            ("2026-02-01", "2026-01-31"),
            (None, "2026-01-31"),
            ("2010-01-01", "2026-01-31"),
        ]:
            with self.subTest(start=start, end=end), self.assertRaises(UserError):
                Dashboard.widget_data("sales_vs_goal", start, end)

    def test_goal_hook(self):
        Dashboard = type(self.env["wiseparts.dashboard"])

        def goals(self, scopes, months):
            return {"mine": {month: 150.0 for month in months}}

        with patch.object(Dashboard, "_sales_vs_goal_goals", goals):
            data = self.Dashboard.with_user(self.user_rep).widget_data(
                "sales_vs_goal", "2026-01-01", "2026-02-28"
            )
        self.assertEqual([row["values"][2] for row in data["table"]["rows"]], [150.0, 150.0])
        self.assertEqual(data["kpis"][1]["value"], 300.0)
        self.assertEqual(data["chart"]["datasets"][1]["data"], [150.0, 150.0])


@tagged("post_install", "-at_install")
class TestDashboardLayout(DashboardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Layout = cls.env["wiseparts.dashboard.layout"]
        # other addons add their widgets to the default layouts: these tests check base's
        defaults = cls.env.ref("wiseparts_base.wiseparts_dashboard_layout_salesman") | cls.env.ref(
            "wiseparts_base.wiseparts_dashboard_layout_sale_manager"
        )
        defaults.item_ids.filtered(lambda item: item.widget_key != "sales_vs_goal").unlink()

    @freeze_time("2026-03-15")
    def test_new_user_starts_from_group_default(self):
        rep_page = self.Layout.with_user(self.user_rep).get_user_dashboard()
        self.assertEqual(
            [
                (i["widget_key"], i["size"], i["period"], i["date_from"], i["date_to"])
                for i in rep_page["items"]
            ],
            [("sales_vs_goal", "medium", "this_month", "2026-03-01", "2026-03-31")],
        )
        self.assertEqual(rep_page["catalogue"][0]["key"], "sales_vs_goal")
        manager_page = self.Layout.with_user(self.user_manager).get_user_dashboard()
        self.assertEqual(
            [(i["size"], i["period"], i["date_from"], i["date_to"]) for i in manager_page["items"]],
            [("large", "last_12_months", "2025-04-01", "2026-03-31")],
        )
        # each user got their own copy
        layouts = self.Layout.search([("user_id", "in", (self.user_rep | self.user_manager).ids)])
        self.assertEqual(len(layouts), 2)

    @freeze_time("2026-03-15")
    def test_layout_persists_per_user(self):
        Layout = self.Layout.with_user(self.user_rep)
        page = Layout.save_user_dashboard(
            [
                {"widget_key": "sales_vs_goal", "size": "large", "period": "last_month"},
                {
                    "widget_key": "sales_vs_goal",
                    "size": "small",
                    "period": "custom",
                    "custom_date_from": "2026-01-01",
                    "custom_date_to": "2026-02-28",
                },
            ]
        )
        expected = [
            ("large", "last_month", "2026-02-01", "2026-02-28"),
            ("small", "custom", "2026-01-01", "2026-02-28"),
        ]

        def summary(page):
            return [(i["size"], i["period"], i["date_from"], i["date_to"]) for i in page["items"]]

        self.assertEqual(summary(page), expected)
        self.env.invalidate_all()
        self.assertEqual(summary(Layout.get_user_dashboard()), expected)
        # Oscar's page is his own
        self.assertEqual(
            summary(self.Layout.with_user(self.user_rep2).get_user_dashboard()),
            [("medium", "this_month", "2026-03-01", "2026-03-31")],
        )
        # reset: back to the group default
        self.assertEqual(len(Layout.reset_user_dashboard()["items"]), 1)

    def test_layout_isolation(self):
        self.Layout.with_user(self.user_rep).save_user_dashboard(
            [{"widget_key": "sales_vs_goal", "size": "large", "period": "last_month"}]
        )
        layout = self.Layout.search([("user_id", "=", self.user_rep.id)])
        for user in (self.user_rep2, self.user_manager, self.user_admin):
            with self.subTest(user=user.name):
                other = layout.with_user(user)
                with self.assertRaises(AccessError):
                    other.read(["item_ids"])
                with self.assertRaises(AccessError):
                    other.item_ids.write({"size": "small"})
                with self.assertRaises(AccessError):
                    other.unlink()
                self.assertFalse(self.Layout.with_user(user).search([("id", "=", layout.id)]))
        # nor creates one for another user
        with self.assertRaises(AccessError):
            self.Layout.with_user(self.user_rep2).create({"user_id": self.user_internal.id})

    def test_group_defaults_edited_by_sales_admins(self):
        default = self.env.ref("wiseparts_base.wiseparts_dashboard_layout_salesman")
        # reps read the default of their group but do not change it
        self.assertEqual(default.with_user(self.user_rep).item_ids.widget_key, "sales_vs_goal")
        with self.assertRaises(AccessError):
            default.with_user(self.user_rep).item_ids.write({"size": "large"})
        with self.assertRaises(AccessError):
            self.Layout.with_user(self.user_manager).create(
                {"group_id": self.env.ref("base.group_user").id}
            )
        default.with_user(self.user_admin).item_ids.write({"size": "large"})
        page = self.Layout.with_user(self.user_rep).get_user_dashboard()
        self.assertEqual(page["items"][0]["size"], "large")

    def test_save_validation(self):
        Layout = self.Layout.with_user(self.user_rep)
        bad_items = [
            [{"widget_key": "no_such_widget"}],
            [{"widget_key": "sales_vs_goal", "size": "huge"}],
            [{"widget_key": "sales_vs_goal", "period": "custom"}],
            ["sales_vs_goal"],
        ]
        for items in bad_items:
            with self.subTest(items=items), self.assertRaises(UserError):
                Layout.save_user_dashboard(items)
        with self.assertRaises(UserError):
            Layout.save_user_dashboard("sales_vs_goal")
        # an internal user may not add a sales widget
        with self.assertRaises(UserError):
            self.Layout.with_user(self.user_internal).save_user_dashboard(
                [{"widget_key": "sales_vs_goal"}]
            )
