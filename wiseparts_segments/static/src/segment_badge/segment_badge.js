import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component } from "@odoo/owl";

/**
 * A coloured badge for a customer's segment (many2one), with the automatic value, the
 * manual value and the eligible sales in its tooltip (hover).
 */
export class SegmentBadgeField extends Component {
    static template = "wiseparts_segments.SegmentBadgeField";
    static props = {
        ...standardFieldProps,
        colorField: { type: String, optional: true },
        tooltipField: { type: String, optional: true },
    };

    get label() {
        const formatter = registry.category("formatters").get("many2one");
        return formatter(this.props.record.data[this.props.name]);
    }

    get colorClass() {
        const color = this.props.colorField ? this.props.record.data[this.props.colorField] : 0;
        return `o_tag_color_${color || 0}`;
    }

    get tooltip() {
        return (this.props.tooltipField && this.props.record.data[this.props.tooltipField]) || "";
    }
}

registry.category("fields").add("wiseparts_segment_badge", {
    component: SegmentBadgeField,
    displayName: _t("Segment Badge"),
    supportedTypes: ["many2one"],
    extractProps: ({ options }) => ({
        colorField: options.color_field,
        tooltipField: options.tooltip_field,
    }),
    fieldDependencies: ({ options }) =>
        [
            options.color_field && { name: options.color_field, type: "integer" },
            options.tooltip_field && { name: options.tooltip_field, type: "char" },
        ].filter(Boolean),
});
