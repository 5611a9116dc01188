from odoo import fields, models


class WisepartsActivityType(models.Model):
    _name = "wiseparts.activity.type"
    _description = "Customer Activity Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("visit", "Visit"),
            ("call", "Call"),
            ("event", "Event"),
        ],
        required=True,
        default="visit",
        help="Visit: in person at the customer. Call: by phone. "
        "Event: a meeting or a planned appointment.",
    )
    report_definition = fields.PropertiesDefinition(string="Report Form")
    report_required = fields.Json(
        string="Required Report Fields",
        default=list,
        help="Names of the report form's fields that must be filled before an activity "
        "of this type is marked done.",
    )
    default_duration = fields.Float(string="Default Duration (Hours)", default=1.0)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    def _missing_report_fields(self, report):
        """Labels of this type's required report fields left empty in ``report`` (an
        activity's Properties value: {property name: value}). A yes/no field is always
        answered."""
        self.ensure_one()
        required = set(self.report_required or [])
        report = report or {}
        return [
            prop.get("string") or prop["name"]
            for prop in self.report_definition or []
            if prop["name"] in required
            and prop.get("type") not in ("boolean", "separator")
            and report.get(prop["name"]) in (False, None, "", [])
        ]
