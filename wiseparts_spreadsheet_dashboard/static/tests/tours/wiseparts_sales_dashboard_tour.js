import { registry } from "@web/core/registry";

/**
 * A sales manager opens Dashboards, picks "WiseParts sales" and gets its filters, key figures
 * and charts.
 */
registry.category("web_tour.tours").add("wiseparts_sales_dashboard_tour", {
    steps: () => [
        {
            content: "Pick the WiseParts sales dashboard",
            trigger: ".o_search_panel_category_value:contains(WiseParts sales)",
            run: "click",
            timeout: 30000, // the spreadsheet bundle loads first
        },
        {
            trigger: ".o_search_panel_category_value.active:contains(WiseParts sales)",
        },
        {
            content: "Its filters are shown: period, salesperson, team, segment, customer",
            trigger: ".o_filter_value_container .o-filter-value[title=Segment] input",
        },
        {
            trigger: ".o_filter_value_container .o-filter-value[title=Salesperson] input",
        },
        {
            content: "Key figures",
            trigger: ".o_renderer .o-figure .o-scorecard",
            timeout: 30000,
        },
        {
            content: "No loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
            run() {
                const scorecards = document.querySelectorAll(".o_renderer .o-scorecard");
                const figures = document.querySelectorAll(".o_renderer .o-figure");
                if (scorecards.length !== 3 || figures.length !== 6) {
                    throw new Error(
                        `expected 3 key figures and 6 figures, got ${scorecards.length} and ${figures.length}`
                    );
                }
            },
        },
    ],
});
