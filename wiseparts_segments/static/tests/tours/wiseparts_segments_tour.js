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

// Opened on the customer list: the badge of the default type is shown.
registry.category("web_tour.tours").add("wiseparts_segments_badge", {
    steps: () => [
        {
            content: "The customer's segment badge",
            trigger:
                ".o_data_row:contains(Tour Top Customer) .o_wiseparts_segment_badge:contains(A)",
        },
        {
            content: "Hovering shows the automatic value and the eligible sales",
            trigger:
                ".o_data_row:contains(Tour Top Customer) .o_wiseparts_segment_badge[title*=automatic]",
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
