from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services.dashboard import MAX_PERIOD_DAYS, as_date, month_starts


class WisepartsDashboard(models.AbstractModel):
    """The registry and API of the WiseParts dashboard widgets.

    An addon adds a widget by inheriting this model (see readme/DEVELOP.md):

    * ``_wiseparts_widgets()`` returns ``super()`` plus one dict per widget: ``key``, ``name``,
      ``addon``, ``groups`` (comma-separated group xmlids, as in a field's ``groups``) and
      optionally ``sequence``;
    * ``_widget_data_<key>(date_from, date_to)`` returns the widget's figures (JSON-able,
      computed with ``self.env``, i.e. as the user and under record rules).
    """

    _name = "wiseparts.dashboard"
    _description = "WiseParts Dashboard Widgets"

    # ------------------------------------------------------------------
    # Registry
    # ------------------------------------------------------------------
    @api.model
    def _wiseparts_widgets(self):
        """Every registered widget; extend with ``super()`` in each addon."""
        return [
            {
                "key": "sales_vs_goal",
                "name": self.env._("Sales performance vs goals"),
                "addon": "wiseparts_base",
                "groups": "sales_team.group_sale_salesman",
                "sequence": 10,
            }
        ]

    @api.model
    def _visible_widgets(self):
        """The registered widgets the current user may see, by sequence: {key: widget}."""
        user = self.env.user
        widgets = sorted(self._wiseparts_widgets(), key=lambda w: (w.get("sequence", 50), w["key"]))
        return {
            widget["key"]: widget
            for widget in widgets
            if self.env.su or not widget.get("groups") or user.has_groups(widget["groups"])
        }

    @api.model
    def widgets(self):
        """Public: the widgets the current user may add, ``[{"key", "name", "addon"}]``."""
        return [
            {"key": widget["key"], "name": widget["name"], "addon": widget["addon"]}
            for widget in self._visible_widgets().values()
        ]

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def widget_data(self, key, date_from, date_to):
        """Public: the figures of widget ``key`` over [date_from, date_to] (ISO dates).

        Computed as the current user under record rules. Raises UserError for an unknown
        widget or bad dates, AccessError for a widget the user may not see.
        """
        if not isinstance(key, str) or key not in {w["key"] for w in self._wiseparts_widgets()}:
            raise UserError(self.env._("Unknown dashboard widget %(key)s.", key=key))
        widget = self._visible_widgets().get(key)
        if not widget:
            raise AccessError(
                self.env._("You are not allowed to see the widget %(name)s.", name=key)
            )
        try:
            start, end = as_date(date_from), as_date(date_to)
        except ValueError:
            raise UserError(
                self.env._(
                    "Invalid period %(start)s to %(end)s: use dates as YYYY-MM-DD.",
                    start=date_from,
                    end=date_to,
                )
            ) from None
        if start > end or (end - start).days > MAX_PERIOD_DAYS:
            raise UserError(
                self.env._(
                    "Invalid period %(start)s to %(end)s: the start must come first and the "
                    "period last at most five years.",
                    start=date_from,
                    end=date_to,
                )
            )
        figures = self._widget_data(key, start, end)
        return {
            "kpis": [],
            "chart": False,
            "table": False,
            "action": False,
            **figures,
            "key": key,
            "name": widget["name"],
            "addon": widget["addon"],
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(end),
        }

    @api.model
    def _widget_data(self, key, date_from, date_to):
        method = getattr(self, f"_widget_data_{key}", None)
        if method is None:
            raise UserError(self.env._("The widget %(key)s has no data method.", key=key))
        return method(date_from, date_to)

    @api.model
    def _widget_action(self, name, model, domain, views=None, context=None):
        """A window action opening the records behind a figure (``views``: [(xmlid, type)])."""
        view_list = [
            [self.env.ref(xmlid).id if xmlid else False, view_type]
            for xmlid, view_type in (views or [(False, "list"), (False, "form")])
        ]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": view_list,
            "context": context or {},
            "target": "current",
        }

    @api.model
    def _currency_info(self, currency=None):
        currency = currency or self.env.company.currency_id
        return {
            "id": currency.id,
            "name": currency.name,
            "symbol": currency.symbol,
            "position": currency.position,
            "digits": currency.decimal_places,
        }

    # ------------------------------------------------------------------
    # sales_vs_goal
    # ------------------------------------------------------------------
    @api.model
    def _sales_vs_goal_scopes(self):
        """[(scope, label, invoice domain)] of the sales_vs_goal widget for the user.

        Everyone: their own invoices (salesperson). Managers (all documents): also the
        invoices of the sales teams they lead or belong to, or every invoice they may read
        when they are in no team.
        """
        user = self.env.user
        scopes = [("mine", self.env._("My sales"), [("invoice_user_id", "=", user.id)])]
        if self.env["res.users"]._wiseparts_sees_all_customers():
            teams = self.env["crm.team"].search(
                ["|", ("user_id", "=", user.id), ("member_ids", "in", user.ids)]
            )
            if teams:
                scopes.append(("team", self.env._("Team sales"), [("team_id", "in", teams.ids)]))
            else:
                scopes.append(("team", self.env._("All sales"), []))
        return scopes

    @api.model
    def _sales_vs_goal_goals(self, scopes, months):
        """Hook for goals: {scope: {month (date, first day): amount}}; none in base.

        ``scopes``: the scope names of ``_sales_vs_goal_scopes``; ``months``: the first days
        of the months of the period. wiseparts_territory returns the goals it knows.
        """
        return {}

    @api.model
    def _widget_data_sales_vs_goal(self, date_from, date_to):
        """Net invoiced untaxed sales (invoices minus credit notes, company currency) per month."""
        Report = self.env["account.invoice.report"]
        base_domain = [
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        months = month_starts(date_from, date_to)
        scopes = self._sales_vs_goal_scopes()
        goals = self._sales_vs_goal_goals([scope for scope, _label, _domain in scopes], months)
        amounts = {}
        for scope, _label, domain in scopes:
            groups = Report._read_group(
                base_domain + domain, ["invoice_date:month"], ["price_subtotal:sum"]
            )
            amounts[scope] = {month: total for month, total in groups}
        currency = self.env.company.currency_id
        list_views = [("account.view_out_invoice_tree", "list"), ("account.view_move_form", "form")]

        def invoices_action(name, domain, start, end):
            return self._widget_action(
                name,
                "account.move",
                [
                    ("move_type", "in", ["out_invoice", "out_refund"]),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", fields.Date.to_string(start)),
                    ("invoice_date", "<=", fields.Date.to_string(end)),
                    *domain,
                ],
                views=list_views,
                context={"default_move_type": "out_invoice"},
            )

        columns = [{"label": self.env._("Month"), "type": "char"}]
        for _scope, label, _domain in scopes:
            columns += [
                {"label": label, "type": "monetary"},
                {"label": self.env._("%(scope)s goal", scope=label), "type": "monetary"},
            ]
        rows, datasets, kpis = [], [], []
        for month in months:
            start, end = (
                max(month, date_from),
                min(month + relativedelta(months=1, days=-1), date_to),
            )
            label = month.strftime("%m/%Y")
            values, actions = [label], [None]
            for scope, scope_label, domain in scopes:
                goal = goals.get(scope, {}).get(month)
                values += [currency.round(amounts[scope].get(month, 0.0)), goal]
                actions += [invoices_action(f"{scope_label} {label}", domain, start, end), None]
            rows.append({"values": values, "actions": actions})
        for index, (scope, label, domain) in enumerate(scopes):
            column = 1 + 2 * index
            total = currency.round(sum(amounts[scope].values()))
            scope_goals = [row["values"][column + 1] for row in rows]
            has_goal = any(goal is not None for goal in scope_goals)
            kpis.append(
                {
                    "label": label,
                    "value": total,
                    "type": "monetary",
                    "action": invoices_action(label, domain, date_from, date_to),
                }
            )
            kpis.append(
                {
                    "label": self.env._("%(scope)s goal", scope=label),
                    "value": sum(goal or 0.0 for goal in scope_goals) if has_goal else None,
                    "type": "monetary",
                    "action": False,
                }
            )
            datasets.append(
                {
                    "label": label,
                    "data": [row["values"][column] for row in rows],
                    "column": column,
                }
            )
            if has_goal:
                datasets.append(
                    {
                        "label": self.env._("%(scope)s goal", scope=label),
                        "data": scope_goals,
                        "type": "line",
                        "column": column + 1,
                    }
                )
        return {
            "currency": self._currency_info(currency),
            "kpis": kpis,
            "chart": {
                "type": "bar",
                "labels": [row["values"][0] for row in rows],
                "datasets": datasets,
            },
            "table": {"columns": columns, "rows": rows},
            "action": invoices_action(self.env._("Invoices"), scopes[0][2], date_from, date_to),
        }
