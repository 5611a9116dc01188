import json
import math
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TerritoryCommon


@tagged("post_install", "-at_install")
class TestMapAndWorkload(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1.write({"partner_latitude": 45.76, "partner_longitude": 4.83, "customer_rank": 1})
        cls.c2.write({"partner_latitude": 45.70, "partner_longitude": 4.80, "customer_rank": 1})
        cls.c3.write({"partner_latitude": 45.19, "partner_longitude": 5.72, "customer_rank": 1})
        cls.c4.write({"customer_rank": 1})  # no coordinates
        cls.Territory = cls.env["wiseparts.territory"]

    def test_map_points_and_legend(self):
        ids = (self.c1 | self.c2 | self.c3 | self.c4).ids
        result = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .wiseparts_map_points([("id", "in", ids)])
        )
        points = {p[0]: p for p in result["points"]}
        self.assertEqual(set(points), {self.c1.id, self.c2.id, self.c3.id})
        self.assertEqual(points[self.c1.id][1:3], [45.76, 4.83])
        legend = {entry["index"]: entry for entry in result["legend"]}
        self.assertEqual(legend[points[self.c1.id][3]]["label"], "Rita Rep")
        self.assertEqual(legend[points[self.c3.id][3]]["label"], "Oscar Other")
        self.assertEqual(points[self.c1.id][3], points[self.c2.id][3])
        self.assertRegex(legend[0]["color"], r"^#[0-9a-f]{6}$")

    def test_map_points_follow_record_rules_and_validate(self):
        self.env.company.wiseparts_customer_visibility = "own"
        ids = (self.c1 | self.c2 | self.c3).ids
        result = (
            self.env["res.partner"]
            .with_user(self.user_rep)
            .wiseparts_map_points([("id", "in", ids)], color_by="segment")
        )
        self.assertEqual({p[0] for p in result["points"]}, {self.c1.id, self.c2.id})
        with self.assertRaisesRegex(UserError, "colour by"):
            self.env["res.partner"].wiseparts_map_points([], color_by="weather")
        with self.assertRaisesRegex(UserError, "invalid domain"):
            self.env["res.partner"].wiseparts_map_points([("nope", "=", 1)])

    def test_map_overview_and_clusters(self):
        """The map page's first view and its grid clusters: Lyon's two customers and
        Grenoble's one, grouped at a low zoom, alone from zoom 15, only in the view asked."""
        Partner = self.env["res.partner"].with_user(self.user_manager)
        domain = [("id", "in", (self.c1 | self.c2 | self.c3 | self.c4).ids)]
        overview = Partner.wiseparts_map_overview(domain, width=800, height=600)
        self.assertEqual(overview["count"], 3)
        self.assertEqual(overview["bounds"], [[45.19, 4.80], [45.76, 5.72]])
        # 0.92 degrees of longitude are 670 pixels at zoom 10, 1,340 at zoom 11
        self.assertEqual(overview["zoom"], 10)
        self.assertEqual(sum(c[0] for c in overview["clusters"]), 3)
        rita = next(e for e in overview["legend"] if e["label"] == "Rita Rep")
        self.assertEqual(rita["key"], self.user_rep.id)
        # zoom 6: one cluster of the three, at their mean position, with their bounds
        (cluster,) = Partner.wiseparts_map_clusters(domain, zoom=6)
        self.assertEqual(cluster[0], 3)
        self.assertAlmostEqual(cluster[1], (45.76 + 45.70 + 45.19) / 3, places=5)
        self.assertFalse(cluster[3])  # several customers: no id
        self.assertEqual(cluster[5:], [45.19, 4.80, 45.76, 5.72])
        # zoom 15: every customer alone, with its id and salesperson
        alone = Partner.wiseparts_map_clusters(domain, color_by="salesperson", zoom=15)
        self.assertEqual(
            {(c[0], c[3], c[4]) for c in alone},
            {
                (1, self.c1.id, self.user_rep.id),
                (1, self.c2.id, self.user_rep.id),
                (1, self.c3.id, self.user_rep2.id),
            },
        )
        # a 400 x 300 view around Grenoble at zoom 10 (Leaflet's pixels): only c3
        x = 256 * 2**10 * (5.72 + 180) / 360
        y = (
            256
            * 2**10
            * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(45.19) / 2)) / (2 * math.pi))
        )
        view = Partner.wiseparts_map_clusters(
            domain, zoom=10, pixels=[x - 200, y - 150, x + 200, y + 150]
        )
        self.assertEqual([(c[0], c[3]) for c in view], [(1, self.c3.id)])
        # one place: the highest zoom of the first view
        single = Partner.wiseparts_map_overview([("id", "=", self.c1.id)], width=800, height=600)
        self.assertEqual((single["count"], single["zoom"]), (1, 12))
        empty = Partner.wiseparts_map_overview([("id", "=", self.c4.id)], width=800, height=600)
        self.assertEqual((empty["count"], empty["bounds"], empty["clusters"]), (0, False, []))

    def test_map_clusters_and_selection_follow_record_rules(self):
        self.env.company.wiseparts_customer_visibility = "own"
        domain = [("id", "in", (self.c1 | self.c2 | self.c3).ids)]
        Partner = self.env["res.partner"].with_user(self.user_rep)
        self.assertEqual(Partner.wiseparts_map_overview(domain, width=800, height=600)["count"], 2)
        self.assertEqual(sum(c[0] for c in Partner.wiseparts_map_clusters(domain, zoom=3)), 2)
        # a rectangle over Lyon and Grenoble, as drawn on the map (GeoJSON: lon, lat)
        area = json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[4.7, 45.1], [5.8, 45.1], [5.8, 45.8], [4.7, 45.8], [4.7, 45.1]]],
            }
        )
        manager = self.env["res.partner"].with_user(self.user_manager)
        self.assertEqual(
            sorted(manager.wiseparts_map_select(domain, area)),
            sorted((self.c1 | self.c2 | self.c3).ids),
        )
        self.assertEqual(
            sorted(Partner.wiseparts_map_select(domain, area)), sorted((self.c1 | self.c2).ids)
        )
        lyon = json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[4.82, 45.75], [4.84, 45.75], [4.84, 45.77], [4.82, 45.77]]],
            }
        )
        self.assertEqual(manager.wiseparts_map_select(domain, lyon), [self.c1.id])
        with self.assertRaisesRegex(UserError, "invalid area"):
            manager.wiseparts_map_select(domain, '{"type": "Point"}')
        with self.assertRaisesRegex(UserError, "zoom"):
            manager.wiseparts_map_clusters(domain, zoom="6")
        with self.assertRaisesRegex(UserError, "four pixel"):
            manager.wiseparts_map_clusters(domain, zoom=6, pixels=[1, 2])
        with self.assertRaisesRegex(UserError, "width and height"):
            manager.wiseparts_map_overview(domain, width=0, height=600)

    @freeze_time("2026-03-10")
    def test_workload_and_rebalance(self):
        # Rita: c1, c2 every 2 days (15.2 visits/month each); Oscar: c3 every 30.4 days
        (self.c1 | self.c2).write({"visit_every_days": 2})
        self.c3.write({"visit_every_days": 30})
        self.env.company.wiseparts_visits_per_day = 1  # 22 working days in March 2026
        rows = {
            r["user_id"]: r
            for r in self.Territory.with_user(self.user_manager).workload(self.team_north.id)
        }
        rita = rows[self.user_rep.id]
        self.assertEqual(rita["customers"], 2)
        self.assertEqual(rita["visits_needed"], 30.4)
        self.assertEqual(rita["capacity"], 22.0)
        self.assertEqual(rita["utilisation"], 138.2)
        self.assertEqual(rows[self.user_rep2.id]["visits_needed"], 1.0)
        moves = self.Territory.propose_rebalance(self.team_north.id)
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves[0]["from_user_id"], self.user_rep.id)
        self.assertEqual(moves[0]["to_user_id"], self.user_rep2.id)  # Tina has no customer
        # apply through the wizard: a team leader of North
        self.team_north.user_id = self.user_team
        wizard = (
            self.env["wiseparts.rebalance"]
            .with_user(self.user_team)
            .create({"team_id": self.team_north.id})
        )
        wizard.action_propose()
        self.assertEqual(len(wizard.move_ids), 1)
        after = {m.user_id: m.utilisation_after for m in wizard.member_ids}
        self.assertLessEqual(after[self.user_rep2], 100.0)
        wizard.action_apply()
        self.assertEqual(
            self.env["res.partner"].browse(moves[0]["partner_id"]).user_id, self.user_rep2
        )
        with self.assertRaises(UserError):
            self.Territory.workload("North")

    def test_coverage_report(self):
        # the report counts against the database's CURRENT_DATE (not frozen by freezegun)
        today = fields.Date.today()
        lyon = self.Territory.create({"name": "Lyon", "zip_codes": "69*"})
        self.Territory.create({"name": "Nobody's", "zip_codes": "01*"})
        self.c1.write({"zip": "69001", "next_visit_date": today - timedelta(days=9)})  # overdue
        self.c2.write({"zip": "69002", "next_visit_date": today + timedelta(days=10)})
        self.c3.write({"zip": "38000", "next_visit_date": today})  # due today: on time
        Report = self.env["wiseparts.coverage.report"].with_user(self.user_manager)
        customers = (self.c1 | self.c2 | self.c3).ids
        rows = Report._read_group(
            [("partner_id", "in", customers)],
            ["territory_id"],
            ["customer_count:sum", "overdue_count:sum", "on_time_rate:avg", "outside_count:sum"],
        )
        by_territory = {territory: figures for territory, *figures in rows}
        self.assertEqual(by_territory[lyon], [2, 1, 50.0, 0])
        self.assertEqual(by_territory[self.Territory.browse()], [1, 0, 100.0, 1])
        no_salesperson = Report.search_count([("no_salesperson_count", "=", 1)])
        self.assertGreaterEqual(no_salesperson, 2)
        # a rep sees the rows of their own customers only
        mine = (
            self.env["wiseparts.coverage.report"]
            .with_user(self.user_rep)
            .search([("partner_id", "in", customers)])
        )
        self.assertEqual(mine.partner_id, self.c1 | self.c2)
        with self.assertRaises(AccessError):
            self.env["wiseparts.coverage.report"].with_user(self.user_internal).search([])
