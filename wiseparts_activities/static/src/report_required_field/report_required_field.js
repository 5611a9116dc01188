import { Component } from "@odoo/owl";
import { CheckBox } from "@web/core/checkbox/checkbox";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

// a yes/no field is always answered, a separator is a title: neither can be required
const NOT_REQUIRABLE = ["boolean", "separator"];

/**
 * The required switch Odoo's properties editor lacks: one checkbox per field of the type's
 * report form (a PropertiesDefinition field of the same record); the value is the list of
 * the ticked property names (a Json field).
 */
export class ReportRequiredField extends Component {
    static template = "wiseparts_activities.ReportRequiredField";
    static components = { CheckBox };
    static props = {
        ...standardFieldProps,
        definitionField: { type: String },
    };

    get properties() {
        const definition = this.props.record.data[this.props.definitionField] || [];
        return definition.filter((property) => !NOT_REQUIRABLE.includes(property.type));
    }

    get requiredNames() {
        const value = this.props.record.data[this.props.name];
        return Array.isArray(value) ? value : [];
    }

    isRequired(name) {
        return this.requiredNames.includes(name);
    }

    label(property) {
        return property.string || property.name;
    }

    onChange(name, checked) {
        // names of fields removed from the form are dropped with the change
        const known = new Set(this.properties.map((property) => property.name));
        const names = this.requiredNames.filter((n) => n !== name && known.has(n));
        if (checked) {
            names.push(name);
        }
        this.props.record.update({ [this.props.name]: names });
    }
}

export const reportRequiredField = {
    component: ReportRequiredField,
    displayName: _t("Required report fields"),
    supportedTypes: ["json"],
    extractProps: ({ options }) => ({
        definitionField: options.definition_field || "report_definition",
    }),
};

registry.category("fields").add("wiseparts_report_required", reportRequiredField);
