import xmlrpc.client

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_visit_planning import RUN1, VisitPlanningCommon


@tagged("post_install", "-at_install")
class TestVisitPlanningRpc(HttpCase, VisitPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_rep.password = "rep-rpc-pass"

    def _rpc(self, method, *args):
        """Call a wiseparts.activity method over XML-RPC as Rita Rep (own documents)."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "wp_rep", "rep-rpc-pass", {})
        self.assertEqual(uid, self.user_rep.id)
        return self.xmlrpc_object.execute_kw(
            db, uid, "rep-rpc-pass", "wiseparts.activity", method, list(args)
        )

    def test_plan_visits_over_xmlrpc(self):
        ids = self._rpc("plan_visits", [self.c1.id, self.c2.id], "2026-04-01 08:00:00")
        visits = self.Activity.browse(ids)
        self.assertEqual(visits.partner_id, self.c1 | self.c2)
        self.assertEqual(str(visits[1].start), "2026-04-01 09:15:00")
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(xmlrpc.client.Fault, "Segment Customer 3"),
        ):
            self._rpc("plan_visits", [self.c3.id], "2026-04-01 08:00:00")

    def test_visit_compliance_over_xmlrpc(self):
        self._run(RUN1)
        self._activity(self.c1, self.user_rep, start="2026-01-20 10:00:00").action_done()
        rows = self._rpc("visit_compliance", "2026-02-01", self.abc.id)
        by_name = {row["segment"]: row for row in rows}
        self.assertEqual(
            by_name["A"],
            {"segment": "A", "segment_id": self.seg_a.id, "customers": 1, "compliant": 1,
             "percent": 100.0},
        )


@tagged("post_install", "-at_install")
class TestVisitPlanningTour(HttpCase, VisitPlanningCommon):
    def test_rep_plans_two_visits(self):
        self.c1.name = "Visit Tour One"
        self.c2.name = "Visit Tour Two"
        self._run(RUN1)  # c1 A and c2 B, both due since 2026-01-01
        self.start_tour(
            "/odoo/action-wiseparts_activities.res_partner_action_visits_to_plan",
            "wiseparts_visits_plan",
            login="wp_rep",
        )
        visits = self.Activity.search([("partner_id", "in", (self.c1 | self.c2).ids)])
        self.assertEqual(len(visits), 2)
        self.assertEqual(visits.user_id, self.user_rep)
        self.assertEqual(set(visits.mapped("state")), {"planned"})

    def test_manager_opens_compliance_report(self):
        self._run(RUN1)
        self.start_tour(
            "/odoo/action-wiseparts_activities.wiseparts_visit_compliance_report_action",
            "wiseparts_visits_compliance",
            login="wp_manager",
        )
