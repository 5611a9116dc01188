import json

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTerritoryTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # tiles from a local image: no request leaves the machine; markers never need them
        cls.env["ir.config_parameter"].sudo().set_param(
            "leaflet.tile_url", "/web/static/img/transparent.png?{z}/{x}/{y}"
        )
        cls.manager = new_test_user(
            cls.env,
            login="wp_map_manager",
            password="wp_map_manager",
            groups="sales_team.group_sale_manager",
            name="Map Manager",
        )
        cls.rep = new_test_user(
            cls.env, login="wp_map_rep", groups="sales_team.group_sale_salesman", name="Rita Rep"
        )
        cls.other = new_test_user(
            cls.env,
            login="wp_map_other",
            groups="sales_team.group_sale_salesman",
            name="Oscar Other",
        )
        seg_type = cls.env["wiseparts.segment.type"].search(
            [("is_default", "=", True), ("company_id", "=", cls.env.company.id)], limit=1
        )
        seg_a, seg_b = cls.env["wiseparts.segment"].create(
            [
                {"name": "Map Tour A", "type_id": seg_type.id, "priority": 1},
                {"name": "Map Tour B", "type_id": seg_type.id, "priority": 2},
            ]
        )
        Partner = cls.env["res.partner"]
        # the test database may hold other customers: the tour counts only these three
        Partner.search([("customer_rank", ">", 0)]).write({"customer_rank": 0})
        cls.customers = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": cls.rep.id,
                    "partner_latitude": lat,
                    "partner_longitude": lon,
                }
                for name, lat, lon in [
                    ("Garage Bellecour", 45.757, 4.832),
                    ("Garage Part-Dieu", 45.760, 4.859),
                    ("Garage Vaise", 45.775, 4.805),
                ]
            ]
        )
        cls.customers[:2].default_segment_id = seg_a
        cls.customers[2].default_segment_id = seg_b
        # two branches in one building: the same coordinates
        cls.same_point = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": cls.other.id,
                    "partner_latitude": 45.743,
                    "partner_longitude": 4.818,
                }
                for name in ("Depot Confluence North", "Depot Confluence South")
            ]
        )

    def test_manager_filters_selects_and_reassigns(self):
        self.start_tour("/odoo", "wiseparts_territory_map_reassign", login="wp_map_manager")
        self.assertEqual(self.customers[:2].user_id, self.other)
        self.assertEqual(self.customers[2].user_id, self.rep)
        bodies = self.customers[0].message_ids.mapped("body")
        self.assertTrue(any("Rita Rep → Oscar Other" in body for body in bodies), bodies)

    def test_manager_draws_a_territory(self):
        self.start_tour("/odoo", "wiseparts_territory_draw", login="wp_map_manager")
        territory = self.env["wiseparts.territory"].search([("name", "=", "Drawn Lyon")])
        self.assertEqual(len(territory), 1)
        self.assertEqual(json.loads(territory.geometry)["type"], "Polygon")
        self.assertEqual(self.customers.wiseparts_territory_id, territory)

    def test_customers_at_the_same_point_are_each_reachable(self):
        self.start_tour("/odoo", "wiseparts_territory_map_same_point", login="wp_map_manager")
