import { Component, reactive } from "@odoo/owl";
import { registry } from "@web/core/registry";

/**
 * Screen pop of the call centre: the server sends "wiseparts_screen_pop" on the bus to the
 * agent a call rings for (their own partner channel); this service keeps the callers' cards
 * and the ScreenPopContainer (a main component) shows them until closed.
 */
export class ScreenPopCard extends Component {
    static template = "wiseparts_activities.ScreenPopCard";
    static props = ["card", "close", "openCustomer", "logCall"];
}

export class ScreenPopContainer extends Component {
    static template = "wiseparts_activities.ScreenPopContainer";
    static components = { ScreenPopCard };
    static props = ["state", "close", "openCustomer", "logCall"];
}

export const screenPopService = {
    dependencies: ["action", "bus_service"],
    start(env, { action, bus_service }) {
        const state = reactive({ cards: [] });

        function close(card) {
            const index = state.cards.findIndex((c) => c.activity_id === card.activity_id);
            if (index >= 0) {
                state.cards.splice(index, 1);
            }
        }

        function show(payload) {
            close(payload);
            state.cards.push(payload);
        }

        async function openCustomer(card) {
            await action.doAction({
                type: "ir.actions.act_window",
                res_model: "res.partner",
                res_id: card.partner_id,
                views: [[false, "form"]],
                target: "current",
            });
            close(card);
        }

        async function logCall(card) {
            await action.doAction({
                type: "ir.actions.act_window",
                res_model: "wiseparts.activity",
                res_id: card.activity_id,
                views: [[false, "form"]],
                target: "current",
            });
            close(card);
        }

        bus_service.subscribe("wiseparts_screen_pop", show);
        bus_service.start();

        registry.category("main_components").add("wiseparts_activities.ScreenPop", {
            Component: ScreenPopContainer,
            props: { state, close, openCustomer, logCall },
        });
        return { show, close, state };
    },
};

registry.category("services").add("wiseparts_screen_pop", screenPopService);

