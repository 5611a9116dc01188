import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSortable } from "@web/core/utils/sortable_owl";
import { DashboardWidget } from "./dashboard_widget";

const LAYOUT_MODEL = "wiseparts.dashboard.layout";

/**
 * WiseParts ▸ Dashboard: the user's own page of widgets, stored in
 * wiseparts.dashboard.layout. Every change (add, remove, move, resize, period) is saved at
 * once; the server answers with the page and each widget's dates.
 */
export class WisepartsDashboard extends Component {
    static template = "wiseparts_base.WisepartsDashboard";
    static components = { DashboardWidget, Dropdown, DropdownItem };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.gridRef = useRef("grid");
        this.state = useState({ items: [], catalogue: [], figures: {}, errors: {} });
        onWillStart(async () => {
            // Both start at once: asking the server after an await would reject with
            // "Component is destroyed" when the user leaves the page before the charts load.
            const [, dashboard] = await Promise.all([
                loadBundle("web.chartjs_lib"),
                this.orm.call(LAYOUT_MODEL, "get_user_dashboard", []),
            ]);
            this.apply(dashboard);
        });
        useSortable({
            ref: this.gridRef,
            elements: ".o_wiseparts_dashboard_item",
            handle: ".o_wiseparts_dashboard_handle",
            cursor: "move",
            onDrop: (params) => this.onDrop(params),
        });
    }

    figureKey(item) {
        return `${item.widget_key}|${item.date_from}|${item.date_to}`;
    }

    apply(dashboard) {
        this.state.items = dashboard.items;
        this.state.catalogue = dashboard.catalogue;
        for (const item of dashboard.items) {
            this.loadFigures(item);
        }
    }

    async loadFigures(item) {
        const key = this.figureKey(item);
        if (key in this.state.figures || key in this.state.errors) {
            return;
        }
        this.state.figures[key] = null;
        try {
            this.state.figures[key] = await this.orm.call("wiseparts.dashboard", "widget_data", [
                item.widget_key,
                item.date_from,
                item.date_to,
            ]);
        } catch (error) {
            delete this.state.figures[key];
            this.state.errors[key] = error.data?.message || error.message || String(error);
        }
    }

    async save(items) {
        const values = items.map((item) => ({
            widget_key: item.widget_key,
            size: item.size,
            period: item.period,
            custom_date_from: item.custom_date_from || false,
            custom_date_to: item.custom_date_to || false,
        }));
        const dashboard = await this.orm.call(LAYOUT_MODEL, "save_user_dashboard", [values]);
        this.apply(dashboard);
    }

    addWidget(key) {
        return this.save([...this.state.items, { widget_key: key, size: "medium", period: "this_month" }]);
    }

    removeWidget(index) {
        return this.save(this.state.items.filter((item, i) => i !== index));
    }

    changeWidget(index, changes) {
        const items = this.state.items.map((item, i) => (i === index ? { ...item, ...changes } : item));
        return this.save(items);
    }

    onDrop({ element, previous }) {
        const from = Number(element.dataset.index);
        const items = [...this.state.items];
        const [moved] = items.splice(from, 1);
        let to = 0;
        if (previous) {
            const previousIndex = Number(previous.dataset.index);
            to = previousIndex < from ? previousIndex + 1 : previousIndex;
        }
        items.splice(to, 0, moved);
        return this.save(items);
    }

    async reset() {
        this.apply(await this.orm.call(LAYOUT_MODEL, "reset_user_dashboard", []));
    }

    openAction(action) {
        return this.action.doAction(action);
    }
}

registry.category("actions").add("wiseparts_dashboard", WisepartsDashboard);
