# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Quick Order",
    "summary": "Magic quick-order links: customers order from their own catalogue page, no login",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_base", "sale_management", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/wiseparts_quick_order_link_security.xml",
        "data/ir_config_parameter_data.xml",
        "data/mail_template_data.xml",
        "data/ir_actions_server_data.xml",
        "wizards/wiseparts_quick_order_link_share_views.xml",
        "views/wiseparts_quick_order_link_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/wiseparts_quick_order_templates.xml",
        "views/wiseparts_quick_order_menus.xml",
    ],
    "demo": [
        "demo/wiseparts_quick_order_link_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "wiseparts_quick_order/static/src/quick_order/quick_order.scss",
        ],
        "web.assets_tests": [
            "wiseparts_quick_order/static/tests/tours/quick_order_tour.js",
        ],
    },
    "installable": True,
}
