from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAutomationTour(HttpCase):
    def test_manager_activates_ready_made_rule(self):
        """A manager (Sales administrator with Settings rights) activates the ready-made
        "Customer moved down a segment" rule and sees its executions."""
        manager = new_test_user(
            self.env,
            login="wp_auto_manager",
            groups="sales_team.group_sale_manager,base.group_system",
            name="Mona Automation",
        )
        rule = self.env.ref("wiseparts_activities.automation_segment_downgrade")
        self.assertFalse(rule.active)
        customer = self.env["res.partner"].create(
            {"name": "Segment Customer 1", "is_company": True, "user_id": manager.id}
        )
        segment_type = self.env["wiseparts.segment.type"].create(
            {"name": "Tour ABC", "kind": "abc"}
        )
        seg_b = segment_type.segment_ids[1]
        assignment = self.env["wiseparts.segment.assignment"].create(
            {"partner_id": customer.id, "type_id": segment_type.id, "manual_segment_id": seg_b.id}
        )
        # an execution of the rule when it was active before (archived since)
        rule._wiseparts_execute(assignment)
        self.assertEqual(rule.wiseparts_log_count, 1)
        self.start_tour("/odoo", "wiseparts_automation_tour", login=manager.login)
        self.assertTrue(rule.active)
        self.assertEqual(
            self.env["wiseparts.task"].search_count([("partner_id", "=", customer.id)]), 1
        )
