# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Territory",
    "summary": "Sales teams with shared visibility and monthly goals, territories, coverage "
    "and workload",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": [
        "wiseparts_activities",
        "base_geolocalize",
        "resource",
        "web_leaflet_lib",
        "web_leaflet_draw_lib",
    ],
    "data": [
        "security/wiseparts_territory_groups.xml",
        "security/ir.model.access.csv",
        "security/wiseparts_territory_security.xml",
        "data/ir_cron_data.xml",
        "views/wiseparts_goal_views.xml",
        "views/wiseparts_territory_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_route_views.xml",
        "views/crm_team_views.xml",
        "views/res_config_settings_views.xml",
        "report/wiseparts_coverage_report_views.xml",
        "wizards/wiseparts_reassign_views.xml",
        "wizards/wiseparts_rebalance_views.xml",
        "wizards/wiseparts_trip_views.xml",
        "views/wiseparts_territory_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wiseparts_territory/static/src/territory_map/*",
            "wiseparts_territory/static/src/trip_kanban/*",
        ],
        "web.assets_tests": [
            "wiseparts_territory/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/wiseparts_territory_demo.xml",
    ],
    "external_dependencies": {"python": ["ortools"]},
    "installable": True,
}
