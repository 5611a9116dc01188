"""What a newcomer sees first: the demo distributor's company and a working quick-order link.

``configure_company`` turns the main company into a French parts distributor (name, Lyon
address, EUR, French and Spanish next to English); ``publish_demo_link`` gives one generated
customer the quick-order link whose secret is published in the documentation. Both are
for demo databases only (``wiseparts-demo --company --quick-order-link``, used by
``make run``).
"""

from odoo.exceptions import UserError

from odoo.addons.wiseparts_base.services.secret import hash_secret

COMPANY = {
    "name": "Pièces Auto Rhône-Alpes",
    "street": "27 Rue Marius Berliet",
    "zip": "69008",
    "city": "Lyon",
    "phone": "+33 4 78 00 12 34",
    "email": "contact@pieces-auto-rhone-alpes.example.com",
    "website": "https://pieces-auto-rhone-alpes.example.com",
}
LANGUAGES = ["fr_FR", "es_ES"]
# Published in the README: demo databases only, never in production.
DEMO_LINK_SECRET = "wiseparts-demo-quick-order-link-do-not-use-in-production"  # noqa: S105
DEMO_LINK_PATH = "/quick-order/" + DEMO_LINK_SECRET


def configure_company(env, company):
    """Name, Lyon address, EUR and French/Spanish for ``company`` (before any invoice)."""
    eur = env.ref("base.EUR")
    if company.currency_id != eur:
        if env["account.move.line"].search_count([("company_id", "=", company.id)], limit=1):
            raise UserError(
                env._(
                    "Company %(company)s already has journal items in %(currency)s: its "
                    "currency can only become EUR in a fresh database without demo data.",
                    company=company.display_name,
                    currency=company.currency_id.name,
                )
            )
        eur.active = True
    old_currency = company.currency_id
    company.write(dict(COMPANY, currency_id=eur.id, country_id=env.ref("base.fr").id))
    # the company's default pricelists (no rules) follow, or pages would still show dollars
    env["product.pricelist"].with_context(active_test=False).search(
        [
            ("company_id", "in", (company.id, False)),
            ("currency_id", "=", old_currency.id),
            ("item_ids", "=", False),
        ]
    ).write({"currency_id": eur.id})
    for code in LANGUAGES:
        env["res.lang"]._activate_lang(code)
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(LANGUAGES)


def demo_customer_ref(plan):
    """Customer ID of the customer shown by the demo link: the biggest buyer with a discount
    (so that its prices differ from the list prices)."""
    customers = plan["customers"]
    best = max(
        range(len(customers)), key=lambda i: (customers[i]["discount"] > 0, customers[i]["size"])
    )
    return customers[best]["ref"]


def publish_demo_link(env, plan):
    """Give the generated demo customer the link with the published secret; return it."""
    ref = demo_customer_ref(plan)
    partner = env["res.partner"].search([("ref", "=", ref), ("is_company", "=", True)], limit=1)
    # The superuser generates demo data; the secret is chosen here on purpose (published).
    Link = env["wiseparts.quick.order.link"].sudo().with_context(tracking_disable=True)
    token_hash = hash_secret(DEMO_LINK_SECRET)
    # a link with the same secret (wiseparts_quick_order's demo data) gives way to this one
    Link.with_context(active_test=False).search([("token_hash", "=", token_hash)]).unlink()
    return Link.create(
        {"partner_id": partner.id, "company_id": env.company.id, "token_hash": token_hash}
    )
