"""Bulk writer of the demo data: the rows the ORM writes, through PostgreSQL ``COPY``.

One writer per table, called in foreign-key order by ``write_bulk``. They share a
``BulkContext`` (ids reserved up front, so that rows can refer to rows not written yet,
constants, and the amounts of a line as Odoo's tax engine rounds them) and one COPY helper
(``pg_copy.Table``). Each writer computes exactly the columns Odoo stores for its table;
``tests/test_demo_generator.py`` compares them with the ORM's rows column by column.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from odoo.tools import SQL, float_round

from .pg_copy import Table, reserve_ids
from .plan import TOWNS, plan_lines


class BulkContext:
    """What every table writer needs: the plan, the setup, reserved ids and constants."""

    def __init__(self, env, plan, setup, progress):
        self.env, self.plan, self.setup, self.progress = env, plan, setup, progress
        self.company, self.tax, self.journal = setup["company"], setup["tax"], setup["journal"]
        self.currency = self.company.currency_id
        self.term = setup["term"]
        self.uom_id = env.ref("uom.product_uom_unit").id
        customers, orders = plan["customers"], plan["orders"]
        self.company_ids = reserve_ids(env, "res_partner", len(customers))
        branch_ids = reserve_ids(env, "res_partner", sum(len(c["branches"]) for c in customers))
        self.branch_id_of = {}
        ids = iter(branch_ids)
        for idx, customer in enumerate(customers):
            for b in range(len(customer["branches"])):
                self.branch_id_of[idx, b] = next(ids)
        self.tmpl_ids = reserve_ids(env, "product_template", len(plan["products"]))
        self.prod_ids = reserve_ids(env, "product_product", len(plan["products"]))
        self.names_of = {p["code"]: f"[{p['code']}] {p['name']}" for p in plan["products"]}
        self.so_ids = reserve_ids(env, "sale_order", len(orders))
        self.so_names = _sequence_names(env, _sale_sequence(env, self.company), orders)
        sol_ids = iter(reserve_ids(env, "sale_order_line", sum(len(o["lines"]) for o in orders)))
        self.sol_id_of = {
            (o_idx, n): next(sol_ids)
            for o_idx, order in enumerate(orders)
            for n in range(len(order["lines"]))
        }
        self.refunded = defaultdict(float)  # (order idx, line idx) -> qty
        for refund in plan["refunds"]:
            for line_idx, qty in refund["lines"]:
                self.refunded[refund["order"], line_idx] += qty
        # (move type, order idx, date, [(line idx, qty)]): invoices, then credit notes
        self.moves = [
            (
                "out_invoice",
                o_idx,
                order["invoice_date"],
                [(n, ln[1]) for n, ln in enumerate(order["lines"])],
            )
            for o_idx, order in enumerate(orders)
        ] + [("out_refund", r["order"], r["date"], r["lines"]) for r in plan["refunds"]]
        self.move_ids = reserve_ids(env, "account_move", len(self.moves))
        self.move_names = _move_names(env, self.journal, self.moves)
        self.amounts = _tax_amounts_factory(env, self.company, self.tax)
        self._due_dates = {}

    def ordering_partner(self, order):
        """The customer (or branch) that placed the order and receives it."""
        if order["branch"] is not None:
            return self.branch_id_of[order["customer"], order["branch"]]
        return self.company_ids[order["customer"]]

    def due_date(self, day):
        if day not in self._due_dates:
            self._due_dates[day] = self.term.line_ids[:1]._get_due_date(day) if self.term else day
        return self._due_dates[day]

    def move_totals(self, order, move_lines):
        """(untaxed, tax, total) of a move, rounded as Odoo rounds them."""
        untaxed = tax_total = 0.0
        for n, qty in move_lines:
            _p_idx, _q, price, discount = order["lines"][n]
            subtotal, _total, line_tax = self.amounts(price, qty, discount)[:3]
            untaxed += subtotal
            tax_total += line_tax
        untaxed = self.currency.round(untaxed)
        tax_total = self.currency.round(tax_total)
        return untaxed, tax_total, self.currency.round(untaxed + tax_total)

    def reversal_ref(self, move_type, o_idx):
        """The reference of a credit note: the name of the invoice of its order."""
        return f"Reversal of: {self.move_names[o_idx][0]}" if move_type == "out_refund" else None


def write_bulk(env, plan, setup, progress):
    env = env(context=dict(env.context, **setup["ctx"]))
    ctx = BulkContext(env, plan, setup, progress)
    for writer in (
        write_res_partner,
        write_product_template,
        write_product_product,
        write_sale_order,
        write_sale_order_line,
        write_account_move,
        write_account_move_line,
    ):
        writer(ctx)
    env.invalidate_all()
    env.flush_all()  # runs the computes of fields other addons added
    partners = env["res.partner"].browse(ctx.company_ids + list(ctx.branch_id_of.values()))
    if hasattr(partners, "_wiseparts_assign_territories"):  # wiseparts_territory installed
        # what its create() does for partners created through the ORM
        partners._wiseparts_assign_territories()
    return {
        "customers": len(plan["customers"]),
        "branches": len(ctx.branch_id_of),
        "products": len(plan["products"]),
        "sale_orders": len(plan["orders"]),
        "invoices": len(plan["orders"]),
        "credit_notes": len(plan["refunds"]),
        "invoice_lines": plan_lines(plan),
    }


# ---------------------------------------------------------------------------
# One writer per table
# ---------------------------------------------------------------------------
PARTNER_COLUMNS = [
    "name",
    "ref",
    "street",
    "zip",
    "city",
    "country_id",
    "partner_latitude",
    "partner_longitude",
    "user_id",
    "team_id",
    "is_company",
    "vat",
    "phone",
    "customer_status",
    "temperature",
    "discount_percent",
    "type",
    "is_branch",
    "parent_id",
    "commercial_partner_id",
    "complete_name",
    "commercial_company_name",
    "partner_share",
    "customer_rank",
    "lang",
    "tz",
    "active",
]


def write_res_partner(ctx):
    """Customer companies (with their tags) and their branches."""
    customers, orders, setup = ctx.plan["customers"], ctx.plan["orders"], ctx.setup
    # customer_rank: 1 at creation (a customer, see demo_data), then one per invoice and credit note
    rank = defaultdict(lambda: 1)
    for order in orders:
        rank[order["customer"]] += 1
    for refund in ctx.plan["refunds"]:
        rank[orders[refund["order"]]["customer"]] += 1
    table = Table(ctx.env, "res.partner", PARTNER_COLUMNS)
    country_id = setup["country_id"]

    def address(partner):
        town = TOWNS[partner["town"]]
        user_id, team_id = setup["reps"][partner["rep"]]
        street, lat, lon = partner["street"], partner["lat"], partner["lon"]
        return street, town[1], town[0], country_id, lat, lon, user_id, team_id

    for idx, customer in enumerate(customers):
        company_id, name = ctx.company_ids[idx], customer["name"]
        table.add(
            company_id,
            name,
            customer["ref"],
            *address(customer),
            True,
            customer["vat"],
            customer["phone"],
            customer["status"],
            customer["temperature"],
            float(customer["discount"]),
            "contact",
            None,
            None,
            company_id,
            name,
            name,
            True,
            rank[idx],
            "en_US",
            "Europe/Paris",
            True,
        )
        table.link("category_id", company_id, [setup["tag_ids"][t] for t in customer["tags"]])
    for idx, customer in enumerate(customers):
        company_id, name = ctx.company_ids[idx], customer["name"]
        for b, branch in enumerate(customer["branches"]):
            table.add(
                ctx.branch_id_of[idx, b],
                branch["name"],
                branch["ref"],
                *address(branch),
                False,
                customer["vat"],
                None,
                "current",
                None,
                float(branch["discount"] or 0.0),
                "delivery",
                True,
                company_id,
                company_id,
                f"{name}, {branch['name']}",
                name,
                True,
                0,
                "en_US",
                "Europe/Paris",
                True,
            )
    table.flush()
    ctx.progress("customers", len(customers), len(customers))
    ctx.progress("branches", len(ctx.branch_id_of), len(ctx.branch_id_of))


def write_product_template(ctx):
    table = Table(
        ctx.env,
        "product.template",
        [
            "name",
            "default_code",
            "type",
            "categ_id",
            "brand_id",
            "list_price",
            "uom_id",
            "uom_po_id",
            "sale_ok",
            "purchase_ok",
            "active",
            "service_tracking",
            "expense_policy",
        ],
    )
    setup = ctx.setup
    for idx, product in enumerate(ctx.plan["products"]):
        table.add(
            ctx.tmpl_ids[idx],
            {"en_US": product["name"]},
            product["code"],
            "consu",
            setup["categ_ids"][product["categ"]],
            setup["brand_ids"][product["brand"]],
            product["price"],
            ctx.uom_id,
            ctx.uom_id,
            True,
            True,
            True,
            "no",
            "no",
        )
    table.flush()


def write_product_product(ctx):
    table = Table(
        ctx.env,
        "product.product",
        [
            "product_tmpl_id",
            "default_code",
            "barcode",
            "standard_price",
            "combination_indices",
            "active",
        ],
    )
    company_key = str(ctx.company.id)
    products = ctx.plan["products"]
    for idx, product in enumerate(products):
        table.add(
            ctx.prod_ids[idx],
            ctx.tmpl_ids[idx],
            product["code"],
            product["barcode"],
            {company_key: product["cost"]},
            "",
            True,
        )
    table.flush()
    ctx.progress("products", len(products), len(products))


def write_sale_order(ctx):
    """Confirmed orders, invoiced once (``to invoice`` again where lines were returned)."""
    table = Table(
        ctx.env,
        "sale.order",
        [
            "name",
            "company_id",
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "payment_term_id",
            "currency_id",
            "user_id",
            "team_id",
            "state",
            "invoice_status",
            "date_order",
            "validity_date",
            "currency_rate",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
        ],
        fixed=_sale_order_constants(ctx.env, ctx.company),
    )
    currency, term = ctx.currency, ctx.term
    for o_idx, order in enumerate(ctx.plan["orders"]):
        untaxed = total = 0.0
        for _p_idx, qty, price, discount in order["lines"]:
            subtotal, line_total = ctx.amounts(price, qty, discount)[:2]
            untaxed += subtotal
            total += line_total
        returned = any((o_idx, n) in ctx.refunded for n in range(len(order["lines"])))
        ordering = ctx.ordering_partner(order)
        user_id, team_id = ctx.setup["reps"][order["rep"]]
        untaxed, total = currency.round(untaxed), currency.round(total)
        table.add(
            ctx.so_ids[o_idx],
            ctx.so_names[o_idx],
            ctx.company.id,
            ordering,
            ctx.company_ids[order["customer"]],
            ordering,
            term.id if term else None,
            currency.id,
            user_id,
            team_id,
            "sale",
            "to invoice" if returned else "invoiced",
            datetime.combine(order["date"], datetime.min.time()) + timedelta(hours=order["hour"]),
            order["date"] + timedelta(days=30),
            1.0,
            untaxed,
            currency.round(total - untaxed),
            total,
        )
    table.flush()
    ctx.progress("sale orders", len(ctx.plan["orders"]), len(ctx.plan["orders"]))


def write_sale_order_line(ctx):
    fixed = {"qty_delivered": 0.0, "analytic_distribution": None}
    if not ctx.env["product.packaging"].search_count([], limit=1):
        fixed |= {"product_packaging_id": None, "product_packaging_qty": 0.0}
    table = Table(
        ctx.env,
        "sale.order.line",
        [
            "order_id",
            "sequence",
            "company_id",
            "currency_id",
            "order_partner_id",
            "salesman_id",
            "product_id",
            "product_uom",
            "state",
            "invoice_status",
            "name",
            "product_uom_qty",
            "price_unit",
            "discount",
            "price_subtotal",
            "price_total",
            "price_tax",
            "price_reduce_taxexcl",
            "price_reduce_taxinc",
            "qty_invoiced",
            "qty_to_invoice",
            "untaxed_amount_invoiced",
            "untaxed_amount_to_invoice",
            "technical_price_unit",
            "qty_delivered_method",
            "customer_lead",
        ],
        fixed=fixed,
    )
    currency, products = ctx.currency, ctx.plan["products"]
    for o_idx, order in enumerate(ctx.plan["orders"]):
        ordering = ctx.ordering_partner(order)
        user_id, _team_id = ctx.setup["reps"][order["rep"]]
        for n, (p_idx, qty, price, discount) in enumerate(order["lines"]):
            subtotal, line_total = ctx.amounts(price, qty, discount)[:2]
            back = ctx.refunded.get((o_idx, n), 0.0)
            invoiced_amount = subtotal - (ctx.amounts(price, back, discount)[0] if back else 0.0)
            price_reduce = price * (1 - (discount or 0.0) / 100.0)
            sol_id = ctx.sol_id_of[o_idx, n]
            table.add(
                sol_id,
                ctx.so_ids[o_idx],
                10 * (n + 1),
                ctx.company.id,
                currency.id,
                ordering,
                user_id,
                ctx.prod_ids[p_idx],
                ctx.uom_id,
                "sale",
                "to invoice" if back else "invoiced",
                ctx.names_of[products[p_idx]["code"]],
                qty,
                price,
                float(discount),
                subtotal,
                line_total,
                line_total - subtotal,
                _digits(subtotal / qty),
                _digits(line_total / qty),
                qty - back,
                back,
                currency.round(invoiced_amount),
                currency.round(price_reduce * qty - invoiced_amount),
                price,
                "manual",
                0.0,
            )
            table.link("tax_id", sol_id, [ctx.tax.id])
    table.flush()


def write_account_move(ctx):
    """Posted, unpaid customer invoices and credit notes."""
    table = Table(
        ctx.env,
        "account.move",
        [
            "name",
            "sequence_prefix",
            "sequence_number",
            "journal_id",
            "company_id",
            "invoice_payment_term_id",
            "partner_id",
            "commercial_partner_id",
            "partner_shipping_id",
            "partner_bank_id",
            "currency_id",
            "invoice_user_id",
            "team_id",
            "state",
            "move_type",
            "payment_reference",
            "payment_state",
            "invoice_partner_display_name",
            "invoice_origin",
            "date",
            "invoice_date",
            "invoice_date_due",
            "invoice_currency_rate",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "amount_residual",
            "amount_untaxed_signed",
            "amount_untaxed_in_currency_signed",
            "amount_tax_signed",
            "amount_total_signed",
            "amount_total_in_currency_signed",
            "amount_residual_signed",
            "checked",
            "posted_before",
            "ref",
            "auto_post",
            "is_manually_modified",
        ],
        fixed=dict.fromkeys(
            [
                "auto_post_until",
                "delivery_date",
                "fiscal_position_id",
                "preferred_payment_method_line_id",
                "narration",
                "incoterm_location",
            ]
        )
        | {"is_storno": False, "always_tax_exigible": False, "made_sequence_gap": False},
    )
    company = ctx.company
    bank = company.partner_id.bank_ids.filtered(
        lambda b: not b.company_id or b.company_id == company
    ).sorted(lambda b: not b.allow_out_payment)[:1]
    orders, customers = ctx.plan["orders"], ctx.plan["customers"]
    for m_idx, (move_type, o_idx, inv_date, move_lines) in enumerate(ctx.moves):
        order = orders[o_idx]
        cust_id = ctx.company_ids[order["customer"]]
        user_id, team_id = ctx.setup["reps"][order["rep"]]
        refund = move_type == "out_refund"
        name, prefix, number = ctx.move_names[m_idx]
        untaxed, tax_total, total = ctx.move_totals(order, move_lines)
        sign = -1 if refund else 1
        table.add(
            ctx.move_ids[m_idx],
            name,
            prefix,
            number,
            ctx.journal.id,
            company.id,
            ctx.term.id if ctx.term else None,
            cust_id,
            cust_id,
            ctx.ordering_partner(order),
            None if refund else bank.id or None,
            ctx.currency.id,
            user_id,
            team_id,
            "posted",
            move_type,
            None if refund else name,
            "not_paid",
            customers[order["customer"]]["name"],
            ctx.so_names[o_idx],
            inv_date,
            inv_date,
            ctx.due_date(inv_date),
            1.0,
            untaxed,
            tax_total,
            total,
            total,
            sign * untaxed,
            sign * untaxed,
            sign * tax_total,
            sign * total,
            sign * total,
            sign * total,
            True,
            True,
            ctx.reversal_ref(move_type, o_idx),
            "no",
            False,
        )
    table.flush()


MOVE_LINE_COLUMNS = [
    "move_id",
    "journal_id",
    "company_id",
    "company_currency_id",
    "sequence",
    "account_id",
    "currency_id",
    "partner_id",
    "product_id",
    "product_uom_id",
    "move_name",
    "parent_state",
    "name",
    "display_type",
    "date",
    "invoice_date",
    "date_maturity",
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "amount_residual",
    "amount_residual_currency",
    "quantity",
    "price_unit",
    "price_subtotal",
    "ref",
    "price_total",
    "discount",
    "tax_line_id",
    "tax_group_id",
    "tax_repartition_line_id",
    "tax_base_amount",
    "tax_tag_invert",
    "reconciled",
    "discount_amount_currency",
    "discount_balance",
]


def write_account_move_line(ctx):
    """Per move: one line per product, one tax line and one receivable line."""
    table = Table(
        ctx.env,
        "account.move.line",
        MOVE_LINE_COLUMNS,
        fixed=dict.fromkeys(
            ["analytic_distribution", "payment_id", "statement_line_id", "statement_id"]
        ),
    )
    moves, orders, products = ctx.moves, ctx.plan["orders"], ctx.plan["products"]
    receivable_id, income_of, tax_rep = _accounts(ctx)
    currency, tax, journal_id, company_id = ctx.currency, ctx.tax, ctx.journal.id, ctx.company.id
    aml_ids = iter(reserve_ids(ctx.env, "account_move_line", sum(len(m[3]) + 2 for m in moves)))

    def line(
        move, aml_id, sequence, account_id, product, label, kind, due, balance, residual, *rest
    ):
        """Add a journal item of move; rest: the columns after amount_residual_currency."""
        move_id, partner_id, move_name, inv_date = move
        table.add(
            aml_id,
            move_id,
            journal_id,
            company_id,
            currency.id,
            sequence,
            account_id,
            currency.id,
            partner_id,
            *product,
            move_name,
            "posted",
            label,
            kind,
            inv_date,
            inv_date,
            due,
            max(balance, 0.0),
            max(-balance, 0.0),
            balance,
            balance,
            residual,
            residual,
            *rest,
        )

    done = 0
    for m_idx, (move_type, o_idx, inv_date, move_lines) in enumerate(moves):
        order = orders[o_idx]
        move_id = ctx.move_ids[m_idx]
        cust_id = ctx.company_ids[order["customer"]]
        refund = move_type == "out_refund"
        sign = 1 if refund else -1  # sign of product/tax balances
        name = ctx.move_names[m_idx][0]
        rep_id, tax_account, tax_tags, base_tags = tax_rep["refund" if refund else "invoice"]
        ref = ctx.reversal_ref(move_type, o_idx)
        untaxed, tax_total, total = ctx.move_totals(order, move_lines)
        move = (move_id, cust_id, name, inv_date)
        for n, qty in move_lines:
            p_idx, _q, price, discount = order["lines"][n]
            subtotal, line_total = ctx.amounts(price, qty, discount)[:2]
            aml_id = next(aml_ids)
            product = products[p_idx]
            line(
                move,
                aml_id,
                10 * (n + 1),
                income_of[ctx.setup["categ_ids"][product["categ"]]],
                (ctx.prod_ids[p_idx], ctx.uom_id),
                ctx.names_of[product["code"]],
                "product",
                None,
                sign * subtotal,
                0.0,
                qty,
                price,
                subtotal,
                ref,
                line_total,
                float(discount),
                None,
                None,
                None,
                None,
                not refund,
                False,
                None,
                None,
            )
            table.link("tax_ids", aml_id, [tax.id])
            table.link("sale_line_ids", aml_id, [ctx.sol_id_of[o_idx, n]])
            table.link("tax_tag_ids", aml_id, base_tags)
        aml_id = next(aml_ids)
        line(
            move,
            aml_id,
            10000,
            tax_account,
            (None, None),
            tax.name,
            "tax",
            None,
            sign * tax_total,
            0.0,
            0.0,
            0.0,
            0.0,
            ref,
            0.0,
            0.0,
            tax.id,
            tax.tax_group_id.id,
            rep_id,
            untaxed,
            not refund,
            False,
            None,
            None,
        )
        table.link("tax_tag_ids", aml_id, tax_tags)
        line(
            move,
            next(aml_ids),
            12000,
            receivable_id,
            (None, None),
            None if refund else name,
            "payment_term",
            ctx.due_date(inv_date),
            -sign * total,
            -sign * total,
            0.0,
            0.0,
            0.0,
            ref,
            0.0,
            0.0,
            None,
            None,
            None,
            None,
            False,
            False,
            0.0,
            0.0,
        )
        done += len(move_lines)
        if m_idx % 5000 == 0 or m_idx == len(moves) - 1:
            ctx.progress("invoices", done, plan_lines(ctx.plan))
    table.flush()


# ---------------------------------------------------------------------------
# Constants and amounts
# ---------------------------------------------------------------------------
def _accounts(ctx):
    """(receivable account, income account per category, tax repartition per document)."""
    env, company, products = ctx.env, ctx.company, ctx.plan["products"]
    first_partner = env["res.partner"].browse(ctx.company_ids[0]).with_company(company)
    receivable_id = first_partner.property_account_receivable_id.id
    income_of = {}
    for path, categ_id in ctx.setup["categ_ids"].items():
        sample = next(
            (t for t, p in zip(ctx.tmpl_ids, products, strict=True) if p["categ"] == path), None
        )
        if sample:
            template = env["product.template"].browse(sample).with_company(company)
            income = template._get_product_accounts()["income"]
            income_of[categ_id] = (income or ctx.journal.default_account_id).id
    tax_rep = {}
    for doc, rep_lines in (
        ("invoice", ctx.tax.invoice_repartition_line_ids),
        ("refund", ctx.tax.refund_repartition_line_ids),
    ):
        tax_line = rep_lines.filtered(lambda r: r.repartition_type == "tax")
        base_line = rep_lines.filtered(lambda r: r.repartition_type == "base")
        tax_rep[doc] = (
            tax_line.id,
            tax_line.account_id.id,
            tax_line.tag_ids.ids,
            base_line.tag_ids.ids,
        )
    return receivable_id, income_of, tax_rep


def _sale_sequence(env, company):
    return env["ir.sequence"].search(
        [("code", "=", "sale.order"), ("company_id", "in", (company.id, False))],
        order="company_id",
        limit=1,
    )


def _tax_amounts_factory(env, company, tax):
    """(price_unit, qty, discount) -> (subtotal, total, tax), as Odoo's tax engine rounds."""
    AccountTax = env["account.tax"]
    currency = company.currency_id
    cache = {}

    def amounts(price_unit, qty, discount):
        key = (price_unit, qty, discount)
        if key not in cache:
            base_line = AccountTax._prepare_base_line_for_taxes_computation(
                None,
                price_unit=price_unit,
                quantity=qty,
                discount=discount,
                tax_ids=tax,
                currency_id=currency,
            )
            AccountTax._add_tax_details_in_base_line(base_line, company)
            details = base_line["tax_details"]
            subtotal = currency.round(details["raw_total_excluded_currency"])
            total = currency.round(details["raw_total_included_currency"])
            AccountTax._round_base_lines_tax_details([base_line], company)
            tax_amount = sum(t["tax_amount_currency"] for t in details["taxes_data"])
            cache[key] = (subtotal, total, tax_amount)
        return cache[key]

    return amounts


def _sale_order_constants(env, company):
    """Values Odoo's sale.order computes that are the same for every generated order.

    Pricelist, fiscal position and terms are constant (empty) only when the database has
    no pricelist, no fiscal position and no invoice terms; otherwise the ORM recomputes them.
    """
    fixed = {
        "require_signature": company.portal_confirmation_sign,
        "require_payment": company.portal_confirmation_pay,
        "prepayment_percent": company.prepayment_percent,
        "journal_id": None,
        "sale_order_template_id": company.sale_order_template_id.id or None,
    }
    if not env["product.pricelist"].search_count([], limit=1):
        fixed["pricelist_id"] = None
    if not env["account.fiscal.position"].search_count([], limit=1):
        fixed["fiscal_position_id"] = None
    if not env["ir.config_parameter"].sudo().get_param("account.use_invoice_terms"):
        fixed["note"] = None
    return fixed


def _digits(value):
    return float_round(value, precision_digits=2)


def _sequence_names(env, sequence, orders):
    """Names the sale order sequence gives to ``orders`` (and consumes them)."""
    if not orders:
        return []
    names = []
    if sequence.implementation == "standard":
        env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                len(orders),
            )
        )
        numbers = [row[0] for row in env.cr.fetchall()]
    else:
        numbers = [sequence.number_next + i for i in range(len(orders))]
        sequence.sudo().number_next = sequence.number_next + len(orders)
    affixes = {}
    for order, number in zip(orders, numbers, strict=True):
        if order["date"] not in affixes:
            affixes[order["date"]] = sequence._get_prefix_suffix(
                date=order["date"], date_range=order["date"]
            )
        prefix, suffix = affixes[order["date"]]
        names.append(f"{prefix}{number:0{sequence.padding}d}{suffix}")
    return names


def _move_names(env, journal, moves):
    """(name, sequence_prefix, sequence_number) per move, continuing the journal's yearly
    sequences (``INV/2025/00001``, ``RINV/2025/00001`` when refunds have their own)."""
    last = {}
    out = []
    for move_type, _o, inv_date, _lines in moves:
        code = journal.code
        if move_type == "out_refund" and journal.refund_sequence:
            code = "R" + code
        prefix = f"{code}/{inv_date.year}/"
        if prefix not in last:
            env.cr.execute(
                SQL(
                    "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move "
                    "WHERE journal_id = %s AND sequence_prefix = %s",
                    journal.id,
                    prefix,
                )
            )
            last[prefix] = env.cr.fetchone()[0]
        last[prefix] += 1
        out.append((f"{prefix}{last[prefix]:05d}", prefix, last[prefix]))
    return out
