# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Segments",
    "summary": "Automatic and manual customer segmentation (ABC and recency) from posted invoices",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_base", "sale_management", "account", "bus"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/wiseparts_segment_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_message_subtype_data.xml",
        "views/wiseparts_segment_type_views.xml",
        "views/wiseparts_segment_assignment_views.xml",
        "views/res_partner_views.xml",
        "report/wiseparts_segment_report_views.xml",
        "views/wiseparts_segments_menus.xml",
    ],
    "demo": [
        "demo/wiseparts_segment_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wiseparts_segments/static/src/pareto_chart/*",
            "wiseparts_segments/static/src/segment_badge/*",
        ],
        "web.assets_tests": [
            "wiseparts_segments/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
