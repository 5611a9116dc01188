/** @odoo-module **/
import {registry} from "@web/core/registry";
import {dragOnMap} from "@wiseparts_territory/../tests/tours/map_tour_utils";

registry.category("web_tour.tours").add("wiseparts_territory_map_reassign", {
    url: "/odoo/action-wiseparts_territory.wiseparts_territory_map_action",
    steps: () => [
        {
            content: "the map shows the customers",
            trigger: ".o_wiseparts_map_legend li",
        },
        {
            content: "the map shows them as clusters or markers",
            trigger: ".o_wiseparts_map_canvas .marker-cluster, .o_wiseparts_map_marker",
        },
        {
            content: "filter by salesperson",
            trigger: "select.o_wiseparts_map_user:has(option:contains(Rita Rep))",
            run: "selectByLabel Rita Rep",
        },
        {
            content: "Rita's three customers",
            trigger: ".o_wiseparts_map_count:contains(3)",
        },
        {
            content: "filter by segment",
            trigger: "select.o_wiseparts_map_segment:has(option:contains(Map Tour A))",
            run: "selectByLabel Map Tour A",
        },
        {
            content: "two customers of segment A are left",
            trigger: ".o_wiseparts_map_count:contains(2)",
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
            content: "both customers are selected",
            trigger: ".o_wiseparts_map_selected:contains(2)",
        },
        {
            content: "reassign them",
            trigger: ".o_wiseparts_map_reassign",
            run: "click",
        },
        {
            content: "choose the new salesperson",
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit Oscar Other",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Oscar Other)",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_reassign]",
            run: "click",
        },
        {
            content: "the map reloads after the dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("wiseparts_territory_draw", {
    url: "/odoo/action-wiseparts_territory.wiseparts_territory_map_action",
    steps: () => [
        {
            trigger: "select.o_wiseparts_map_user:has(option:contains(Rita Rep))",
            run: "selectByLabel Rita Rep",
        },
        {
            trigger: ".o_wiseparts_map_count:contains(3)",
        },
        {
            content: "pick the rectangle tool and draw the territory's area",
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
            trigger: ".o_wiseparts_map_save_territory",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Drawn Lyon",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "zoom in on clusters until a customer shows alone, and click it",
            trigger: ".o_wiseparts_map_canvas .marker-cluster, .o_wiseparts_map_marker",
            async run() {
                for (let i = 0; i < 10 && !document.querySelector(".o_wiseparts_map_marker"); i++) {
                    document.querySelector(".o_wiseparts_map_canvas .marker-cluster").click();
                    await new Promise((resolve) => setTimeout(resolve, 500));
                }
                document
                    .querySelector(".o_wiseparts_map_marker")
                    .dispatchEvent(new MouseEvent("click", {bubbles: true}));
            },
        },
        {
            content: "the popup names the customer and its salesperson; open the customer",
            trigger: ".o_wiseparts_map_popup:contains(Salesperson: Rita Rep) a:contains(Garage)",
            run: "click",
        },
        {
            content: "the customer's form",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(/^Garage/)",
        },
    ],
});

/** Click what shows at the centre of the ``index``-th customer marker from the top. */
function clickMarkerFromTop(index) {
    const markers = [...document.querySelectorAll(".o_wiseparts_map_marker")].map((marker) =>
        marker.getBoundingClientRect()
    );
    markers.sort((a, b) => a.top - b.top);
    const box = markers[index];
    document
        .elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
        .dispatchEvent(new MouseEvent("click", {bubbles: true}));
}

registry.category("web_tour.tours").add("wiseparts_territory_map_same_point", {
    url: "/odoo/action-wiseparts_territory.wiseparts_territory_map_action",
    steps: () => [
        {
            content: "filter by the salesperson of two branches in one building",
            trigger: "select.o_wiseparts_map_user:has(option:contains(Oscar Other))",
            run: "selectByLabel Oscar Other",
        },
        {
            trigger: ".o_wiseparts_map_count:contains(2)",
        },
        {
            content: "zoom in on their cluster until the customers show alone",
            trigger: ".o_wiseparts_map_canvas .marker-cluster",
            async run() {
                for (let i = 0; i < 10 && !document.querySelector(".o_wiseparts_map_marker"); i++) {
                    document.querySelector(".o_wiseparts_map_canvas .marker-cluster").click();
                    await new Promise((resolve) => setTimeout(resolve, 500));
                }
            },
        },
        {
            content: "the first customer (by id) shows above the point: click where it shows",
            trigger: ".o_wiseparts_map_marker ~ .o_wiseparts_map_marker",
            run: () => clickMarkerFromTop(0),
        },
        {
            trigger: ".o_wiseparts_map_popup a:contains(Depot Confluence North)",
        },
        {
            content: "close its popup",
            trigger: ".leaflet-popup-close-button",
            run: "click",
        },
        {
            content: "the second one shows below the point: click where it shows",
            trigger: "body:not(:has(.o_wiseparts_map_popup))",
            run: () => clickMarkerFromTop(1),
        },
        {
            content: "its own popup: both customers are reachable",
            trigger: ".o_wiseparts_map_popup a:contains(Depot Confluence South)",
            run: "click",
        },
        {
            content: "the customer's form",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Depot Confluence South)",
        },
    ],
});
