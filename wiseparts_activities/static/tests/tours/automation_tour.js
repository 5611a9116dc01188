/** @odoo-module */
import { registry } from "@web/core/registry";

// A manager activates the ready-made "Customer moved down a segment" rule and opens its log.
registry.category("web_tour.tours").add("wiseparts_automation_tour", {
    url: "/odoo/action-wiseparts_activities.base_automation_action_wiseparts",
    steps: () => [
        {
            content: "Show the archived (ready-made) rules",
            trigger: ".o_searchview_input",
            run: "fill Customer moved down",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the ready-made rule",
            trigger: ".o_kanban_record:contains('Customer moved down a segment')",
            run: "click",
        },
        {
            content: "Its trigger is a WiseParts event",
            trigger: ".o_field_wiseparts_trigger_selection select",
        },
        {
            content: "Unarchive it",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Unarchive",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Unarchive')",
            run: "click",
        },
        {
            content: "The rule is active (no ribbon)",
            trigger: ".o_form_view:not(:has(.ribbon))",
        },
        {
            content: "Open its executions",
            trigger: "button[name='action_view_wiseparts_logs']",
            run: "click",
        },
        {
            content: "The log lists the execution of the last segment run",
            trigger: ".o_list_view .o_data_row td:contains('Segment Customer 1')",
        },
    ],
});
