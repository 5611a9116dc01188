import json

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TerritoryCommon

SQUARE = json.dumps(
    {
        "type": "Polygon",
        "coordinates": [[[4.0, 45.0], [5.0, 45.0], [5.0, 46.0], [4.0, 46.0], [4.0, 45.0]]],
    }
)


@tagged("post_install", "-at_install")
class TestTerritory(TerritoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Territory = cls.env["wiseparts.territory"]

    def _partner(self, name, zip_code=None, lat=None, lon=None, **vals):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "zip": zip_code,
                "partner_latitude": lat or 0.0,
                "partner_longitude": lon or 0.0,
                **vals,
            }
        )

    def test_zip_codes_and_prefixes(self):
        lyon = self.Territory.create({"name": "Lyon", "zip_codes": "69001\n 69002 \n38*"})
        exact = self._partner("Exact", "69001")
        spaced = self._partner("Spaced", "690 02")
        prefix = self._partner("Prefix", "38100")
        other = self._partner("Other", "69003")
        self.assertEqual((exact | spaced | prefix).wiseparts_territory_id, lyon)
        self.assertFalse(other.wiseparts_territory_id)
        lyon.zip_codes = "69*"
        self.assertEqual(other.wiseparts_territory_id, lyon)
        self.assertFalse(prefix.wiseparts_territory_id)
        other.zip = "75001"
        self.assertFalse(other.wiseparts_territory_id)

    def test_polygon_first_then_zip_and_sequence(self):
        by_zip = self.Territory.create({"name": "By ZIP", "zip_codes": "69*", "sequence": 1})
        area = self.Territory.create({"name": "Area", "geometry": SQUARE, "sequence": 5})
        inside = self._partner("Inside", "69001", 45.5, 4.5)
        on_edge = self._partner("On the edge", "69001", 45.5, 5.0)
        outside = self._partner("Outside", "69001", 47.0, 4.5)
        unlocated = self._partner("Unlocated", "69001")
        self.assertEqual(inside.wiseparts_territory_id, area)  # area wins over ZIP codes
        self.assertEqual(on_edge.wiseparts_territory_id, area)  # the boundary is inside
        self.assertEqual((outside | unlocated).wiseparts_territory_id, by_zip)
        # overlapping areas: the first by sequence
        first = self.Territory.create({"name": "First", "geometry": SQUARE, "sequence": 2})
        self.assertEqual(inside.wiseparts_territory_id, first)
        first.action_archive()
        self.assertEqual(inside.wiseparts_territory_id, area)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "not a ZIP code"):
            self.Territory.create({"name": "Bad", "zip_codes": "69%"})
        with self.assertRaisesRegex(ValidationError, "GeoJSON Polygon"):
            self.Territory.create({"name": "Bad", "geometry": '{"type": "Point"}'})
        with self.assertRaisesRegex(ValidationError, "GeoJSON Polygon"):
            self.Territory.create({"name": "Bad", "geometry": "not json"})

    def test_territory_salesperson_for_new_customers(self):
        self.Territory.create(
            {
                "name": "South",
                "zip_codes": "13*",
                "user_id": self.user_south.id,
                "team_id": self.team_south.id,
                "assign_new_customers": True,
            }
        )
        new = self._partner("Marseille Garage", "13001")
        self.assertEqual(new.user_id, self.user_south)
        self.assertEqual(new.team_id, self.team_south)
        kept = self._partner("Has one", "13002", user_id=self.user_rep.id)
        self.assertEqual(kept.user_id, self.user_rep)

    def test_reassign(self):
        visit = self._activity(self.c1, self.user_rep)
        other_visit = self._activity(self.c1, self.user_manager)
        done = self._activity(self.c1, self.user_rep)
        done.action_done()
        Partner = self.env["res.partner"]
        with self.assertRaises(AccessError):
            Partner.with_user(self.user_rep).wiseparts_reassign(self.c1.ids, self.user_rep2.id)
        changed = Partner.with_user(self.user_admin).wiseparts_reassign(
            (self.c1 | self.c2).ids, self.user_rep2.id, self.team_north.id
        )
        self.assertEqual(changed, 2)
        self.assertEqual((self.c1 | self.c2).user_id, self.user_rep2)
        self.assertEqual(visit.user_id, self.user_rep2)  # planned: follows the customer
        self.assertEqual(other_visit.user_id, self.user_manager)  # someone else's: kept
        self.assertEqual(done.user_id, self.user_rep)  # done: history stays true
        self.assertIn("Rita Rep → Oscar Other", self.c1.message_ids[0].body)
        # nothing to change: nothing counted
        self.assertEqual(
            Partner.with_user(self.user_admin).wiseparts_reassign(self.c1.ids, self.user_rep2.id),
            0,
        )
        with self.assertRaisesRegex(UserError, "list of ids"):
            Partner.with_user(self.user_admin).wiseparts_reassign("1,2", self.user_rep2.id)

    def test_team_leader_reassigns_within_own_team(self):
        self.team_north.user_id = self.user_team
        Partner = self.env["res.partner"].with_user(self.user_team)
        self.assertEqual(Partner.wiseparts_reassign(self.c1.ids, self.user_rep2.id), 1)
        with self.assertRaises(AccessError):  # Sam is not in North
            Partner.wiseparts_reassign(self.c1.ids, self.user_south.id)
        with self.assertRaises(AccessError):  # Nora's customer is not North's
            Partner.wiseparts_reassign(self.c_alone.ids, self.user_rep.id)
