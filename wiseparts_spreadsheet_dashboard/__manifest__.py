# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Spreadsheet Dashboard",
    "summary": "A WiseParts sales dashboard in Odoo's Dashboards app",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_segments", "spreadsheet_dashboard"],
    "data": [
        "data/wiseparts_spreadsheet_dashboard_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "wiseparts_spreadsheet_dashboard/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
