"""Demo data: a believable B2B auto-parts distributor, deterministic for a seed.

``generate(env, ...)`` first draws a *plan* (plain Python data: customers, branches,
products, orders, invoice and credit-note lines) from ``random.Random(seed)`` and a fixed
base date, then writes it either through the ORM (``create(vals_list)`` and ``action_post``
in batches) or, with ``bulk=True``, through PostgreSQL ``COPY`` for benchmark sizes.

The bulk writer writes the rows the ORM writes for the same plan: posted, balanced customer
invoices and credit notes whose amounts, taxes, sequence names, receivable lines, partner
ranks... are computed the way Odoo computes them for a simple percent tax (the company's
default sales tax) in the company currency.  ``tests/test_demo_generator.py`` proves it on
a small size by comparing the rows of both writers column by column. The plan is
``plan.py``, the COPY writers (one per table) ``bulk.py``, their COPY helper ``pg_copy.py``.

What it writes: brands, product categories, partner tags, one salesperson (a user in
Sales / User: Own Documents Only) with a sales team per area, customer companies with
customer IDs (``ref`` C000001...), VAT numbers for most, GPS coordinates around Lyon,
WiseParts status/temperature/discount, branches (child partners, ``is_branch``, own
address, GPS and salesperson), an auto-parts catalogue with brands, costs and EAN-13
barcodes, and ``months`` months of confirmed sale orders, each invoiced once (posted,
30-day payment term) - orders of branches are shipped to the branch and invoiced to the
company - plus credit notes for some returned lines.
Then, in both modes, the field team's activity (``activity_data.py``): activity types with
report forms, three months of done visits and calls, visits planned for the next two weeks,
open tasks, and the orders credited to the visits and calls before them.

Decisions: mail tracking is disabled in both modes (``tracking_disable``), as for any data
import, so the documents carry no chatter messages or followers; invoices stay unpaid and
credit notes are not linked with ``reversed_entry_id`` (their reference names the invoice)
because Odoo would then reconcile them, which the bulk writer does not reproduce.
"""

import sys
import time
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError

from .activity_data import write_activities
from .bulk import write_bulk
from .pg_copy import create_indexes, drop_indexes
from .plan import DEFAULTS, TOWNS, make_plan, plan_lines

__all__ = ["DEFAULTS", "generate", "make_plan", "plan_lines", "progress_printer"]

# Bulk loads of this many invoice lines or more drop the non-unique indexes of the big
# tables and build them again after the COPY: much faster than growing them row by row.
REBUILD_INDEXES_FROM = 100000
BULK_TABLES = ["res_partner", "sale_order", "sale_order_line", "account_move", "account_move_line"]
BATCH = 500
# The demo sales manager: sees every customer and the call-centre statistics; their WiseParts
# dashboard starts as the default manager dashboard.
MANAGER = {"name": "Claire Morel", "login": "wp.demo.manager"}
MANAGER_GROUPS = (
    "sales_team.group_sale_salesman_all_leads",
    "wiseparts_activities.group_callcenter_manager",
)


def progress_printer(label_width=12):
    """A ``progress(stage, done, total)`` callback printing one line per step."""
    started = time.monotonic()

    def progress(stage, done, total):
        percent = 100.0 * done / total if total else 100.0
        sys.stdout.write(
            f"[wiseparts-demo] {stage:<{label_width}} {done:>9}/{total:<9} "
            f"{percent:5.1f}%  {time.monotonic() - started:7.1f}s\n"
        )
        sys.stdout.flush()

    return progress


# ---------------------------------------------------------------------------
# Shared setup (small, always through the ORM)
# ---------------------------------------------------------------------------
def _setup(env, plan):
    company = env.company
    tax = company.account_sale_tax_id
    if not tax or tax.amount_type != "percent" or tax.price_include or tax.children_tax_ids:
        raise UserError(
            env._(
                "Company %(company)s needs a default sales tax that is a simple percent tax "
                "excluded from the price to generate demo invoices.",
                company=company.display_name,
            )
        )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        raise UserError(
            env._("Company %(company)s has no sales journal.", company=company.display_name)
        )
    first_ref = plan["customers"][0]["ref"]
    if env["res.partner"].with_context(active_test=False).search_count([("ref", "=", first_ref)]):
        raise UserError(
            env._(
                "Demo customers already exist in this database (customer reference %(ref)s): "
                "generate demo data into a fresh database.",
                ref=first_ref,
            )
        )
    term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
    ctx = {
        "tracking_disable": True,
        "mail_create_nolog": True,
        "mail_create_nosubscribe": True,
        "mail_notrack": True,
    }

    brands = env["wiseparts.brand"].with_context(active_test=False)
    existing = {b.name: b for b in brands.search([("name", "in", plan["brands"])])}
    missing = [{"name": n} for n in plan["brands"] if n not in existing]
    for brand in brands.with_context(**ctx).create(missing):
        existing[brand.name] = brand
    brand_ids = [existing[n].id for n in plan["brands"]]

    Category = env["product.category"].with_context(**ctx)
    categ_ids = {}
    for path in plan["categories"]:
        parent = Category.browse()
        for part in [p.strip() for p in path.split("/")]:
            found = Category.search(
                [("name", "=", part), ("parent_id", "=", parent.id or False)], limit=1
            )
            parent = found or Category.create({"name": part, "parent_id": parent.id})
        categ_ids[path] = parent.id

    Tag = env["res.partner.category"].with_context(**ctx)
    tag_ids = []
    for name in plan["tags"]:
        tag = Tag.search([("name", "=", name)], limit=1) or Tag.create({"name": name})
        tag_ids.append(tag.id)

    Users = env["res.users"].with_context(**ctx, no_reset_password=True)
    salesman = env.ref("sales_team.group_sale_salesman")
    reps = []
    for rep in plan["reps"]:
        user = Users.with_context(active_test=False).search([("login", "=", rep["login"])])
        if not user:
            user = Users.create(
                {
                    "name": rep["name"],
                    "login": rep["login"],
                    "email": f"{rep['login']}@example.com",
                    # demo addresses: notifications (assigned tasks) stay in Odoo's inbox
                    "notification_type": "inbox",
                    "groups_id": [Command.link(salesman.id)],
                }
            )
        team = env["crm.team"].with_context(**ctx).search(
            [("user_id", "=", user.id), ("company_id", "in", (company.id, False))], limit=1
        ) or env["crm.team"].with_context(**ctx).create(
            {
                "name": f"Team {rep['name']}",
                "user_id": user.id,
                "company_id": company.id,
                "member_ids": [Command.link(user.id)],
            }
        )
        reps.append((user.id, team.id))
    manager = _manager(Users)
    return {
        "company": company,
        "tax": tax,
        "journal": journal,
        "term": term,
        "brand_ids": brand_ids,
        "categ_ids": categ_ids,
        "tag_ids": tag_ids,
        "reps": reps,
        "manager": manager,
        "country_id": env.ref("base.fr").id,
        "ctx": ctx,
    }


def _manager(Users):
    """The demo sales manager and their WiseParts dashboard (the manager's default layout)."""
    env = Users.env
    manager = Users.with_context(active_test=False).search([("login", "=", MANAGER["login"])])
    if not manager:
        manager = Users.create(
            {
                **MANAGER,
                "email": f"{MANAGER['login']}@example.com",
                # demo only, published in readme/USAGE.md: to log in and see the dashboard
                "password": MANAGER["login"],
                "notification_type": "inbox",
                "groups_id": [Command.link(env.ref(xmlid).id) for xmlid in MANAGER_GROUPS],
            }
        )
    env["wiseparts.dashboard.layout"].with_user(manager)._my_layout()
    return manager


# ---------------------------------------------------------------------------
# ORM writer
# ---------------------------------------------------------------------------
def _partner_vals(plan_partner, setup, country_id):
    town = TOWNS[plan_partner["town"]]
    user_id, team_id = setup["reps"][plan_partner["rep"]]
    return {
        "ref": plan_partner["ref"],
        "street": plan_partner["street"],
        "zip": town[1],
        "city": town[0],
        "country_id": country_id,
        "partner_latitude": plan_partner["lat"],
        "partner_longitude": plan_partner["lon"],
        "user_id": user_id,
        "team_id": team_id,
    }


def _customer_vals(setup, plan):
    """vals for companies, then vals for branches (parent filled later)."""
    companies, branches = [], []
    for customer in plan["customers"]:
        vals = _partner_vals(customer, setup, setup["country_id"])
        vals.update(
            {
                "name": customer["name"],
                "is_company": True,
                "customer_rank": 1,  # listed on the Customers page before any invoice
                "vat": customer["vat"],
                "phone": customer["phone"],
                "customer_status": customer["status"],
                "temperature": customer["temperature"],
                "discount_percent": customer["discount"],
                "category_id": [Command.set([setup["tag_ids"][t] for t in customer["tags"]])],
            }
        )
        companies.append(vals)
        for branch in customer["branches"]:
            bvals = _partner_vals(branch, setup, setup["country_id"])
            bvals.update(
                {
                    "name": branch["name"],
                    "type": "delivery",
                    "is_branch": True,
                    "customer_status": "current",
                    "discount_percent": branch["discount"] or 0.0,
                }
            )
            branches.append(bvals)
    return companies, branches


def _product_vals(setup, plan):
    return [
        {
            "name": product["name"],
            "default_code": product["code"],
            "barcode": product["barcode"],
            "type": "consu",
            "categ_id": setup["categ_ids"][product["categ"]],
            "brand_id": setup["brand_ids"][product["brand"]],
            "list_price": product["price"],
            "standard_price": product["cost"],
            "taxes_id": [Command.set(setup["tax"].ids)],
        }
        for product in plan["products"]
    ]


def _write_orm(env, plan, setup, progress):
    env = env(context=dict(env.context, **setup["ctx"]))
    Partner = env["res.partner"]
    companies_vals, branches_vals = _customer_vals(setup, plan)
    partners = Partner.browse()
    for start in range(0, len(companies_vals), BATCH):
        partners |= Partner.create(companies_vals[start : start + BATCH])
        progress("customers", len(partners), len(companies_vals))
    i = 0
    for cust_idx, customer in enumerate(plan["customers"]):
        for _branch in customer["branches"]:
            branches_vals[i]["parent_id"] = partners[cust_idx].id
            i += 1
    branches = Partner.browse()
    for start in range(0, len(branches_vals), BATCH):
        branches |= Partner.create(branches_vals[start : start + BATCH])
    progress("branches", len(branches), len(branches_vals))
    branch_of = {}
    i = 0
    for cust_idx, customer in enumerate(plan["customers"]):
        for b in range(len(customer["branches"])):
            branch_of[cust_idx, b] = branches[i]
            i += 1

    Template = env["product.template"]
    product_vals = _product_vals(setup, plan)
    templates = Template.browse()
    for start in range(0, len(product_vals), BATCH):
        templates |= Template.create(product_vals[start : start + BATCH])
        progress("products", len(templates), len(product_vals))
    products = [t.product_variant_id for t in templates]

    SaleOrder = env["sale.order"]
    Move = env["account.move"]
    orders = plan["orders"]
    term_id = setup["term"].id if setup["term"] else False
    invoices = Move.browse()
    sale_lines_of = []
    total_lines = sum(len(o["lines"]) for o in orders) + sum(
        len(r["lines"]) for r in plan["refunds"]
    )
    done_lines = 0
    for start in range(0, len(orders), BATCH // 5):
        chunk = orders[start : start + BATCH // 5]
        so_vals = []
        for order in chunk:
            customer = partners[order["customer"]]
            ordering = (
                branch_of[order["customer"], order["branch"]]
                if order["branch"] is not None
                else customer
            )
            user_id, team_id = setup["reps"][order["rep"]]
            order_dt = datetime.combine(order["date"], datetime.min.time()) + timedelta(
                hours=order["hour"]
            )
            so_vals.append(
                {
                    "partner_id": ordering.id,
                    "partner_invoice_id": customer.id,
                    "partner_shipping_id": ordering.id,
                    "user_id": user_id,
                    "team_id": team_id,
                    "payment_term_id": term_id,
                    "date_order": order_dt,
                    "validity_date": order["date"] + timedelta(days=30),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[p].id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "discount": discount,
                                "tax_id": [Command.set(setup["tax"].ids)],
                                "sequence": 10 * (n + 1),
                            }
                        )
                        for n, (p, qty, price, discount) in enumerate(order["lines"])
                    ],
                }
            )
        sale_orders = SaleOrder.create(so_vals)
        # what action_confirm writes, but keeping the historical order date
        sale_orders.write({"state": "sale"})
        move_vals = []
        for order, sale_order in zip(chunk, sale_orders, strict=True):
            sale_lines_of.append(sale_order.order_line)
            move_vals.append(
                _move_vals(
                    order,
                    sale_order,
                    setup,
                    term_id,
                    "out_invoice",
                    order["invoice_date"],
                    [(sol, sol.product_uom_qty) for sol in sale_order.order_line],
                )
            )
        moves = Move.create(move_vals)
        moves.action_post()
        invoices |= moves
        done_lines += sum(len(o["lines"]) for o in chunk)
        progress("invoices", done_lines, total_lines)

    refunds = plan["refunds"]
    for start in range(0, len(refunds), BATCH // 5):
        chunk = refunds[start : start + BATCH // 5]
        move_vals = []
        for refund in chunk:
            order = orders[refund["order"]]
            invoice = invoices[refund["order"]]
            sale_lines = sale_lines_of[refund["order"]]
            vals = _move_vals(
                order,
                sale_lines.order_id,
                setup,
                term_id,
                "out_refund",
                refund["date"],
                [(sale_lines[idx], qty) for idx, qty in refund["lines"]],
            )
            # Not reversed_entry_id: Odoo would then reconcile the credit note with the
            # invoice, which the bulk writer does not reproduce. Both stay open.
            vals["ref"] = f"Reversal of: {invoice.name}"
            move_vals.append(vals)
        moves = Move.create(move_vals)
        moves.action_post()
        done_lines += sum(len(r["lines"]) for r in chunk)
        progress("credit notes", done_lines, total_lines)
    return {
        "customers": len(partners),
        "branches": len(branches),
        "products": len(templates),
        "sale_orders": len(orders),
        "invoices": len(invoices),
        "credit_notes": len(refunds),
        "invoice_lines": total_lines,
    }


def _move_vals(order, sale_order, setup, term_id, move_type, invoice_date, sale_lines):
    user_id, team_id = setup["reps"][order["rep"]]
    return {
        "move_type": move_type,
        "journal_id": setup["journal"].id,
        "partner_id": sale_order.partner_invoice_id.id,
        "partner_shipping_id": sale_order.partner_shipping_id.id,
        "invoice_date": invoice_date,
        "invoice_payment_term_id": term_id,
        "invoice_origin": sale_order.name,
        "invoice_user_id": user_id,
        "team_id": team_id,
        "invoice_line_ids": [
            Command.create(
                {
                    "sequence": sol.sequence,
                    "product_id": sol.product_id.id,
                    "quantity": qty,
                    "price_unit": sol.price_unit,
                    "discount": sol.discount,
                    "tax_ids": [Command.set(sol.tax_id.ids)],
                    "sale_line_ids": [Command.link(sol.id)],
                }
            )
            for sol, qty in sale_lines
        ],
    }


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------
def generate(
    env,
    seed=1,
    customers=None,
    products=None,
    months=None,
    lines=None,
    brands=None,
    bulk=False,
    progress=None,
    today=None,
):
    """Fill the database of ``env`` with demo data; return the counts created.

    Same ``seed``, sizes and ``today`` give the same data.  ``bulk`` writes customers,
    products, sale orders and invoices through ``COPY`` (benchmark sizes).
    """
    progress = progress or (lambda stage, done, total: None)
    started = time.monotonic()
    sizes = {"customers": customers, "products": products, "months": months, "brands": brands}
    for name, value in sizes.items():
        if value is not None and value < 1:
            raise UserError(
                env._(
                    "Demo data: %(name)s must be at least 1, not %(value)s.", name=name, value=value
                )
            )
    if lines is not None and lines < 0:
        raise UserError(env._("Demo data: lines cannot be negative (%(value)s).", value=lines))
    plan = make_plan(seed, customers, products, months, lines, brands, today)
    progress("plan", 1, 1)
    env = env(context=dict(env.context, lang="en_US", tz="Europe/Paris"))
    setup = _setup(env, plan)
    env.flush_all()
    if bulk:
        dropped = []
        if plan_lines(plan) >= REBUILD_INDEXES_FROM:
            dropped = drop_indexes(env, BULK_TABLES)
        counts = write_bulk(env, plan, setup, progress)
        if dropped:
            create_indexes(env, dropped, BULK_TABLES, progress)
    else:
        counts = _write_orm(env, plan, setup, progress)
    env.flush_all()
    counts.update(write_activities(env, plan, setup, seed, progress))
    env.flush_all()
    counts["brands"] = len(setup["brand_ids"])
    counts["salespeople"] = len(setup["reps"])
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts
