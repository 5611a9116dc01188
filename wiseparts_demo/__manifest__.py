# Copyright 2026 WiseParts
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WiseParts Demo",
    "summary": "Demo data generator: a believable parts distributor for trials and benchmarks",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/wiseparts/wiseparts",
    "author": "WiseParts",
    "license": "LGPL-3",
    "depends": ["wiseparts_base", "wiseparts_quick_order", "wiseparts_activities"],
    "data": [],
    "installable": True,
}
