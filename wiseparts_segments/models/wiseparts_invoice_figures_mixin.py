from odoo import api, fields, models
from odoo.tools import SQL

# figures derived from invoices: read as empty for customers whose invoices the user can't read
INVOICE_FIGURES = ("eligible_amount", "last_purchase_date")


class InvoiceFiguresMixin(models.AbstractModel):
    """Hides the invoice figures of customers whose invoices the user cannot read.

    The figures are masked in SQL (``_field_to_sql``), so that reading, searching, sorting,
    grouping and summing them all see an empty value for those customers.
    """

    _name = "wiseparts.invoice.figures.mixin"
    _description = "Invoice figures follow the invoice rules"

    amounts_visible = fields.Boolean(
        compute="_compute_amounts_visible",
        help="The user could read the customer's invoices, so its figures are shown.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_amounts_visible(self):
        hidden = self.env["res.partner"]._wiseparts_hidden_amounts_sql(SQL("partner_id"))
        if hidden is None or not self.ids:
            self.amounts_visible = True
            return
        self.flush_recordset(["partner_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s) AND %s",
                SQL.identifier(self._table),
                list(self.ids),
                hidden,
            )
        )
        hidden_ids = {row[0] for row in rows}
        for record in self:
            record.amounts_visible = record.id not in hidden_ids

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        sql = super()._field_to_sql(alias, fname, query, flush)
        if fname in INVOICE_FIGURES:
            hidden = self.env["res.partner"]._wiseparts_hidden_amounts_sql(
                SQL.identifier(alias, "partner_id")
            )
            if hidden is not None:
                sql = SQL("(CASE WHEN %s THEN NULL ELSE %s END)", hidden, sql)
        return sql
