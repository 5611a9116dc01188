# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Base",
    "summary": "Customers, branches, prioritised notes and the integration API "
    "for B2B parts distributors",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["sale_management", "account", "contacts", "mail", "portal"],
    "data": [
        "security/wiseparts_base_groups.xml",
        "security/ir.model.access.csv",
        "views/wiseparts_brand_views.xml",
        "views/product_template_views.xml",
        "views/wiseparts_base_menus.xml",
    ],
    "demo": [
        "demo/wiseparts_brand_demo.xml",
    ],
    "application": True,
    "installable": True,
}
