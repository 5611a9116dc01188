from odoo.addons.wiseparts_segments.tests.common import SegmentsCommon


class ActivitiesCommon(SegmentsCommon):
    """Segments' customers (c1, c2, c5 of Rita Rep; c3, c4 of Oscar Other) and a visit type
    with a report form whose "Next step" is required."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Activity = cls.env["wiseparts.activity"]
        cls.Task = cls.env["wiseparts.task"]
        cls.type_visit = cls.env.ref("wiseparts_activities.activity_type_visit")
        cls.type_call = cls.env.ref("wiseparts_activities.activity_type_call")
        cls.type_report = cls.env["wiseparts.activity.type"].create(
            {
                "name": "Prospecting visit",
                "kind": "visit",
                "report_definition": [
                    {"name": "competitors", "string": "Competitor brands seen", "type": "char"},
                    {"name": "stock_checked", "string": "Stock checked", "type": "boolean"},
                    {"name": "next_step", "string": "Next step", "type": "char"},
                ],
                "report_required": ["next_step", "stock_checked"],
            }
        )

    @classmethod
    def _activity(cls, partner, user, start="2026-03-02 09:00:00", **vals):
        return cls.Activity.create(
            {
                "type_id": cls.type_visit.id,
                "partner_id": partner.id,
                "user_id": user.id,
                "start": start,
                **vals,
            }
        )
