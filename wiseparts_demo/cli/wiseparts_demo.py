"""``odoo-bin wiseparts-demo``: fill a database with a believable parts distributor."""

import argparse
import sys
from datetime import date

import odoo
from odoo.cli import Command
from odoo.exceptions import UserError
from odoo.modules.registry import Registry

from ..services import demo_data, distributor


def _count(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _parser():
    parser = argparse.ArgumentParser(
        prog="odoo-bin wiseparts-demo",
        description="Generate WiseParts demo data (customers, branches, salespeople, "
        "products, sale orders, posted invoices and credit notes). Odoo's own options "
        "(-d, --addons-path, --db_host...) are accepted as well.",
    )
    defaults = demo_data.DEFAULTS
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    for name in ("customers", "products", "months", "lines", "brands"):
        parser.add_argument(
            f"--{name}", type=_count, default=defaults[name], help=f"default {defaults[name]}"
        )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        help="base date YYYY-MM-DD (default: today); the last month of data ends there",
    )
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="write through PostgreSQL COPY instead of the ORM (benchmark sizes)",
    )
    parser.add_argument(
        "--company",
        action="store_true",
        help="first make the main company the demo distributor (name, Lyon address, EUR, "
        "French and Spanish); needs a database without journal items",
    )
    parser.add_argument(
        "--quick-order-link",
        action="store_true",
        help="give a generated customer the quick-order link with the published demo secret",
    )
    return parser


class WisepartsDemo(Command):
    """Generate WiseParts demo data (deterministic for a --seed)"""

    name = "wiseparts-demo"

    def run(self, cmdargs):
        parser = _parser()
        if "-h" in cmdargs or "--help" in cmdargs:
            parser.print_help()
            sys.exit(0)
        opts, odoo_args = parser.parse_known_args(cmdargs)
        odoo.tools.config.parse_config(odoo_args, setup_logging=True)
        dbname = odoo.tools.config["db_name"]
        if not dbname:
            sys.exit("wiseparts-demo: give the database with -d DBNAME")
        dbname = dbname.split(",")[0]
        registry = Registry(dbname)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            module = env["ir.module.module"].search([("name", "=", "wiseparts_demo")])
            if module.state != "installed":
                sys.exit(f"wiseparts-demo: install wiseparts_demo in {dbname!r} first")
            try:
                if opts.company:
                    distributor.configure_company(env, env.company)
                counts = demo_data.generate(
                    env,
                    seed=opts.seed,
                    customers=opts.customers,
                    products=opts.products,
                    months=opts.months,
                    lines=opts.lines,
                    brands=opts.brands,
                    bulk=opts.bulk,
                    today=opts.today,
                    progress=demo_data.progress_printer(),
                )
                if opts.quick_order_link:
                    plan = demo_data.make_plan(
                        opts.seed,
                        opts.customers,
                        opts.products,
                        opts.months,
                        opts.lines,
                        opts.brands,
                        opts.today,
                    )
                    link = distributor.publish_demo_link(env, plan)
                    sys.stdout.write(
                        f"[wiseparts-demo] quick-order link of {link.partner_id.name}: "
                        f"{distributor.DEMO_LINK_PATH}\n"
                    )
            except UserError as error:
                # leaving the cursor with an exception rolls everything back
                sys.exit(f"wiseparts-demo: {error}")
        # leaving registry.cursor() commits the transaction
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        sys.stdout.write(f"[wiseparts-demo] done in {dbname}: {summary}\n")
