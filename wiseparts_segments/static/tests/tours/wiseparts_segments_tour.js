import { registry } from "@web/core/registry";

// Opened on a segment type form: run the automatic assignment (with confirmation).
registry.category("web_tour.tours").add("wiseparts_segments_auto_assign", {
    steps: () => [
        {
            content: "The type form shows its segments",
            trigger: ".o_form_view .o_field_widget[name=segment_ids] .o_data_row",
        },
        {
            content: "Run the automatic assignment",
            trigger: "button[name=action_auto_assign]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is queued in the background",
            trigger: ".o_form_view .alert-info:contains(queued or running)",
        },
        {
            content: "The button is hidden while the run is queued",
            trigger: ".o_form_view:not(:has(button[name=action_auto_assign]))",
        },
    ],
});

// Opened on the WiseParts Customers page (kanban): the badge of the default type.
registry.category("web_tour.tours").add("wiseparts_segments_badge", {
    steps: () => [
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit Tour Top Customer",
        },
        {
            content: "Validate the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The kanban card shows the segment badge",
            trigger:
                ".o_kanban_record:contains(Tour Top Customer) .o_wiseparts_segment_badge:contains(A)",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Hovering the list badge shows the automatic value and the eligible sales",
            trigger:
                ".o_data_row:contains(Tour Top Customer) .o_wiseparts_segment_badge[title*=automatic]:contains(A)",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row:contains(Tour Top Customer) td.o_data_cell",
            run: "click",
        },
        {
            content: "Open the WiseParts page",
            trigger: ".o_notebook .nav-link:contains(WiseParts)",
            run: "click",
        },
        {
            content: "Every segment type of the customer is listed",
            trigger:
                ".o_field_widget[name=segment_assignment_ids] .o_data_row:contains(Tour ABC)",
        },
    ],
});

// Opened on a computed ABC type: the Pareto chart and the counts per segment.
registry.category("web_tour.tours").add("wiseparts_segments_pareto", {
    steps: () => [
        {
            content: "Counts per segment in the segments list",
            trigger: ".o_field_widget[name=segment_ids] .o_data_row:first td[name=customer_count]:contains(1)",
        },
        {
            content: "Open the Pareto tab",
            trigger: ".o_notebook .nav-link:contains(Pareto)",
            run: "click",
        },
        {
            content: "The chart is drawn",
            trigger: ".o_wiseparts_pareto canvas:not(.d-none)",
        },
    ],
});

// Opened on the WiseParts Customers page: override a customer's segment from the list.
registry.category("web_tour.tours").add("wiseparts_segments_override", {
    steps: () => [
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the segment dropdown of the customer",
            trigger:
                ".o_data_row:contains(Tour Top Customer) .o_wiseparts_segment_toggle:contains(A)",
            run: "click",
        },
        {
            content: "Choose segment C",
            trigger: ".o_wiseparts_segment_option:contains(C)",
            run: "click",
        },
        {
            content: "The list shows the manual segment, the customer was not opened",
            trigger:
                ".o_list_view .o_data_row:contains(Tour Top Customer) .o_wiseparts_segment_badge:contains(C)",
        },
    ],
});
