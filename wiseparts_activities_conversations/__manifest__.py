# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Activities - Conversations",
    "summary": "Automation rules send WhatsApp messages and quote recoveries by WhatsApp",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_activities", "wiseparts_conversations"],
    "data": [
        "views/ir_actions_server_views.xml",
        "data/wiseparts_automation_data.xml",
    ],
    "auto_install": True,
    "installable": True,
}
