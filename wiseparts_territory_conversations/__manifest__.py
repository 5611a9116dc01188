# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Territory - Conversations",
    "summary": "Team documents users see their teams' customer conversations",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_territory", "wiseparts_conversations"],
    "data": [
        "security/wiseparts_conversation_security.xml",
    ],
    "auto_install": True,
    "installable": True,
}
