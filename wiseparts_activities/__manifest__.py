# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Activities",
    "summary": "Visits, calls and events with report forms, tasks and visit planning "
    "from customer segments",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_segments", "calendar", "mail"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/wiseparts_callcenter_groups.xml",
        "security/ir.model.access.csv",
        "security/wiseparts_activity_security.xml",
        "security/wiseparts_activity_revenue_report_security.xml",
        "security/wiseparts_telephony_security.xml",
        "data/wiseparts_activity_type_data.xml",
        "data/wiseparts_telephony_data.xml",
        "views/wiseparts_activity_type_views.xml",
        "views/wiseparts_activity_views.xml",
        "views/wiseparts_task_views.xml",
        "views/wiseparts_activity_field_views.xml",
        "views/res_config_settings_views.xml",
        "security/wiseparts_visit_compliance_report_security.xml",
        "views/res_partner_visits_views.xml",
        "wizards/wiseparts_visit_plan_views.xml",
        "report/wiseparts_visit_compliance_report_views.xml",
        "views/wiseparts_activity_attribution_views.xml",
        "report/wiseparts_activity_revenue_report_views.xml",
        "views/wiseparts_telephony_views.xml",
        "views/wiseparts_activities_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wiseparts_activities/static/src/checkin_button/*",
            "wiseparts_activities/static/src/report_required_field/*",
            "wiseparts_activities/static/src/screen_pop/*",
        ],
        "web.assets_tests": [
            "wiseparts_activities/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/wiseparts_activity_demo.xml",
    ],
    "installable": True,
}
