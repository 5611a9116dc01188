/** @odoo-module **/
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("wiseparts_territory_trip", {
    url: "/odoo",
    steps: () => [
        {
            content: "open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "open the WiseParts app",
            trigger: ".o_app[data-menu-xmlid='wiseparts_base.wiseparts_menu_root']",
            run: "click",
        },
        {
            content: "open the Territory menu",
            trigger: "button[data-menu-xmlid='wiseparts_territory.wiseparts_menu_territory_root']",
            run: "click",
        },
        {
            content: "Plan a Trip",
            trigger: ".dropdown-item[data-menu-xmlid='wiseparts_territory.wiseparts_trip_menu']",
            run: "click",
        },
        {
            content: "first day: Monday 9 March 2026",
            trigger: ".modal .o_field_widget[name=date_from] input",
            run: "edit 03/09/2026",
        },
        {
            content: "close the date picker",
            trigger: ".modal .o_field_widget[name=dwell_minutes] input",
            run: "click",
        },
        {
            content: "last day: Wednesday 11 March 2026",
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: "edit 03/11/2026",
        },
        {
            content: "close the date picker",
            trigger: ".modal .o_field_widget[name=daily_cap] input",
            run: "click",
        },
        {
            content: "plan",
            trigger: ".modal button[name=action_plan]",
            run: "click",
        },
        {
            content: "the three days as columns, Monday with the four stops",
            trigger:
                ".o_kanban_group:nth-child(1) .o_column_title:contains(Mon 09/03 · 4 stop(s))",
        },
        {
            content: "Wednesday is empty",
            trigger: ".o_kanban_group:nth-child(3) .o_column_title:contains(Wed 11/03 · 0 stop(s))",
        },
        {
            content: "move Trip Garage 2 to Wednesday",
            trigger: ".o_kanban_group:nth-child(1) .o_kanban_record:contains(Trip Garage 2)",
            run: "drag_and_drop .o_kanban_group:nth-child(3)",
        },
        {
            content: "Wednesday now has the stop, flagged: the garage opens on Mondays only",
            trigger:
                ".o_kanban_group:nth-child(3) .o_kanban_record:contains(Trip Garage 2):contains(Outside opening hours)",
        },
        {
            content: "Monday's times and km recomputed",
            trigger: ".o_kanban_group:nth-child(1) .o_column_title:contains(3 stop(s))",
        },
        {
            content: "save to the calendar",
            trigger: ".o_control_panel button[name=action_save_trip]",
            run: "click",
        },
        {
            content: "the planned visits in the calendar",
            trigger: ".o_calendar_view .fc-event",
        },
    ],
});
