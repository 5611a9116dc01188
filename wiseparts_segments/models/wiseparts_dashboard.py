from odoo import api, models


class WisepartsDashboard(models.AbstractModel):
    _inherit = "wiseparts.dashboard"

    @api.model
    def _wiseparts_widgets(self):
        return [
            *super()._wiseparts_widgets(),
            {
                "key": "segment_migration",
                "name": self.env._("Segment migration"),
                "addon": "wiseparts_segments",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 50,
            },
        ]

    @api.model
    def _segment_migration_type(self):
        """The segment type of the widget: the default type of the current company."""
        SegmentType = self.env["wiseparts.segment.type"]
        return SegmentType.search(
            [("is_default", "=", True), ("company_id", "=", self.env.company.id)], limit=1
        ) or SegmentType.search([("is_default", "=", True)], limit=1)

    @api.model
    def _widget_data_segment_migration(self, date_from, date_to):
        """Customers whose segment (default type) changed in the period: a from → to matrix.

        One change per customer and run (a customer moved twice counts twice). Reps count
        their own customers (salesperson), managers every customer they may read.
        """
        segment_type = self._segment_migration_type()
        if not segment_type:
            return {
                "kpis": [{"label": self.env._("No default segment type"), "value": None}],
            }
        domain = [
            ("type_id", "=", segment_type.id),
            ("is_changed", "=", True),
            ("run_date", ">=", date_from),
            ("run_date", "<=", date_to),
        ]
        if not self.env["res.users"]._wiseparts_sees_all_customers():
            domain.append(("user_id", "=", self.env.uid))
        Report = self.env["wiseparts.segment.migration.report"]
        counts = {
            (from_segment.id, to_segment.id): count
            for from_segment, to_segment, count in Report._read_group(
                domain, ["from_segment_id", "to_segment_id"], ["__count"]
            )
        }
        segments = segment_type.segment_ids
        from_ids = segments.ids + [False] * any(not key[0] for key in counts)
        to_ids = segments.ids + [False] * any(not key[1] for key in counts)
        names = {segment.id: segment.name for segment in segments}
        names[False] = self.env._("(none)")
        views = [
            ("wiseparts_segments.wiseparts_segment_migration_report_view_list", "list"),
            (False, "form"),
        ]

        def action(name, extra):
            return self._widget_action(
                name, "wiseparts.segment.migration.report", domain + extra, views=views
            )

        columns = [{"label": self.env._("From \\ To"), "type": "char"}]
        columns += [{"label": names[to_id], "type": "integer"} for to_id in to_ids]
        columns.append({"label": self.env._("Total"), "type": "integer"})
        rows = []
        for from_id in from_ids:
            values, actions = [names[from_id]], [None]
            for to_id in to_ids:
                count = counts.get((from_id, to_id), 0)
                values.append(count)
                actions.append(
                    action(
                        f"{names[from_id]} → {names[to_id]}",
                        [("from_segment_id", "=", from_id), ("to_segment_id", "=", to_id)],
                    )
                    if count
                    else None
                )
            total = sum(values[1:])
            values.append(total)
            actions.append(
                action(names[from_id], [("from_segment_id", "=", from_id)]) if total else None
            )
            rows.append({"values": values, "actions": actions})
        total = sum(counts.values())
        everything = action(self.env._("Segment changes"), [])
        return {
            "kpis": [
                {
                    "label": self.env._("Segment changes"),
                    "value": total,
                    "type": "integer",
                    "action": everything,
                },
                {"label": self.env._("Segment type"), "value": segment_type.name, "type": "char"},
            ],
            "chart": {
                "type": "bar",
                "labels": [row["values"][0] for row in rows],
                "datasets": [
                    {
                        "label": names[to_id],
                        "data": [row["values"][1 + index] for row in rows],
                        "column": 1 + index,
                    }
                    for index, to_id in enumerate(to_ids)
                ],
            },
            "table": {"columns": columns, "rows": rows},
            "action": everything,
            "segment_type": {"id": segment_type.id, "name": segment_type.name},
        }
