from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services.dashboard import PERIODS, as_date, period_bounds

SIZES = ("small", "medium", "large")


class WisepartsDashboardLayout(models.Model):
    """A dashboard page: a user's own, or the default of a group set by administrators."""

    _name = "wiseparts.dashboard.layout"
    _description = "WiseParts Dashboard Layout"
    _order = "sequence, id"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    user_id = fields.Many2one("res.users", ondelete="cascade", index="btree_not_null")
    group_id = fields.Many2one(
        "res.groups",
        ondelete="cascade",
        index="btree_not_null",
        help="Users of this group who have no dashboard yet start from this layout.",
    )
    sequence = fields.Integer(
        default=10,
        help="A user in several groups starts from the default layout with the lowest sequence.",
    )
    item_ids = fields.One2many("wiseparts.dashboard.layout.item", "layout_id", string="Widgets")

    _sql_constraints = [
        ("user_uniq", "unique(user_id)", "A user has one dashboard."),
        ("group_uniq", "unique(group_id)", "A group has one default dashboard."),
        (
            "owner_check",
            "CHECK((user_id IS NULL) <> (group_id IS NULL))",
            "A dashboard belongs either to a user or to a group.",
        ),
    ]

    @api.depends("user_id", "group_id")
    def _compute_name(self):
        for layout in self:
            owner = layout.user_id or layout.group_id
            layout.name = owner.display_name if owner else False

    # ------------------------------------------------------------------
    # The current user's dashboard (the page's API)
    # ------------------------------------------------------------------
    @api.model
    def _my_layout(self, create=True):
        """The current user's layout; created from their groups' default when missing."""
        user = self.env.user
        layout = self.search([("user_id", "=", user.id)], limit=1)
        if layout or not create:
            return layout
        default = self.search([("group_id", "in", user.groups_id.ids)], limit=1)
        return self.create(
            {
                "user_id": user.id,
                "item_ids": [Command.create(item._copy_values()) for item in default.item_ids],
            }
        )

    @api.model
    def get_user_dashboard(self):
        """Public: the current user's dashboard page: its widgets, with their periods' dates,
        and the catalogue of widgets the user may add."""
        layout = self._my_layout()
        catalogue = self.env["wiseparts.dashboard"].widgets()
        names = {widget["key"]: widget["name"] for widget in catalogue}
        today = fields.Date.context_today(self)
        items = []
        for item in layout.item_ids.filtered(lambda i: i.widget_key in names):
            start, end = item._period_bounds(today)
            items.append(
                {
                    "id": item.id,
                    "widget_key": item.widget_key,
                    "name": names[item.widget_key],
                    "size": item.size,
                    "period": item.period,
                    "custom_date_from": fields.Date.to_string(item.date_from),
                    "custom_date_to": fields.Date.to_string(item.date_to),
                    "date_from": fields.Date.to_string(start),
                    "date_to": fields.Date.to_string(end),
                }
            )
        return {"layout_id": layout.id, "items": items, "catalogue": catalogue}

    @api.model
    def save_user_dashboard(self, items):
        """Public: replace the current user's widgets by ``items``, in order.

        ``items``: [{"widget_key", "size", "period", "custom_date_from", "custom_date_to"}];
        returns get_user_dashboard().
        """
        allowed = {widget["key"] for widget in self.env["wiseparts.dashboard"].widgets()}
        if not isinstance(items, list):
            raise UserError(self.env._("The dashboard widgets must be a list."))
        vals_list = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get("widget_key") not in allowed:
                raise UserError(
                    self.env._(
                        "Widget %(number)s: unknown widget or not allowed.", number=index + 1
                    )
                )
            vals = {
                "sequence": index + 1,
                "widget_key": item["widget_key"],
                "size": item.get("size") or "medium",
                "period": item.get("period") or "this_month",
                "date_from": False,
                "date_to": False,
            }
            if vals["size"] not in SIZES or vals["period"] not in PERIODS:
                raise UserError(
                    self.env._("Widget %(number)s: unknown size or period.", number=index + 1)
                )
            if vals["period"] == "custom":
                try:
                    vals["date_from"] = as_date(item.get("custom_date_from"))
                    vals["date_to"] = as_date(item.get("custom_date_to"))
                except ValueError:
                    raise UserError(
                        self.env._(
                            "Widget %(number)s: a custom period needs two dates (YYYY-MM-DD).",
                            number=index + 1,
                        )
                    ) from None
            vals_list.append(vals)
        layout = self._my_layout()
        # widgets the user may no longer see stay where they were (at the end)
        kept = layout.item_ids.filtered(lambda i: i.widget_key not in allowed)
        layout.write(
            {
                "item_ids": [Command.unlink(item.id) for item in layout.item_ids - kept]
                + [Command.create(vals) for vals in vals_list]
            }
        )
        return self.get_user_dashboard()

    @api.model
    def reset_user_dashboard(self):
        """Public: drop the current user's dashboard; the next visit starts from the default."""
        self._my_layout(create=False).unlink()
        return self.get_user_dashboard()


class WisepartsDashboardLayoutItem(models.Model):
    _name = "wiseparts.dashboard.layout.item"
    _description = "WiseParts Dashboard Widget"
    _order = "sequence, id"

    layout_id = fields.Many2one(
        "wiseparts.dashboard.layout", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    widget_key = fields.Selection(selection="_selection_widget_key", string="Widget", required=True)
    size = fields.Selection(
        [("small", "Small"), ("medium", "Medium"), ("large", "Large")],
        default="medium",
        required=True,
    )
    period = fields.Selection(
        [
            ("this_month", "This month"),
            ("last_month", "Last month"),
            ("last_12_months", "Last 12 months"),
            ("custom", "Custom"),
        ],
        default="this_month",
        required=True,
    )
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")

    @api.model
    def _selection_widget_key(self):
        widgets = self.env["wiseparts.dashboard"]._wiseparts_widgets()
        return [(widget["key"], widget["name"]) for widget in widgets]

    @api.constrains("period", "date_from", "date_to")
    def _check_period(self):
        for item in self.filtered(lambda i: i.period == "custom"):
            if not (item.date_from and item.date_to) or item.date_from > item.date_to:
                raise ValidationError(
                    self.env._("A custom period needs a start and an end date, the start first.")
                )

    def _copy_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "widget_key": self.widget_key,
            "size": self.size,
            "period": self.period,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    def _period_bounds(self, today):
        self.ensure_one()
        return period_bounds(self.period, today, self.date_from, self.date_to)
