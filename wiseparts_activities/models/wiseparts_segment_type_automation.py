from odoo import models
from odoo.tools import SQL


class WisepartsSegmentType(models.Model):
    _inherit = "wiseparts.segment.type"

    def _compute_now(self, run):
        """The run, then the automation rules on segment changes, set-based.

        The effective segments before the run are kept in a temporary table; after it, the
        run's history rows (one per customer whose effective segment changed) joined to it
        give every (assignment, old segment, new segment) at once. The rules store their
        executions, due now, for the pending-executions cron: they run after the run
        commits, and a failing action never fails the run.
        """
        rules = self.env["base.automation"]._wiseparts_segment_rules()
        if not rules:
            return super()._compute_now(run)
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(SQL("DROP TABLE IF EXISTS wiseparts_automation_segment_before"))
        cr.execute(
            SQL(
                "CREATE TEMPORARY TABLE wiseparts_automation_segment_before ON COMMIT DROP AS "
                "SELECT partner_id, segment_id FROM wiseparts_segment_assignment "
                "WHERE type_id = %s",
                self.id,
            )
        )
        counts = super()._compute_now(run)
        changes = self.env.execute_query(
            SQL(
                """
                SELECT a.id, b.segment_id, a.segment_id
                  FROM wiseparts_segment_history h
                  JOIN wiseparts_segment_assignment a
                    ON a.partner_id = h.partner_id AND a.type_id = %(type_id)s
                  LEFT JOIN wiseparts_automation_segment_before b ON b.partner_id = h.partner_id
                 WHERE h.run_id = %(run_id)s
                """,
                type_id=self.id,
                run_id=run.id,
            )
        )
        cr.execute(SQL("DROP TABLE wiseparts_automation_segment_before"))
        if changes:
            rules._wiseparts_segment_event(self, changes)
        return counts
