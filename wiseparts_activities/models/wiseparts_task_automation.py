from odoo import api, fields, models


class WisepartsTask(models.Model):
    _inherit = "wiseparts.task"

    # the record an automation rule created the task for (a quote, a segment change...)
    res_model = fields.Char(string="Origin Model", readonly=True, copy=False)
    res_id = fields.Many2oneReference(
        string="Origin Record", model_field="res_model", readonly=True, copy=False
    )
    origin_name = fields.Char(string="Origin", compute="_compute_origin_name")

    @api.depends("res_model", "res_id")
    def _compute_origin_name(self):
        for task in self:
            origin = (
                task.res_model in self.env
                and task.res_id
                and self.env[task.res_model].browse(task.res_id).exists()
            )
            task.origin_name = (
                origin.display_name if origin and origin.has_access("read") else False
            )

    def action_open_origin(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
