from datetime import datetime, time, timedelta

from odoo import api, models

# first-response buckets of the response_times widget: (label, lower, upper) in minutes
BUCKETS = [
    ("< 15 min", 0, 15),
    ("15-60 min", 15, 60),
    ("1-4 h", 60, 240),
    ("4-24 h", 240, 1440),
    ("> 24 h", 1440, None),
]


class WisepartsDashboard(models.AbstractModel):
    _inherit = "wiseparts.dashboard"

    @api.model
    def _wiseparts_widgets(self):
        return [
            *super()._wiseparts_widgets(),
            {
                "key": "response_times",
                "name": self.env._("Response times"),
                "addon": "wiseparts_conversations",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 70,
            },
        ]

    @api.model
    def _widget_data_response_times(self, date_from, date_to):
        """Conversations with a message in the period (those the user may read): average
        first-response time and its distribution; open and unanswered conversations now."""
        Conversation = self.env["wiseparts.conversation"]
        period = [
            ("last_message_at", ">=", datetime.combine(date_from, time.min)),
            ("last_message_at", "<", datetime.combine(date_to + timedelta(days=1), time.min)),
        ]
        answered = [*period, ("first_response_minutes", ">", 0)]
        ((average,),) = Conversation._read_group(answered, [], ["first_response_minutes:avg"])

        def conversations(name, domain):
            return self._widget_action(name, "wiseparts.conversation", domain)

        rows = []
        for label, lower, upper in BUCKETS:
            domain = [*answered, ("first_response_minutes", ">=", lower)]
            if upper is not None:
                domain.append(("first_response_minutes", "<", upper))
            number = Conversation.search_count(domain)
            rows.append(
                {"values": [label, number], "actions": [None, conversations(label, domain)]}
            )
        open_domain = [("state", "=", "open")]
        unanswered_domain = [*open_domain, ("unanswered_count", ">", 0)]
        return {
            "kpis": [
                {
                    "label": self.env._("Average first response (min)"),
                    "value": round(average or 0.0, 1),
                    "type": "float",
                    "action": conversations(self.env._("Answered"), answered),
                },
                {
                    "label": self.env._("Open conversations"),
                    "value": Conversation.search_count(open_domain),
                    "type": "integer",
                    "action": conversations(self.env._("Open conversations"), open_domain),
                },
                {
                    "label": self.env._("Unanswered"),
                    "value": Conversation.search_count(unanswered_domain),
                    "type": "integer",
                    "action": conversations(self.env._("Unanswered"), unanswered_domain),
                },
            ],
            "chart": {
                "type": "bar",
                "labels": [row["values"][0] for row in rows],
                "datasets": [
                    {
                        "label": self.env._("Conversations"),
                        "data": [row["values"][1] for row in rows],
                        "column": 1,
                    }
                ],
            },
            "table": {
                "columns": [
                    {"label": self.env._("First response"), "type": "char"},
                    {"label": self.env._("Conversations"), "type": "integer"},
                ],
                "rows": rows,
            },
            "action": conversations(self.env._("Conversations"), period),
        }
