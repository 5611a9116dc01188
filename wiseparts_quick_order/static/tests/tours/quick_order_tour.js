/** @odoo-module **/

import { registry } from "@web/core/registry";

// Started on /quick-order/<secret> by test_quick_order_tour.py (the url carries the secret).
registry.category("web_tour.tours").add("wiseparts_quick_order_tour", {
    steps: () => [
        {
            content: "Search the catalogue",
            trigger: "input#wqo_search",
            run: "edit QOT",
        },
        {
            content: "Run the search",
            trigger: "form[role=search] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type a quantity for the first product",
            trigger: ".o_wqo_product[data-code='QOT-A'] input[name=quantity]",
            run: "edit 3",
        },
        {
            content: "Add the first product to the cart",
            trigger: ".o_wqo_product[data-code='QOT-A'] button:contains('Add to cart')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The first product is in the cart",
            trigger: ".o_wqo_cart tr[data-code='QOT-A']",
        },
        {
            content: "Add the second product to the cart",
            trigger: ".o_wqo_product[data-code='QOT-B'] button:contains('Add to cart')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Both products are in the cart",
            trigger: ".o_wqo_cart tr[data-code='QOT-B']",
        },
        {
            content: "Type the purchase order number",
            trigger: "input#client_order_ref",
            run: "edit PO-TOUR-1",
        },
        {
            content: "Place the order",
            trigger: "button:contains('Place order')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation shows the order reference",
            trigger: ".o_wqo_done .o_wqo_order_name:contains('S')",
        },
        {
            content: "The confirmation shows the customer's reference",
            trigger: ".o_wqo_done:contains('PO-TOUR-1')",
        },
    ],
});
