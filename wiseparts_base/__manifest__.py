# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Base",
    "summary": "Customers, branches, prioritised notes and the integration API "
    "for B2B parts distributors",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["sale_management", "account", "contacts", "mail", "portal", "sms"],
    "external_dependencies": {"python": ["phonenumbers", "xlsxwriter"]},
    "data": [
        "security/wiseparts_base_groups.xml",
        "security/ir.model.access.csv",
        "security/wiseparts_customer_note_security.xml",
        "security/wiseparts_dashboard_security.xml",
        "data/wiseparts_dashboard_layout_data.xml",
        "views/wiseparts_brand_views.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/wiseparts_dashboard_views.xml",
        "views/wiseparts_base_menus.xml",
    ],
    "demo": [
        "demo/wiseparts_brand_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wiseparts_base/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "wiseparts_base/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
