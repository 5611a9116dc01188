import { registry } from "@web/core/registry";

/**
 * A salesperson creates a customer with a high-priority note from the Customers page, then
 * finds it again by typing its phone number with other spaces and punctuation.
 */
registry.category("web_tour.tours").add("wiseparts_customer_tour", {
    steps: () => [
        {
            content: "Create a customer from the Customers page",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Garage Zéphyr Tour",
        },
        {
            trigger: ".o_field_widget[name=phone] input",
            run: "edit +33 6 12 34 56 78",
        },
        {
            content: "Open the WiseParts page of the customer",
            trigger: ".o_notebook_headers a[name=wiseparts]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=temperature] select",
            run: 'select "hot"',
        },
        {
            content: "Add a note",
            trigger: "div[name=wiseparts_note_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=priority] input[data-value=high]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=body] textarea",
            run: "edit Call back about the brake pads order",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger:
                "div[name=wiseparts_note_ids] .o_data_row.text-danger:contains(Call back about the brake pads order)",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_breadcrumb .active:contains(Garage Zéphyr Tour)",
        },
        {
            content: "Back to the Customers page",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Search the phone typed another way",
            trigger: ".o_kanban_view .o_searchview_input",
            run: "edit 6.12.34.56-78",
        },
        {
            trigger: ".o_searchview_autocomplete li.o_menu_item:contains(Phone)",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(6.12.34.56-78)",
        },
        {
            content: "The customer's card shows its newest note",
            trigger:
                ".o_kanban_record:contains(Garage Zéphyr Tour):contains(Call back about the brake pads order)",
        },
        {
            content: "Only the matching customer is left",
            trigger:
                ".o_kanban_view:not(:has(.o_kanban_record:not(.o_kanban_ghost):not(:contains(Garage Zéphyr Tour))))",
        },
    ],
});
