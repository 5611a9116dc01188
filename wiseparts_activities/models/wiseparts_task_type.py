from odoo import fields, models


class WisepartsTaskType(models.Model):
    _name = "wiseparts.task.type"
    _description = "Task Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    report_definition = fields.PropertiesDefinition(string="Report Form")
    active = fields.Boolean(default=True)
