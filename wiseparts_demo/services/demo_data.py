"""Demo data: a believable B2B auto-parts distributor, deterministic for a seed.

``generate(env, ...)`` first draws a *plan* (plain Python data: customers, branches,
products, orders, invoice and credit-note lines) from ``random.Random(seed)`` and a fixed
base date, then writes it either through the ORM (``create(vals_list)`` and ``action_post``
in batches) or, with ``bulk=True``, through PostgreSQL ``COPY`` for benchmark sizes.

The bulk writer writes the rows the ORM writes for the same plan: posted, balanced customer
invoices and credit notes whose amounts, taxes, sequence names, receivable lines, partner
ranks... are computed the way Odoo computes them for a simple percent tax (the company's
default sales tax) in the company currency.  ``tests/test_demo_generator.py`` proves it on
a small size by comparing the rows of both writers column by column.

What it writes: brands, product categories, partner tags, one salesperson (a user in
Sales / User: Own Documents Only) with a sales team per area, customer companies with
customer IDs (``ref`` C000001...), VAT numbers for most, GPS coordinates around Lyon,
WiseParts status/temperature/discount, branches (child partners, ``is_branch``, own
address, GPS and salesperson), an auto-parts catalogue with brands, costs and EAN-13
barcodes, and ``months`` months of confirmed sale orders, each invoiced once (posted,
30-day payment term) - orders of branches are shipped to the branch and invoiced to the
company - plus credit notes for some returned lines.

Decisions: mail tracking is disabled in both modes (``tracking_disable``), as for any data
import, so the documents carry no chatter messages or followers; invoices stay unpaid and
credit notes are not linked with ``reversed_entry_id`` (their reference names the invoice)
because Odoo would then reconcile them, which the bulk writer does not reproduce.
"""

import io
import json
import math
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

DEFAULTS = {
    "customers": 250,
    "products": 400,
    "months": 24,
    "lines": 5000,
    "brands": 40,
}
REF_PREFIX = "C"
# Bulk loads of this many invoice lines or more drop the non-unique indexes of the big
# tables and build them again after the COPY: much faster than growing them row by row.
REBUILD_INDEXES_FROM = 100000
BULK_TABLES = ["res_partner", "sale_order", "sale_order_line", "account_move", "account_move_line"]
BATCH = 500

BRANDS = [
    "Bosch",
    "Valeo",
    "Brembo",
    "Mann-Filter",
    "Mahle",
    "NGK",
    "Denso",
    "Continental",
    "Febi Bilstein",
    "SKF",
    "Gates",
    "Dayco",
    "Sachs",
    "LuK",
    "Monroe",
    "Bilstein",
    "TRW",
    "ATE",
    "Ferodo",
    "Textar",
    "Hella",
    "Philips",
    "Osram",
    "Varta",
    "Exide",
    "Castrol",
    "Total",
    "Motul",
    "Purflux",
    "Knecht",
    "Lemforder",
    "Meyle",
    "Corteco",
    "Elring",
    "Victor Reinz",
    "INA",
    "Pierburg",
    "Delphi",
    "Magneti Marelli",
    "Champion",
]
BRAND_SYLLABLES = ["Auto", "Moto", "Tek", "Pro", "Flex", "Max", "Tor", "Vex", "Dyn", "Kor"]

# (category path, part names, price range, barcode share)
FAMILIES = [
    ("Braking / Brake pads", ["Brake pad set front", "Brake pad set rear"], (18, 95)),
    ("Braking / Brake discs", ["Brake disc vented", "Brake disc solid"], (25, 160)),
    ("Braking / Calipers", ["Brake caliper front left", "Brake caliper front right"], (60, 240)),
    ("Filters / Oil filters", ["Oil filter", "Oil filter cartridge"], (4, 22)),
    ("Filters / Air filters", ["Air filter", "Cabin air filter"], (6, 35)),
    ("Filters / Fuel filters", ["Fuel filter diesel", "Fuel filter petrol"], (9, 48)),
    ("Engine / Timing", ["Timing belt kit", "Timing chain kit", "Water pump"], (45, 320)),
    ("Engine / Ignition", ["Spark plug", "Glow plug", "Ignition coil"], (5, 85)),
    ("Engine / Gaskets", ["Cylinder head gasket", "Valve cover gasket"], (8, 120)),
    ("Suspension / Shock absorbers", ["Shock absorber front", "Shock absorber rear"], (35, 190)),
    ("Suspension / Springs", ["Coil spring front", "Coil spring rear"], (22, 110)),
    ("Steering / Rods", ["Tie rod end", "Steering rack boot", "Track control arm"], (12, 140)),
    ("Transmission / Clutch", ["Clutch kit", "Dual-mass flywheel", "Clutch bearing"], (70, 650)),
    ("Electrical / Batteries", ["Battery 60Ah", "Battery 74Ah", "Battery 95Ah AGM"], (65, 260)),
    (
        "Electrical / Lighting",
        ["Headlight bulb H7", "Headlight bulb H4", "LED tail lamp"],
        (4, 180),
    ),
    ("Electrical / Starters", ["Starter motor", "Alternator"], (110, 480)),
    ("Cooling / Radiators", ["Radiator", "Thermostat", "Cooling fan"], (15, 290)),
    ("Exhaust", ["Exhaust silencer", "Catalytic converter", "Lambda sensor"], (30, 520)),
    ("Lubricants", ["Engine oil 5W30 5L", "Engine oil 10W40 5L", "Gear oil 75W90 1L"], (9, 55)),
    ("Wipers", ["Wiper blade 600mm", "Wiper blade 450mm", "Rear wiper blade"], (5, 28)),
]
MODELS = [
    "Clio IV",
    "208",
    "Golf VII",
    "C3",
    "Megane III",
    "Polo",
    "Focus",
    "Corsa E",
    "Sandero",
    "Kangoo",
    "Partner",
    "Transit",
    "Master",
    "Ducato",
    "Yaris",
    "Qashqai",
]

# One region: the Lyon area (Auvergne-Rhone-Alpes) — (town, zip, latitude, longitude).
TOWNS = [
    ("Lyon", "69003", 45.7640, 4.8357),
    ("Villeurbanne", "69100", 45.7719, 4.8902),
    ("Venissieux", "69200", 45.6975, 4.8867),
    ("Bron", "69500", 45.7386, 4.9131),
    ("Vaulx-en-Velin", "69120", 45.7786, 4.9202),
    ("Saint-Priest", "69800", 45.6957, 4.9440),
    ("Caluire-et-Cuire", "69300", 45.7953, 4.8467),
    ("Rillieux-la-Pape", "69140", 45.8214, 4.8997),
    ("Decines-Charpieu", "69150", 45.7689, 4.9603),
    ("Oullins", "69600", 45.7144, 4.8075),
    ("Givors", "69700", 45.5906, 4.7689),
    ("Villefranche-sur-Saone", "69400", 45.9898, 4.7185),
    ("Vienne", "38200", 45.5255, 4.8747),
    ("Saint-Etienne", "42000", 45.4397, 4.3872),
    ("Bourg-en-Bresse", "01000", 46.2052, 5.2255),
    ("Meyzieu", "69330", 45.7667, 5.0036),
    ("Tassin-la-Demi-Lune", "69160", 45.7640, 4.7800),
    ("Ecully", "69130", 45.7745, 4.7775),
    ("Genas", "69740", 45.7317, 5.0022),
    ("Tarare", "69170", 45.8961, 4.4336),
]
STREETS = [
    "Rue de la Republique",
    "Avenue Jean Jaures",
    "Boulevard des Etats-Unis",
    "Rue Garibaldi",
    "Route de Vienne",
    "Avenue Berthelot",
    "Rue Paul Bert",
    "Chemin du Moulin",
    "Rue de l'Industrie",
    "Zone Artisanale des Pres",
    "Avenue de la Liberation",
    "Rue Victor Hugo",
    "Rue Pasteur",
    "Route Nationale 7",
]
TRADES = [
    ("Garage", "Garage"),
    ("Carrosserie", "Body shop"),
    ("Auto Service", "Garage"),
    ("Pneus", "Tyres"),
    ("Transports", "Fleet"),
    ("Poids Lourds", "Trucks"),
    ("Motoculture", "Agricultural"),
    ("Automobiles", "Dealer"),
    ("Pieces Auto", "Retailer"),
    ("Centre Auto", "Garage"),
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Francois",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
]
FIRST_NAMES = [
    "Julie",
    "Nicolas",
    "Sophie",
    "Thomas",
    "Camille",
    "Antoine",
    "Laura",
    "Maxime",
    "Claire",
    "Lucas",
    "Emma",
    "Hugo",
    "Ines",
    "Paul",
    "Sarah",
    "Leo",
]
LEGAL = ["SARL", "SAS", "", "EURL", "& Fils", "SA", ""]
TAGS = [
    "Garage",
    "Body shop",
    "Tyres",
    "Fleet",
    "Trucks",
    "Agricultural",
    "Dealer",
    "Retailer",
    "Key account",
    "Export",
]
TEMPERATURES = [("hot", 2), ("warm", 4), ("cold", 3), ("not_interested", 1)]
DISCOUNTS = [0, 0, 0, 0, 2, 3, 5, 5, 7.5, 10, 12, 15]


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


def _ean13(number):
    """A valid EAN-13 in the in-store range (prefix 2) for a running number."""
    body = f"20{number:010d}"[-12:]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _fr_vat(siren):
    return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"


def _brand_names(count, rnd):
    names = BRANDS[:count]
    seen = set(names)
    while len(names) < count:
        name = "".join(rnd.sample(BRAND_SYLLABLES, 2)) + rnd.choice(["", " Parts", " Line"])
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _weighted_index(rnd, cumulative):
    """Index drawn from cumulative weights (bisect on a random point)."""
    point = rnd.random() * cumulative[-1]
    low, high = 0, len(cumulative) - 1
    while low < high:
        mid = (low + high) // 2
        if cumulative[mid] < point:
            low = mid + 1
        else:
            high = mid
    return low


def _cumulative(weights):
    acc, out = 0.0, []
    for weight in weights:
        acc += weight
        out.append(acc)
    return out


# ---------------------------------------------------------------------------
# Plan: what to create, drawn from the seed only
# ---------------------------------------------------------------------------
def make_plan(
    seed=1, customers=None, products=None, months=None, lines=None, brands=None, today=None
):
    """Everything to create, as plain data; identical for identical arguments."""
    customers = DEFAULTS["customers"] if customers is None else customers
    products = DEFAULTS["products"] if products is None else products
    months = DEFAULTS["months"] if months is None else months
    lines = DEFAULTS["lines"] if lines is None else lines
    brands = DEFAULTS["brands"] if brands is None else brands
    today = today or date.today()
    if min(customers, products, months, brands) < 1 or lines < 0:
        raise ValueError("Demo data sizes must be positive: customers, products, months, brands.")
    rnd = random.Random(seed)
    plan = {"today": today}

    plan["brands"] = _brand_names(brands, rnd)
    categories = sorted({fam[0] for fam in FAMILIES})
    plan["categories"] = categories
    plan["tags"] = list(TAGS)

    reps = max(3, min(40, customers // 40))
    plan["reps"] = [
        {
            "name": f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {SURNAMES[(i * 7) % len(SURNAMES)]}",
            "login": f"wp.demo.rep{i + 1:02d}",
        }
        for i in range(reps)
    ]

    # Products: popularity follows a Zipf-like law (few best sellers, a long tail).
    plan_products = []
    for i in range(products):
        categ, names, (low, high) = FAMILIES[rnd.randrange(len(FAMILIES))]
        brand = rnd.randrange(brands)
        model = rnd.choice(MODELS)
        price = round(math.exp(rnd.uniform(math.log(low), math.log(high))), 2)
        margin = rnd.uniform(0.25, 0.55)
        plan_products.append(
            {
                "code": f"{plan['brands'][brand][:3].upper()}-{i + 1:06d}",
                "name": f"{rnd.choice(names)} {model}",
                "categ": categ,
                "brand": brand,
                "price": price,
                "cost": round(price * (1 - margin), 2),
                "barcode": _ean13(i + 1) if rnd.random() < 0.7 else None,
                "weight": 1.0 / (1 + i % 997) ** 0.8 * rnd.uniform(0.5, 1.5),
            }
        )
    plan["products"] = plan_products

    # Customers: Pareto-distributed size, a salesperson per area, some branches.
    plan_customers = []
    for i in range(customers):
        town = rnd.randrange(len(TOWNS))
        trade, tag = TRADES[rnd.randrange(len(TRADES))]
        legal = rnd.choice(LEGAL)
        name = f"{trade} {rnd.choice(SURNAMES)}"
        if legal:
            name += f" {legal}"
        current = rnd.random() < 0.88
        tags = {TAGS.index(tag)}
        if rnd.random() < 0.15:
            tags.add(TAGS.index("Key account"))
        if rnd.random() < 0.05:
            tags.add(TAGS.index("Export"))
        customer = {
            "ref": f"{REF_PREFIX}{i + 1:06d}",
            "name": name,
            "town": town,
            "street": f"{rnd.randint(1, 250)} {rnd.choice(STREETS)}",
            "lat": round(TOWNS[town][2] + rnd.uniform(-0.03, 0.03), 7),
            "lon": round(TOWNS[town][3] + rnd.uniform(-0.04, 0.04), 7),
            "rep": (town + rnd.randrange(2)) % reps,
            "vat": _fr_vat(100000000 + rnd.randrange(899999999)) if rnd.random() < 0.6 else None,
            "phone": f"+33 4 {rnd.randint(10, 99)} {rnd.randint(10, 99)} "
            f"{rnd.randint(10, 99)} {rnd.randint(10, 99)}",
            "status": "current" if current else "potential",
            "temperature": rnd.choices(
                [t for t, _w in TEMPERATURES], [w for _t, w in TEMPERATURES]
            )[0],
            "discount": rnd.choice(DISCOUNTS),
            "tags": sorted(tags),
            "size": rnd.paretovariate(1.3) if current else 0.0,
            "branches": [],
        }
        if current and rnd.random() < 0.2:
            for b in range(rnd.randint(1, 4)):
                btown = rnd.randrange(len(TOWNS))
                customer["branches"].append(
                    {
                        "ref": f"{customer['ref']}-{b + 1:02d}",
                        "name": f"{TOWNS[btown][0]} branch",
                        "town": btown,
                        "street": f"{rnd.randint(1, 250)} {rnd.choice(STREETS)}",
                        "lat": round(TOWNS[btown][2] + rnd.uniform(-0.03, 0.03), 7),
                        "lon": round(TOWNS[btown][3] + rnd.uniform(-0.04, 0.04), 7),
                        "rep": (btown + rnd.randrange(2)) % reps,
                        "discount": rnd.choice([None, None, 5, 10]),
                    }
                )
        plan_customers.append(customer)
    plan["customers"] = plan_customers

    _plan_orders(rnd, plan, months, lines, today)
    return plan


def _plan_orders(rnd, plan, months, lines, today):
    """Orders (one invoice each) and credit notes, in chronological order."""
    plan_customers, plan_products = plan["customers"], plan["products"]
    # Orders: one invoice each; month volume grows ~1%/month with seasonality.
    first_month = date(today.year, today.month, 1) - relativedelta(months=months - 1)
    month_weights = [
        (1.01**m) * (1 + 0.15 * math.sin((first_month.month + m) / 12 * 2 * math.pi))
        for m in range(months)
    ]
    month_cum = _cumulative(month_weights)
    buyers = [i for i, c in enumerate(plan_customers) if c["size"]]
    buyer_cum = _cumulative([plan_customers[i]["size"] for i in buyers])
    product_cum = _cumulative([p["weight"] for p in plan_products])
    refund_share = 0.03
    invoice_lines_budget = round(lines / (1 + refund_share * 0.5))
    orders = []
    remaining = invoice_lines_budget if buyers else 0
    while remaining > 0:
        count = min(remaining, max(1, int(rnd.triangular(1, 14, 3))))
        remaining -= count
        month = first_month + relativedelta(months=_weighted_index(rnd, month_cum))
        days = (month + relativedelta(months=1) - month).days
        order_date = month + timedelta(days=rnd.randrange(days))
        if order_date > today:
            order_date = today - timedelta(days=rnd.randrange(3))
        invoice_date = min(order_date + timedelta(days=rnd.randrange(4)), today)
        cust_idx = buyers[_weighted_index(rnd, buyer_cum)]
        customer = plan_customers[cust_idx]
        branch = None
        if customer["branches"] and rnd.random() < 0.45:
            branch = rnd.randrange(len(customer["branches"]))
        discount = customer["discount"]
        if branch is not None and customer["branches"][branch]["discount"] is not None:
            discount = customer["branches"][branch]["discount"]
        order_lines, seen = [], set()
        for _n in range(count):
            prod_idx = _weighted_index(rnd, product_cum)
            while prod_idx in seen:
                prod_idx = (prod_idx + 1) % len(plan_products)
                if len(seen) >= len(plan_products):
                    seen.clear()
            seen.add(prod_idx)
            qty = max(1, int(rnd.paretovariate(1.6)))
            if rnd.random() < 0.2:
                qty *= rnd.choice([2, 4, 5, 10])
            order_lines.append((prod_idx, float(qty), plan_products[prod_idx]["price"], discount))
        rep = customer["branches"][branch]["rep"] if branch is not None else customer["rep"]
        orders.append(
            {
                "customer": cust_idx,
                "branch": branch,
                "rep": rep,
                "date": order_date,
                "invoice_date": invoice_date,
                "hour": rnd.randint(7, 18),
                "lines": order_lines,
            }
        )
    # Chronological order makes sequence names follow dates, as in real life.
    orders.sort(key=lambda o: (o["invoice_date"], o["date"], o["hour"]))
    refunds = []
    refund_lines = lines - sum(len(o["lines"]) for o in orders)
    candidates = list(range(len(orders)))
    while refund_lines > 0 and candidates:
        order_idx = candidates.pop(rnd.randrange(len(candidates)))
        order = orders[order_idx]
        returned = rnd.sample(
            range(len(order["lines"])), min(len(order["lines"]), refund_lines, rnd.randint(1, 2))
        )
        refund_date = order["invoice_date"] + timedelta(days=rnd.randint(3, 40))
        if refund_date > today:
            continue
        refund_lines -= len(returned)
        refunds.append(
            {
                "order": order_idx,
                "date": refund_date,
                "lines": [
                    (idx, float(max(1, int(order["lines"][idx][1] * rnd.choice([1, 0.5])))))
                    for idx in sorted(returned)
                ],
            }
        )
    refunds.sort(key=lambda r: (r["date"], r["order"]))
    plan["orders"] = orders
    plan["refunds"] = refunds


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
    return {
        "company": company,
        "tax": tax,
        "journal": journal,
        "term": term,
        "brand_ids": brand_ids,
        "categ_ids": categ_ids,
        "tag_ids": tag_ids,
        "reps": reps,
        "country_id": env.ref("base.fr").id,
        "ctx": ctx,
    }


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
            dropped = _drop_indexes(env, BULK_TABLES)
        counts = _write_bulk(env, plan, setup, progress)
        if dropped:
            _create_indexes(env, dropped, BULK_TABLES, progress)
    else:
        counts = _write_orm(env, plan, setup, progress)
    env.flush_all()
    counts["brands"] = len(setup["brand_ids"])
    counts["salespeople"] = len(setup["reps"])
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


# ---------------------------------------------------------------------------
# Bulk writer (COPY)
# ---------------------------------------------------------------------------
LOG_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        value = json.dumps(value)
    elif isinstance(value, (date, datetime)):
        return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _copy(env, table, columns, rows):
    """COPY rows (tuples in ``columns`` order) into ``table``, 50,000 at a time."""
    for start in range(0, len(rows), 50000):
        buf = io.StringIO()
        for row in rows[start : start + 50000]:
            buf.write("\t".join(map(_copy_text, row)))
            buf.write("\n")
        buf.seek(0)
        env.cr.copy_expert(
            SQL(
                "COPY %s (%s) FROM STDIN",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(c) for c in columns),
            ).code,
            buf,
        )


def _reserve_ids(env, table, count):
    if not count:
        return []
    env.cr.execute(
        SQL(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            table,
            count,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


class _Table:
    """Rows of one model written by COPY: explicit values + the model's static defaults.

    Stored fields neither given explicitly nor defaulted but computed are recomputed by
    the ORM after the COPY (fields added by other addons keep their ORM values).
    """

    def __init__(self, env, model, explicit, fixed=None):
        self.env = env
        self.model = env[model]
        self.explicit = list(explicit)
        fixed = fixed or {}
        names = set(self.explicit) | set(fixed) | set(LOG_COLUMNS) | {"id"}
        others = [
            f
            for f in self.model._fields.values()
            if f.store and f.column_type and f.name not in names and not f.company_dependent
        ]
        m2m = [
            f
            for f in self.model._fields.values()
            if f.type == "many2many" and f.store and f.name not in names
        ]
        defaults = self.model.default_get(
            [f.name for f in others if not f.compute] + [f.name for f in m2m]
        )
        self.m2m_defaults = {}
        for field in m2m:
            value = defaults.get(field.name)
            if value:
                ids = field.convert_to_cache(value, self.model, validate=False)
                if ids:
                    self.m2m_defaults[field.name] = list(ids)
        self.defaults = {}
        for field in others:
            if field.name in defaults:
                value = field.convert_to_column(
                    field.convert_to_cache(defaults[field.name], self.model, validate=False),
                    self.model,
                )
                if hasattr(value, "adapted"):  # psycopg2 Json wrapper
                    value = value.adapted
                self.defaults[field.name] = value
        self.defaults.update(fixed)
        self.to_compute = [
            f for f in others if f.name not in self.defaults and (f.compute or f.related)
        ]
        now = env.cr.now()
        self.columns = ["id", *self.explicit, *self.defaults, *LOG_COLUMNS]
        self.tail = (*self.defaults.values(), env.uid, env.uid, now, now)
        self.rows = []

    def add(self, record_id, *values):
        self.rows.append((record_id, *values, *self.tail))

    def copy_rows(self):
        _copy(self.env, self.model._table, self.columns, self.rows)
        ids = [row[0] for row in self.rows]
        records = self.model.browse(ids)
        for name, value_ids in self.m2m_defaults.items():
            _m2m(self.env, self.model._name, name, [(i, v) for i in ids for v in value_ids])
        for field in self.to_compute:
            self.env.add_to_compute(field, records)
        self.rows = []
        return records


def _m2m(env, model, field_name, pairs):
    field = env[model]._fields[field_name]
    _copy(env, field.relation, [field.column1, field.column2], pairs)


def _tax_amounts_factory(env, setup):
    """(price_unit, qty, discount) -> (subtotal, total, tax), as Odoo's tax engine rounds."""
    AccountTax = env["account.tax"]
    company, tax = setup["company"], setup["tax"]
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
            cache[key] = (
                subtotal,
                total,
                tax_amount,
                details["raw_total_excluded_currency"],
                details["raw_total_included_currency"],
            )
        return cache[key]

    return amounts


def _write_bulk(env, plan, setup, progress):  # noqa: C901 - one linear script
    env = env(context=dict(env.context, **setup["ctx"]))
    company, tax, journal = setup["company"], setup["tax"], setup["journal"]
    currency = company.currency_id
    country_id = setup["country_id"]
    customers = plan["customers"]
    orders, refunds = plan["orders"], plan["refunds"]

    # ---- partners -------------------------------------------------------
    rank = defaultdict(int)
    for order in orders:
        rank[order["customer"]] += 1
    for refund in refunds:
        rank[orders[refund["order"]]["customer"]] += 1
    company_ids = _reserve_ids(env, "res_partner", len(customers))
    branch_ids = _reserve_ids(env, "res_partner", sum(len(c["branches"]) for c in customers))
    partners = _Table(
        env,
        "res.partner",
        [
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
        ],
    )
    tag_pairs, branch_id_of, i = [], {}, 0
    for idx, customer in enumerate(customers):
        town = TOWNS[customer["town"]]
        user_id, team_id = setup["reps"][customer["rep"]]
        partners.add(
            company_ids[idx],
            customer["name"],
            customer["ref"],
            customer["street"],
            town[1],
            town[0],
            country_id,
            customer["lat"],
            customer["lon"],
            user_id,
            team_id,
            True,
            customer["vat"],
            customer["phone"],
            customer["status"],
            customer["temperature"],
            float(customer["discount"]),
            "contact",
            None,
            None,
            company_ids[idx],
            customer["name"],
            customer["name"],
            True,
            rank[idx],
            "en_US",
            "Europe/Paris",
            True,
        )
        tag_pairs += [(company_ids[idx], setup["tag_ids"][t]) for t in customer["tags"]]
        for b, branch in enumerate(customer["branches"]):
            btown = TOWNS[branch["town"]]
            buser_id, bteam_id = setup["reps"][branch["rep"]]
            partners.add(
                branch_ids[i],
                branch["name"],
                branch["ref"],
                branch["street"],
                btown[1],
                btown[0],
                country_id,
                branch["lat"],
                branch["lon"],
                buser_id,
                bteam_id,
                False,
                customer["vat"],
                None,
                "current",
                None,
                float(branch["discount"] or 0.0),
                "delivery",
                True,
                company_ids[idx],
                company_ids[idx],
                f"{customer['name']}, {branch['name']}",
                customer["name"],
                True,
                0,
                "en_US",
                "Europe/Paris",
                True,
            )
            branch_id_of[idx, b] = branch_ids[i]
            i += 1
    partners.copy_rows()
    _m2m(env, "res.partner", "category_id", tag_pairs)
    progress("customers", len(customers), len(customers))
    progress("branches", len(branch_ids), len(branch_ids))

    # ---- products -------------------------------------------------------
    products = plan["products"]
    tmpl_ids = _reserve_ids(env, "product_template", len(products))
    prod_ids = _reserve_ids(env, "product_product", len(products))
    uom_id = env.ref("uom.product_uom_unit").id
    templates = _Table(
        env,
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
    variants = _Table(
        env,
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
    for idx, product in enumerate(products):
        templates.add(
            tmpl_ids[idx],
            {"en_US": product["name"]},
            product["code"],
            "consu",
            setup["categ_ids"][product["categ"]],
            setup["brand_ids"][product["brand"]],
            product["price"],
            uom_id,
            uom_id,
            True,
            True,
            True,
            "no",
            "no",
        )
        variants.add(
            prod_ids[idx],
            tmpl_ids[idx],
            product["code"],
            product["barcode"],
            {str(company.id): product["cost"]},
            "",
            True,
        )
    templates.copy_rows()
    variants.copy_rows()
    progress("products", len(products), len(products))

    # ---- accounting constants ------------------------------------------
    first_partner = env["res.partner"].browse(company_ids[0]).with_company(company)
    receivable_id = first_partner.property_account_receivable_id.id
    income_of = {}
    for path, categ_id in setup["categ_ids"].items():
        sample = (
            next(t for t, p in zip(tmpl_ids, products, strict=True) if p["categ"] == path)
            if any(p["categ"] == path for p in products)
            else None
        )
        if sample:
            accounts = env["product.template"].browse(sample).with_company(company)
            income = accounts._get_product_accounts()["income"]
            income_of[categ_id] = (income or journal.default_account_id).id
    tax_rep = {}
    for doc, rep_lines in (
        ("invoice", tax.invoice_repartition_line_ids),
        ("refund", tax.refund_repartition_line_ids),
    ):
        tax_line = rep_lines.filtered(lambda r: r.repartition_type == "tax")
        base_line = rep_lines.filtered(lambda r: r.repartition_type == "base")
        tax_rep[doc] = (
            tax_line.id,
            tax_line.account_id.id,
            tax_line.tag_ids.ids,
            base_line.tag_ids.ids,
        )
    bank = company.partner_id.bank_ids.filtered(
        lambda b: not b.company_id or b.company_id == company
    ).sorted(lambda b: not b.allow_out_payment)[:1]
    term = setup["term"]
    due_cache = {}

    def due_date(day):
        if day not in due_cache:
            due_cache[day] = term.line_ids[:1]._get_due_date(day) if term else day
        return due_cache[day]

    amounts = _tax_amounts_factory(env, setup)
    names_of = {p["code"]: f"[{p['code']}] {p['name']}" for p in products}

    # ---- sale orders ----------------------------------------------------
    SaleSeq = env["ir.sequence"].search(
        [("code", "=", "sale.order"), ("company_id", "in", (company.id, False))],
        order="company_id",
        limit=1,
    )
    so_ids = _reserve_ids(env, "sale_order", len(orders))
    so_names = _sequence_names(env, SaleSeq, orders)
    sol_ids = _reserve_ids(env, "sale_order_line", sum(len(o["lines"]) for o in orders))
    refunded = defaultdict(float)  # (order idx, line idx) -> qty
    for refund in refunds:
        for line_idx, qty in refund["lines"]:
            refunded[refund["order"], line_idx] += qty
    so_table = _Table(
        env,
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
        fixed=_sale_order_constants(env, company),
    )
    sol_table = _Table(
        env,
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
        fixed={"qty_delivered": 0.0, "analytic_distribution": None}
        | (
            {"product_packaging_id": None, "product_packaging_qty": 0.0}
            if not env["product.packaging"].search_count([], limit=1)
            else {}
        ),
    )
    sol_tax_pairs = []
    sol_id_of = {}
    k = 0
    for o_idx, order in enumerate(orders):
        cust_id = company_ids[order["customer"]]
        ordering = (
            branch_id_of[order["customer"], order["branch"]]
            if order["branch"] is not None
            else cust_id
        )
        user_id, team_id = setup["reps"][order["rep"]]
        untaxed = total = 0.0
        any_to_invoice = False
        for n, (p_idx, qty, price, discount) in enumerate(order["lines"]):
            subtotal, line_total, _tax, _raw_ex, _raw_in = amounts(price, qty, discount)
            untaxed += subtotal
            total += line_total
            back = refunded.get((o_idx, n), 0.0)
            invoiced_qty = qty - back
            invoiced_amount = subtotal - (amounts(price, back, discount)[0] if back else 0.0)
            price_reduce = price * (1 - (discount or 0.0) / 100.0)
            to_invoice = currency.round(price_reduce * qty - invoiced_amount)
            any_to_invoice = any_to_invoice or bool(back)
            sol_id_of[o_idx, n] = sol_ids[k]
            sol_table.add(
                sol_ids[k],
                so_ids[o_idx],
                10 * (n + 1),
                company.id,
                currency.id,
                ordering,
                user_id,
                prod_ids[p_idx],
                uom_id,
                "sale",
                "to invoice" if back else "invoiced",
                names_of[products[p_idx]["code"]],
                qty,
                price,
                float(discount),
                subtotal,
                line_total,
                line_total - subtotal,
                _digits(subtotal / qty),
                _digits(line_total / qty),
                invoiced_qty,
                back,
                currency.round(invoiced_amount),
                to_invoice,
                price,
                "manual",
                0.0,
            )
            sol_tax_pairs.append((sol_ids[k], tax.id))
            k += 1
        order_dt = datetime.combine(order["date"], datetime.min.time()) + timedelta(
            hours=order["hour"]
        )
        untaxed = currency.round(untaxed)
        total = currency.round(total)
        so_table.add(
            so_ids[o_idx],
            so_names[o_idx],
            company.id,
            ordering,
            cust_id,
            ordering,
            term.id if term else None,
            currency.id,
            user_id,
            team_id,
            "sale",
            "to invoice" if any_to_invoice else "invoiced",
            order_dt,
            order["date"] + timedelta(days=30),
            1.0,
            untaxed,
            currency.round(total - untaxed),
            total,
        )
        if len(sol_table.rows) >= 150000 or o_idx == len(orders) - 1:
            so_table.copy_rows()
            sol_table.copy_rows()
            _m2m(env, "sale.order.line", "tax_id", sol_tax_pairs)
            sol_tax_pairs = []
            progress("sale orders", o_idx + 1, len(orders))

    # ---- invoices and credit notes ---------------------------------------
    moves = [
        (
            "out_invoice",
            o_idx,
            order["invoice_date"],
            [(n, line[1]) for n, line in enumerate(order["lines"])],
        )
        for o_idx, order in enumerate(orders)
    ]
    moves += [("out_refund", r["order"], r["date"], r["lines"]) for r in refunds]
    invoice_index = {o_idx: i for i, (t, o_idx, _d, _l) in enumerate(moves) if t == "out_invoice"}
    move_ids = _reserve_ids(env, "account_move", len(moves))
    line_count = sum(len(m[3]) + 2 for m in moves)
    aml_ids = iter(_reserve_ids(env, "account_move_line", line_count))
    names = _move_names(env, journal, moves)
    move_table = _Table(
        env,
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
    aml_table = _Table(
        env,
        "account.move.line",
        [
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
        ],
        fixed=dict.fromkeys(
            ["analytic_distribution", "payment_id", "statement_line_id", "statement_id"]
        ),
    )
    aml_tax_pairs, sol_inv_pairs, tag_pairs = [], [], []
    invoice_move_id = {}
    done = 0
    for m_idx, (move_type, o_idx, inv_date, move_lines) in enumerate(moves):
        order = orders[o_idx]
        move_id = move_ids[m_idx]
        if move_type == "out_invoice":
            invoice_move_id[o_idx] = move_id
        cust_id = company_ids[order["customer"]]
        shipping = (
            branch_id_of[order["customer"], order["branch"]]
            if order["branch"] is not None
            else cust_id
        )
        user_id, team_id = setup["reps"][order["rep"]]
        refund = move_type == "out_refund"
        sign = 1 if refund else -1  # sign of product/tax balances
        name, prefix, number = names[m_idx]
        due = due_date(inv_date)
        doc = "refund" if refund else "invoice"
        rep_id, tax_account, tax_tags, base_tags = tax_rep[doc]
        ref = f"Reversal of: {names[invoice_index[o_idx]][0]}" if refund else None
        untaxed = tax_total = base_total = 0.0
        for n, qty in move_lines:
            p_idx, _q, price, discount = order["lines"][n]
            subtotal, line_total, line_tax, _raw_ex, _raw_in = amounts(price, qty, discount)
            untaxed += subtotal
            tax_total += line_tax
            base_total += subtotal
            aml_id = next(aml_ids)
            balance = sign * subtotal
            aml_table.add(
                aml_id,
                move_id,
                journal.id,
                company.id,
                currency.id,
                10 * (n + 1),
                income_of[setup["categ_ids"][products[p_idx]["categ"]]],
                currency.id,
                cust_id,
                prod_ids[p_idx],
                uom_id,
                name,
                "posted",
                names_of[products[p_idx]["code"]],
                "product",
                inv_date,
                inv_date,
                None,
                max(balance, 0.0),
                max(-balance, 0.0),
                balance,
                balance,
                0.0,
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
            aml_tax_pairs.append((aml_id, tax.id))
            sol_inv_pairs.append((aml_id, sol_id_of[o_idx, n]))
            tag_pairs += [(aml_id, t) for t in base_tags]
        untaxed = currency.round(untaxed)
        tax_total = currency.round(tax_total)
        total = currency.round(untaxed + tax_total)
        aml_id = next(aml_ids)
        balance = sign * tax_total
        aml_table.add(
            aml_id,
            move_id,
            journal.id,
            company.id,
            currency.id,
            10000,
            tax_account,
            currency.id,
            cust_id,
            None,
            None,
            name,
            "posted",
            tax.name,
            "tax",
            inv_date,
            inv_date,
            None,
            max(balance, 0.0),
            max(-balance, 0.0),
            balance,
            balance,
            0.0,
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
            currency.round(base_total),
            not refund,
            False,
            None,
            None,
        )
        tag_pairs += [(aml_id, t) for t in tax_tags]
        aml_id = next(aml_ids)
        balance = -sign * total
        aml_table.add(
            aml_id,
            move_id,
            journal.id,
            company.id,
            currency.id,
            12000,
            receivable_id,
            currency.id,
            cust_id,
            None,
            None,
            name,
            "posted",
            None if refund else name,
            "payment_term",
            inv_date,
            inv_date,
            due,
            max(balance, 0.0),
            max(-balance, 0.0),
            balance,
            balance,
            balance,
            balance,
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
        move_sign = -1 if refund else 1
        move_table.add(
            move_id,
            name,
            prefix,
            number,
            journal.id,
            company.id,
            term.id if term else None,
            cust_id,
            cust_id,
            shipping,
            None if refund else bank.id or None,
            currency.id,
            user_id,
            team_id,
            "posted",
            move_type,
            name if not refund else None,
            "not_paid",
            customers[order["customer"]]["name"],
            so_names[o_idx],
            inv_date,
            inv_date,
            due,
            1.0,
            untaxed,
            tax_total,
            total,
            total,
            move_sign * untaxed,
            move_sign * untaxed,
            move_sign * tax_total,
            move_sign * total,
            move_sign * total,
            move_sign * total,
            True,
            True,
            ref,
            "no",
            False,
        )
        done += len(move_lines)
        if len(aml_table.rows) >= 150000 or m_idx == len(moves) - 1:
            move_table.copy_rows()
            aml_table.copy_rows()
            _m2m(env, "account.move.line", "tax_ids", aml_tax_pairs)
            _m2m(env, "account.move.line", "sale_line_ids", sol_inv_pairs)
            _m2m(env, "account.move.line", "tax_tag_ids", tag_pairs)
            aml_tax_pairs, sol_inv_pairs, tag_pairs = [], [], []
            progress("invoices", done, plan_lines(plan))
    env.invalidate_all()
    env.flush_all()  # runs the computes of fields other addons added
    return {
        "customers": len(customers),
        "branches": len(branch_ids),
        "products": len(products),
        "sale_orders": len(orders),
        "invoices": len(orders),
        "credit_notes": len(refunds),
        "invoice_lines": plan_lines(plan),
    }


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


def _drop_indexes(env, tables):
    """Drop the plain (non-unique, non-constraint) indexes of ``tables``; return their
    definitions. Unique indexes stay, so every uniqueness rule is still enforced."""
    env.cr.execute(
        SQL(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
               AND NOT i.indisprimary AND NOT i.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY ic.relname
            """,
            list(tables),
        )
    )
    indexes = env.cr.fetchall()
    for name, _definition in indexes:
        env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    return indexes


def _create_indexes(env, indexes, tables, progress):
    for done, (_name, definition) in enumerate(indexes, 1):
        # a definition PostgreSQL itself printed (pg_get_indexdef), not user input
        env.cr.execute(SQL(definition.replace("%", "%%")))
        if done % 25 == 0 or done == len(indexes):
            progress("indexes", done, len(indexes))
    for table in tables:
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def plan_lines(plan):
    return sum(len(o["lines"]) for o in plan["orders"]) + sum(
        len(r["lines"]) for r in plan["refunds"]
    )


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
