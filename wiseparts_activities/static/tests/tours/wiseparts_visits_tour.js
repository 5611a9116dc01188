import { registry } from "@web/core/registry";

// Opened on Visits to plan as a salesperson: plan the visits of two customers.
registry.category("web_tour.tours").add("wiseparts_visits_plan", {
    steps: () => [
        {
            content: "The most urgent customer comes first",
            trigger: ".o_list_view .o_data_row:first-child:contains(Visit Tour One)",
        },
        {
            content: "Select the first customer",
            trigger: ".o_data_row:contains(Visit Tour One) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second customer",
            trigger: ".o_data_row:contains(Visit Tour Two) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Plan visits",
            trigger: ".o_control_panel button[name=action_wiseparts_plan_visits]",
            run: "click",
        },
        {
            content: "The wizard lists both customers",
            trigger:
                ".modal .o_field_widget[name=partner_ids]:contains(Visit Tour One):contains(Visit Tour Two)",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button[name=action_plan]",
            run: "click",
        },
        {
            content: "The planned visits are listed",
            trigger: ".o_list_view .o_data_row:contains(Visit Tour Two)",
        },
    ],
});

// Opened on the Visit Compliance report as a sales manager.
registry.category("web_tour.tours").add("wiseparts_visits_compliance", {
    steps: () => [
        {
            content: "The chart is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the segments",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains(A)",
        },
    ],
});
