/** @odoo-module **/
import {registry} from "@web/core/registry";
import {dragOnMap} from "@wiseparts_territory/../tests/tours/map_tour_utils";

registry.category("web_tour.tours").add("wiseparts_territory_trip", {
    url: "/odoo/action-wiseparts_territory.wiseparts_territory_map_action",
    steps: () => [
        {
            content: "the rep's own customers",
            trigger: "select.o_wiseparts_map_user:has(option:contains(Tristan Trip))",
            run: "selectByLabel Tristan Trip",
        },
        {
            content: "the rep's four customers on the map",
            trigger: ".o_wiseparts_map_count:contains(4)",
        },
        {
            content: "pick the rectangle tool and draw a rectangle over the whole map",
            trigger: ".leaflet-draw-draw-rectangle",
            run() {
                document.querySelector(".leaflet-draw-draw-rectangle").click();
                const box = document
                    .querySelector(".o_wiseparts_map_canvas")
                    .getBoundingClientRect();
                dragOnMap([5, 5], [box.width - 5, box.height - 5]);
            },
        },
        {
            content: "the four customers are selected",
            trigger: ".o_wiseparts_map_selected:contains(4)",
        },
        {
            content: "Plan a Trip with them",
            trigger: ".o_wiseparts_map_plan_trip:enabled",
            run: "click",
        },
        {
            content: "the wizard has the selected customers",
            trigger: ".modal .o_field_widget[name=partner_ids] .o_tag:contains(Trip Garage 4)",
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
            content: "show the trip on the map",
            trigger: ".o_control_panel button[name=action_show_trip_map]",
            run: "click",
        },
        {
            content: "the three days' stops, numbered",
            trigger: ".o_wiseparts_map_canvas .o_wiseparts_map_stop:contains(3)",
        },
        {
            content: "show Monday only",
            trigger: "select.o_wiseparts_map_trip_day:has(option:contains(Mon 09/03))",
            run: "selectByLabel Mon 09/03",
        },
        {
            content: "Monday's route: its three stops and the line joining them",
            trigger: ".o_wiseparts_map_canvas path.o_wiseparts_map_route",
            run() {
                const stops = document.querySelectorAll(".o_wiseparts_map_stop");
                const numbers = [...stops].map((stop) => stop.textContent).join(",");
                const lines = document.querySelectorAll("path.o_wiseparts_map_route").length;
                if (numbers !== "1,2,3" || lines !== 1) {
                    throw new Error(`Monday's stops: ${numbers}, lines: ${lines}`);
                }
            },
        },
        {
            content: "back to the trip",
            trigger: ".o_wiseparts_map_trip_back",
            run: "click",
        },
        {
            content: "the trip's result screen again",
            trigger: ".o_kanban_group:nth-child(3) .o_kanban_record:contains(Trip Garage 2)",
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
