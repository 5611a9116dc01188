from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

ACTIVITY_VIEWS = [
    ("wiseparts_activities.wiseparts_activity_view_list", "list"),
    ("wiseparts_activities.wiseparts_activity_view_form", "form"),
]
TASK_VIEWS = [
    ("wiseparts_activities.wiseparts_task_view_list", "list"),
    ("wiseparts_activities.wiseparts_task_view_form", "form"),
]
REVENUE_VIEWS = [
    ("wiseparts_activities.wiseparts_activity_revenue_report_view_pivot", "pivot"),
    (False, "list"),
]
CALL_VIEWS = [
    ("wiseparts_activities.wiseparts_call_report_view_pivot", "pivot"),
    ("wiseparts_activities.wiseparts_call_report_view_graph", "graph"),
    (False, "list"),
]


class WisepartsDashboard(models.AbstractModel):
    _inherit = "wiseparts.dashboard"

    @api.model
    def _wiseparts_widgets(self):
        return [
            *super()._wiseparts_widgets(),
            {
                "key": "activity_metrics",
                "name": self.env._("Customer activity metrics"),
                "addon": "wiseparts_activities",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 20,
            },
            {
                "key": "revenue_after_visits",
                "name": self.env._("Revenue after visits"),
                "addon": "wiseparts_activities",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 30,
            },
            {
                "key": "visit_compliance",
                "name": self.env._("Visit compliance by segment"),
                "addon": "wiseparts_activities",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 25,
            },
            {
                "key": "call_center",
                "name": self.env._("Call-centre statistics"),
                "addon": "wiseparts_activities",
                "groups": "wiseparts_activities.group_callcenter_manager",
                "sequence": 60,
            },
        ]

    @api.model
    def _activity_period_domain(self, field, date_from, date_to):
        """``field`` (a datetime, UTC) within the days [date_from, date_to]."""
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        return [
            (field, ">=", fields.Datetime.to_string(start)),
            (field, "<", fields.Datetime.to_string(stop)),
        ]

    # ------------------------------------------------------------------
    # activity_metrics
    # ------------------------------------------------------------------
    @api.model
    def _widget_data_activity_metrics(self, date_from, date_to):
        """Visits, calls and events starting in the period by state (record rules apply:
        a rep counts what they may see), and the tasks open and overdue today."""
        Activity = self.env["wiseparts.activity"]
        period = self._activity_period_domain("start", date_from, date_to)
        counts = {
            (kind, state): count
            for kind, state, count in Activity._read_group(period, ["kind", "state"], ["__count"])
        }
        kinds = dict(Activity._fields["kind"]._description_selection(self.env))
        states = [
            ("planned", self.env._("Planned")),
            ("done", self.env._("Done")),
            ("cancelled", self.env._("Cancelled")),
        ]

        def activities_action(name, extra):
            return self._widget_action(
                name, "wiseparts.activity", period + extra, views=ACTIVITY_VIEWS
            )

        rows = []
        for kind in ("visit", "call", "event"):
            values, actions = [kinds.get(kind, kind)], [None]
            for state, state_label in states:
                count = counts.get((kind, state), 0)
                values.append(count)
                actions.append(
                    activities_action(
                        f"{kinds.get(kind, kind)}: {state_label}",
                        [("kind", "=", kind), ("state", "=", state)],
                    )
                    if count
                    else None
                )
            total = sum(values[1:])
            values.append(total)
            actions.append(
                activities_action(kinds.get(kind, kind), [("kind", "=", kind)]) if total else None
            )
            rows.append({"values": values, "actions": actions})
        columns = [{"label": self.env._("Activity"), "type": "char"}]
        columns += [{"label": label, "type": "integer"} for _state, label in states]
        columns.append({"label": self.env._("Total"), "type": "integer"})

        kpis = [
            {
                "label": label,
                "value": sum(count for (_k, s), count in counts.items() if s == state),
                "type": "integer",
                "action": activities_action(label, [("state", "=", state)]),
            }
            for state, label in states
        ]
        Task = self.env["wiseparts.task"]
        task_figures = [
            (self.env._("Open tasks"), [("state", "!=", "closed")]),
            (
                self.env._("Overdue tasks"),
                [
                    ("state", "!=", "closed"),
                    ("date_deadline", "<", fields.Date.to_string(fields.Date.context_today(self))),
                ],
            ),
        ]
        for label, domain in task_figures:
            kpis.append(
                {
                    "label": label,
                    "value": Task.search_count(domain),
                    "type": "integer",
                    "action": self._widget_action(
                        label, "wiseparts.task", domain, views=TASK_VIEWS
                    ),
                }
            )
        return {
            "kpis": kpis,
            "chart": {
                "type": "bar",
                "labels": [row["values"][0] for row in rows],
                "datasets": [
                    {
                        "label": label,
                        "data": [row["values"][1 + index] for row in rows],
                        "column": 1 + index,
                    }
                    for index, (_state, label) in enumerate(states)
                ],
            },
            "table": {"columns": columns, "rows": rows},
            "action": activities_action(self.env._("Activities"), []),
        }

    # ------------------------------------------------------------------
    # revenue_after_visits
    # ------------------------------------------------------------------
    @api.model
    def _widget_data_visit_compliance(self, date_from, date_to):
        """Compliance by segment on the period's last day: the figures of
        wiseparts.activity.visit_compliance (and of its report), for the customers the user
        may read; each segment opens the Visits to plan list of its customers."""
        rows = self.env["wiseparts.activity"].visit_compliance(date=fields.Date.to_string(date_to))
        customers = sum(row["customers"] for row in rows)
        compliant = sum(row["compliant"] for row in rows)

        def partners(name, segment_id):
            return self._widget_action(
                name,
                "res.partner",
                [("visit_segment_id", "=", segment_id)],
                views=[(False, "list"), (False, "form")],
            )

        return {
            "kpis": [
                {"label": self.env._("Customers"), "value": customers, "type": "integer"},
                {"label": self.env._("Compliant"), "value": compliant, "type": "integer"},
                {
                    "label": self.env._("Compliance"),
                    "value": round(100.0 * compliant / customers, 1) if customers else 0.0,
                    "type": "percent",
                },
            ],
            "chart": {
                "type": "bar",
                "labels": [row["segment"] for row in rows],
                "datasets": [
                    {
                        "label": self.env._("Compliance (%)"),
                        "data": [row["percent"] for row in rows],
                        "column": 3,
                    }
                ],
            },
            "table": {
                "columns": [
                    {"label": self.env._("Segment"), "type": "char"},
                    {"label": self.env._("Customers"), "type": "integer"},
                    {"label": self.env._("Compliant"), "type": "integer"},
                    {"label": self.env._("Compliance (%)"), "type": "percent"},
                ],
                "rows": [
                    {
                        "values": [
                            row["segment"],
                            row["customers"],
                            row["compliant"],
                            row["percent"],
                        ],
                        "actions": [None, partners(row["segment"], row["segment_id"]), None, None],
                    }
                    for row in rows
                ],
            },
            "action": self._widget_action(
                self.env._("Visit compliance"),
                "wiseparts.visit.compliance.report",
                [],
                views=[
                    ("wiseparts_activities.wiseparts_visit_compliance_report_view_graph", "graph"),
                    ("wiseparts_activities.wiseparts_visit_compliance_report_view_pivot", "pivot"),
                ],
            ),
        }

    @api.model
    def _widget_data_revenue_after_visits(self, date_from, date_to):
        """Done visits and calls of the period (by start), those followed by an order, the
        conversion and the attributed revenue (company currency), per month; from the
        report wiseparts.activity.revenue.report, whose record rules apply."""
        Report = self.env["wiseparts.activity.revenue.report"]
        period = self._activity_period_domain("date", date_from, date_to)
        aggregates = ["activity_count:sum", "converted_count:sum", "attributed_amount:sum"]
        per_month = Report._read_group(period, ["date:month"], aggregates, order="date:month")
        currency = self.env.company.currency_id

        def report_action(name, domain):
            return self._widget_action(
                name, "wiseparts.activity.revenue.report", domain, views=REVENUE_VIEWS
            )

        def rate(converted, activities):
            return round(100.0 * converted / activities, 1) if activities else 0.0

        rows = []
        for month, activities, converted, amount in per_month:
            label = month.strftime("%m/%Y")
            start = max(month.date(), date_from)
            end = min((month + relativedelta(months=1, days=-1)).date(), date_to)
            domain = self._activity_period_domain("date", start, end)
            rows.append(
                {
                    "values": [
                        label,
                        activities,
                        converted,
                        rate(converted, activities),
                        currency.round(amount),
                    ],
                    "actions": [
                        None,
                        report_action(label, domain),
                        report_action(label, [*domain, ("converted_count", "=", 1)])
                        if converted
                        else None,
                        None,
                        report_action(label, [*domain, ("converted_count", "=", 1)])
                        if converted
                        else None,
                    ],
                }
            )
        activities = sum(row["values"][1] for row in rows)
        converted = sum(row["values"][2] for row in rows)
        amount = currency.round(sum(row["values"][4] for row in rows))
        everything = report_action(self.env._("Revenue after visits"), period)
        followed = report_action(
            self.env._("Followed by an order"), [*period, ("converted_count", "=", 1)]
        )
        return {
            "currency": self._currency_info(currency),
            "kpis": [
                {
                    "label": self.env._("Attributed revenue"),
                    "value": amount,
                    "type": "monetary",
                    "action": followed,
                },
                {
                    "label": self.env._("Done visits and calls"),
                    "value": activities,
                    "type": "integer",
                    "action": everything,
                },
                {
                    "label": self.env._("Followed by an order"),
                    "value": converted,
                    "type": "integer",
                    "action": followed,
                },
                {
                    "label": self.env._("Conversion"),
                    "value": rate(converted, activities),
                    "type": "percent",
                    "action": everything,
                },
            ],
            "chart": {
                "type": "bar",
                "labels": [row["values"][0] for row in rows],
                "datasets": [
                    {
                        "label": self.env._("Attributed revenue"),
                        "data": [row["values"][4] for row in rows],
                        "column": 4,
                    }
                ],
            },
            "table": {
                "columns": [
                    {"label": self.env._("Month"), "type": "char"},
                    {"label": self.env._("Done visits and calls"), "type": "integer"},
                    {"label": self.env._("Followed by an order"), "type": "integer"},
                    {"label": self.env._("Conversion"), "type": "percent"},
                    {"label": self.env._("Attributed revenue"), "type": "monetary"},
                ],
                "rows": rows,
            },
            "action": everything,
        }

    # ------------------------------------------------------------------
    # call_center
    # ------------------------------------------------------------------
    @api.model
    def _widget_data_call_center(self, date_from, date_to):
        """The call-centre statistics (``wiseparts.call.report._call_center_stats``): calls,
        directions, answered %, missed not called back, durations; per day and per agent."""
        stats = self.env["wiseparts.call.report"]._call_center_stats(date_from, date_to)
        period = self._activity_period_domain("date", date_from, date_to)

        def calls_action(name, extra):
            return self._widget_action(
                name, "wiseparts.call.report", period + extra, views=CALL_VIEWS
            )

        kpis = [
            (self.env._("Calls"), stats["calls"], "integer", []),
            (self.env._("Inbound"), stats["inbound"], "integer", [("direction", "=", "inbound")]),
            (
                self.env._("Outbound"),
                stats["outbound"],
                "integer",
                [("direction", "=", "outbound")],
            ),
            (self.env._("Answered"), stats["answered_rate"], "percent", []),
            (
                self.env._("Missed, not called back"),
                stats["missed_not_called_back"],
                "integer",
                [("missed_open_count", "=", 1)],
            ),
            (
                self.env._("Average duration (s)"),
                stats["duration_avg"],
                "float",
                [("answered_count", "=", 1)],
            ),
            (self.env._("Total duration (s)"), stats["duration_total"], "integer", []),
        ]
        rows = []
        for agent in stats["per_agent"]:
            agent_domain = [("user_id", "=", agent["user_id"])]
            rows.append(
                {
                    "values": [
                        agent["name"] or self.env._("(none)"),
                        agent["calls"],
                        agent["answered"],
                        agent["missed"],
                        agent["missed_not_called_back"],
                        agent["answered_rate"],
                        agent["duration_total"],
                    ],
                    "actions": [
                        None,
                        calls_action(agent["name"] or "", agent_domain),
                        calls_action(
                            agent["name"] or "", [*agent_domain, ("answered_count", "=", 1)]
                        )
                        if agent["answered"]
                        else None,
                        calls_action(agent["name"] or "", [*agent_domain, ("missed_count", "=", 1)])
                        if agent["missed"]
                        else None,
                        calls_action(
                            agent["name"] or "", [*agent_domain, ("missed_open_count", "=", 1)]
                        )
                        if agent["missed_not_called_back"]
                        else None,
                        None,
                        None,
                    ],
                }
            )
        return {
            "kpis": [
                {
                    "label": label,
                    "value": value,
                    "type": kind,
                    "action": calls_action(label, extra),
                }
                for label, value, kind, extra in kpis
            ],
            "chart": {
                "type": "bar",
                "labels": [day["day"] for day in stats["per_day"]],
                "datasets": [
                    {
                        "label": self.env._("Calls"),
                        "data": [day["calls"] for day in stats["per_day"]],
                    }
                ],
            },
            "table": {
                "columns": [
                    {"label": self.env._("Agent"), "type": "char"},
                    {"label": self.env._("Calls"), "type": "integer"},
                    {"label": self.env._("Answered calls"), "type": "integer"},
                    {"label": self.env._("Missed calls"), "type": "integer"},
                    {"label": self.env._("Missed, not called back"), "type": "integer"},
                    {"label": self.env._("Answered"), "type": "percent"},
                    {"label": self.env._("Total duration (s)"), "type": "integer"},
                ],
                "rows": rows,
            },
            "per_hour": stats["per_hour"],
            "action": calls_action(self.env._("Calls"), []),
        }
