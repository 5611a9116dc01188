"""The plan of the demo data: what to create, as plain Python data drawn from a seed.

No Odoo import: ``make_plan`` draws customers, branches, products, orders, invoice and
credit-note lines from ``random.Random(seed)`` and a fixed base date; the writers
(``demo_data`` through the ORM, ``bulk`` through COPY) turn the same plan into records.
"""

import math
import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

DEFAULTS = {
    "customers": 250,
    "products": 400,
    "months": 24,
    "lines": 5000,
    "brands": 40,
}
REF_PREFIX = "C"

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


def plan_lines(plan):
    return sum(len(o["lines"]) for o in plan["orders"]) + sum(
        len(r["lines"]) for r in plan["refunds"]
    )
