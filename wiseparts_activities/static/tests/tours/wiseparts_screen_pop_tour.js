import { registry } from "@web/core/registry";

/**
 * A call-centre operator gets the screen pop of a ringing call and logs the call.
 *
 * Odoo's test runner disables websockets, so the step "A call rings" hands the card the
 * server built for the call (get_screen_pop, the payload the bus sends) to the screen-pop
 * service, exactly as the bus subscription does.
 */
registry.category("web_tour.tours").add("wiseparts_screen_pop_tour", {
    steps: () => [
        {
            content: "Wait for the web client",
            trigger: ".o_main_navbar",
        },
        {
            content: "A call rings",
            trigger: "body",
            run: async () => {
                const env = odoo.__WOWL_DEBUG__.root.env;
                const ids = await env.services.orm.search("wiseparts.activity", [
                    ["telephony_call_id", "=", "tour-call-1"],
                ]);
                const card = await env.services.orm.call("wiseparts.activity", "get_screen_pop", [
                    ids,
                ]);
                env.services.wiseparts_screen_pop.show(card);
            },
        },
        {
            content: "The caller's card shows the customer",
            trigger: ".o_wiseparts_screen_pop_customer:contains('Garage Dupont')",
        },
        {
            trigger: ".o_wiseparts_screen_pop_quotes:contains('0')",
        },
        {
            content: "Log the call",
            trigger: ".o_wiseparts_screen_pop_log",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=report_summary] textarea",
            run: "edit Asked for brake pads prices",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The call is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
