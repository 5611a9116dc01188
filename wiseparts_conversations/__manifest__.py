# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Conversations",
    "summary": "One inbox per customer across email, WhatsApp and notes: tags, assignment, "
    "automatic replies, response times and AI analysis",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_base", "mail", "sale_management", "resource"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/wiseparts_conversation_security.xml",
        "data/mail_message_subtype_data.xml",
        "data/mail_alias_data.xml",
        "data/ir_cron_data.xml",
        "wizards/wiseparts_conversation_whatsapp_send_views.xml",
        "views/wiseparts_conversation_tag_views.xml",
        "views/wiseparts_conversation_views.xml",
        "views/wiseparts_whatsapp_account_views.xml",
        "views/wiseparts_whatsapp_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/wiseparts_conversations_menus.xml",
    ],
    "demo": [
        "demo/wiseparts_conversation_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wiseparts_conversations/static/src/inbox/*",
        ],
        "web.assets_tests": [
            "wiseparts_conversations/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
