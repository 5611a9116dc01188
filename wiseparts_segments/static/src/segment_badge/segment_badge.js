import { _t } from "@web/core/l10n/translation";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component, useState } from "@odoo/owl";

// the segments offered by the dropdown: those of the active default types (as the field's domain)
const DEFAULT_TYPE_SEGMENTS = [
    ["type_id.is_default", "=", true],
    ["type_id.active", "=", true],
];

/**
 * A coloured badge for a customer's segment (many2one), with the automatic value, the
 * manual value and the eligible sales in its tooltip (hover).
 *
 * With the `dropdown` option (the Customers list), clicking the badge opens the segments of
 * the default type: choosing one saves it (the customer's manual segment), the empty
 * choice clears it. The server decides who may (salespeople: their own customers).
 */
export class SegmentBadgeField extends Component {
    static template = "wiseparts_segments.SegmentBadgeField";
    static components = { Dropdown, DropdownItem };
    static props = {
        ...standardFieldProps,
        colorField: { type: String, optional: true },
        tooltipField: { type: String, optional: true },
        dropdown: { type: Boolean, optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ segments: [] });
    }

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

    get emptyLabel() {
        return _t("Automatic segment");
    }

    onClickDropdown(ev) {
        // the list must not open the customer when the segment is clicked
        ev.stopPropagation();
    }

    async loadSegments() {
        this.state.segments = await this.orm.searchRead(
            "wiseparts.segment",
            DEFAULT_TYPE_SEGMENTS,
            ["display_name", "color"]
        );
    }

    async select(segment) {
        const value = segment ? [segment.id, segment.display_name] : false;
        await this.props.record.update({ [this.props.name]: value }, { save: true });
    }
}

registry.category("fields").add("wiseparts_segment_badge", {
    component: SegmentBadgeField,
    displayName: _t("Segment Badge"),
    supportedTypes: ["many2one"],
    extractProps: ({ options }) => ({
        colorField: options.color_field,
        tooltipField: options.tooltip_field,
        dropdown: Boolean(options.dropdown),
    }),
    fieldDependencies: ({ options }) =>
        [
            options.color_field && { name: options.color_field, type: "integer" },
            options.tooltip_field && { name: options.tooltip_field, type: "char" },
        ].filter(Boolean),
});
