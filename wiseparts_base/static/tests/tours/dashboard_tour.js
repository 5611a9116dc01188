import { registry } from "@web/core/registry";

const ITEM = ".o_wiseparts_dashboard_grid .o_wiseparts_dashboard_item";

function addSalesWidget(count) {
    return [
        {
            content: "Open the catalogue",
            trigger: ".o_wiseparts_dashboard .o_wiseparts_dashboard_add",
            run: "click",
        },
        {
            content: "Add the sales widget",
            trigger: ".o_wiseparts_dashboard_catalogue_item[data-key=sales_vs_goal]",
            run: "click",
        },
        {
            content: `${count} widget(s) on the page, figures loaded`,
            trigger: `${ITEM}:nth-child(${count}) .o_wiseparts_dashboard_kpis`,
        },
    ];
}

/**
 * A sales manager builds a dashboard: adds three widgets, gives the second one the last 12
 * months and the third one the large size, drags the third one first, reloads the page and
 * finds the same layout.
 */
registry.category("web_tour.tours").add("wiseparts_dashboard_tour", {
    steps: () => [
        {
            content: "The page starts empty",
            trigger: ".o_wiseparts_dashboard .o_wiseparts_dashboard_empty",
        },
        ...addSalesWidget(1),
        ...addSalesWidget(2),
        ...addSalesWidget(3),
        {
            content: "Second widget: last 12 months",
            trigger: `${ITEM}:nth-child(2) select.o_wiseparts_dashboard_period`,
            run() {
                // as the browser's own picker does: set the value, then "change"
                this.anchor.value = "last_12_months";
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: `${ITEM}:nth-child(2)[data-period=last_12_months] .o_wiseparts_dashboard_kpis`,
        },
        {
            content: "Third widget: large",
            trigger: `${ITEM}:nth-child(3) .o_wiseparts_dashboard_sizes button[data-size=large]`,
            run: "click",
        },
        {
            trigger: `${ITEM}:nth-child(3)[data-size=large] .o_wiseparts_dashboard_kpis`,
        },
        {
            content: "Drag the large widget to the top",
            trigger: `${ITEM}:nth-child(3) .o_wiseparts_dashboard_handle`,
            run: `drag_and_drop ${ITEM}:nth-child(1)`,
        },
        {
            trigger: `${ITEM}:nth-child(1)[data-size=large] .o_wiseparts_dashboard_kpis`,
        },
        {
            content: "Reload the page",
            trigger: `${ITEM}:nth-child(3)[data-period=last_12_months]`,
            expectUnloadPage: true,
            run() {
                window.location.reload();
            },
        },
        {
            content: "Same layout after reload",
            trigger: `${ITEM}:nth-child(1)[data-size=large][data-period=this_month]`,
        },
        {
            trigger: `${ITEM}:nth-child(2)[data-size=medium][data-period=this_month]`,
        },
        {
            trigger: `${ITEM}:nth-child(3)[data-size=medium][data-period=last_12_months] .o_wiseparts_dashboard_kpis`,
        },
        {
            content: "A figure opens the invoices behind it",
            trigger: `${ITEM}:nth-child(1) .o_wiseparts_dashboard_kpi a.o_wiseparts_dashboard_figure`,
            run: "click",
        },
        {
            trigger: ".o_list_view, .o_view_nocontent",
        },
    ],
});
