/** @odoo-module **/
/* The trip result screen: one column per day; after a stop is dropped, reload every column
   so that the times, km and drive times recomputed by the server show. */
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {registry} from "@web/core/registry";

export class TripKanbanRenderer extends KanbanRenderer {
    async sortRecordDrop(...args) {
        try {
            await super.sortRecordDrop(...args);
        } finally {
            await this.props.list.model.load();
        }
    }
}

registry.category("views").add("wiseparts_trip_kanban", {
    ...kanbanView,
    Renderer: TripKanbanRenderer,
});
