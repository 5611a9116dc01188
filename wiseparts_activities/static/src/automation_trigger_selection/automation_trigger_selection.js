/** @odoo-module */
// Odoo's trigger selection of automation rules groups the triggers it knows; this one also
// knows WiseParts' events (shown only on the model each is about).
import { useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useRecordObserver } from "@web/model/relational_model/utils";
import { selectionField, SelectionField } from "@web/views/fields/selection/selection_field";
import { TRIGGER_FILTERS } from "@base_automation/utils";

const WISEPARTS_TRIGGERS = {
    wiseparts_segment_changed: "wiseparts.segment.assignment",
    wiseparts_customer_inactive: "wiseparts.segment.assignment",
    wiseparts_visit_overdue: "res.partner",
    wiseparts_quote_not_confirmed: "sale.order",
    wiseparts_reorder_overdue: "wiseparts.reorder.interval",
};

const OPT_GROUPS = [
    {
        group: { sequence: 5, key: "wiseparts", name: _t("WiseParts Events") },
        triggers: Object.keys(WISEPARTS_TRIGGERS),
    },
    {
        group: { sequence: 10, key: "values", name: _t("Values Updated") },
        triggers: [
            "on_stage_set",
            "on_user_set",
            "on_tag_set",
            "on_state_set",
            "on_priority_set",
            "on_archive",
            "on_unarchive",
        ],
    },
    {
        group: { sequence: 30, key: "timing", name: _t("Timing Conditions") },
        triggers: ["on_time", "on_time_created", "on_time_updated"],
    },
    {
        group: { sequence: 40, key: "custom", name: _t("Custom") },
        triggers: ["on_create_or_write", "on_unlink", "on_change"],
    },
    {
        group: { sequence: 50, key: "external", name: _t("External") },
        triggers: ["on_webhook"],
    },
    {
        group: { sequence: 20, key: "mail", name: _t("Email Events") },
        triggers: ["on_message_sent", "on_message_received"],
    },
    {
        group: { sequence: 60, key: "deprecated", name: _t("Deprecated (do not use)") },
        triggers: ["on_create", "on_write"],
    },
];
const OTHER_GROUP = { sequence: 70, key: "other", name: _t("Other") };

export class WisepartsTriggerSelectionField extends SelectionField {
    static template = "base_automation.TriggerSelectionField";
    setup() {
        super.setup();
        this.groupedOptions = useState([]);
        const orm = useService("orm");
        let lastModelId;
        let modelFields;
        useRecordObserver(async (record) => {
            const { data, fields } = record;
            const modelId = data.model_id?.[0];
            if (lastModelId !== modelId) {
                lastModelId = modelId;
                modelFields = await orm.searchRead(
                    "ir.model.fields",
                    [["model_id", "=", modelId]],
                    ["field_description", "name", "ttype", "relation", "model"]
                );
            }
            const modelName = data.model_name;
            const current = data[this.props.name];
            const excluded = data.model_is_mail_thread ? [] : ["mail"];
            const options = [];
            for (const [value, label] of fields[this.props.name].selection) {
                const found = OPT_GROUPS.find((g) => g.triggers.includes(value));
                const group = found ? found.group : OTHER_GROUP;
                if (
                    (group.key === "deprecated" && !found.triggers.includes(current)) ||
                    excluded.includes(group.key)
                ) {
                    continue;
                }
                if (value in WISEPARTS_TRIGGERS) {
                    if (WISEPARTS_TRIGGERS[value] !== modelName && value !== current) {
                        continue;
                    }
                } else {
                    const filterFn = TRIGGER_FILTERS[value];
                    if (filterFn && !(modelFields || []).some(filterFn)) {
                        continue;
                    }
                }
                options.push({ group, value, label });
            }
            this.groupedOptions.length = 0;
            for (const option of options) {
                const group = this.groupedOptions.find((g) => g.key === option.group.key) ?? {
                    ...option.group,
                    options: [],
                };
                group.options.push(option);
                if (!this.groupedOptions.includes(group)) {
                    this.groupedOptions.push(group);
                }
            }
            this.groupedOptions.sort((a, b) => a.sequence - b.sequence);
        });
    }
}

export const wisepartsTriggerSelectionField = {
    ...selectionField,
    component: WisepartsTriggerSelectionField,
    fieldDependencies: [
        { name: "model_is_mail_thread", type: "boolean" },
        { name: "model_name", type: "char" },
    ],
};
registry.category("fields").add("wiseparts_trigger_selection", wisepartsTriggerSelectionField);
