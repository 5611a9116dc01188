import { Component, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";
import { getColor } from "@web/core/colors/colors";

export const SIZES = [
    ["small", _t("Small")],
    ["medium", _t("Medium")],
    ["large", _t("Large")],
];

export const PERIODS = [
    ["this_month", _t("This month")],
    ["last_month", _t("Last month")],
    ["last_12_months", _t("Last 12 months")],
    ["custom", _t("Custom")],
];

/**
 * One widget of the dashboard: its figures (KPIs, a Chart.js chart, a table), each figure
 * opening the records behind it, and its own toolbar (period, size, export, remove).
 */
export class DashboardWidget extends Component {
    static template = "wiseparts_base.DashboardWidget";
    static props = {
        item: Object,
        index: Number,
        data: { type: [Object, { value: null }], optional: true },
        error: { type: [String, { value: null }], optional: true },
        onChange: Function,
        onRemove: Function,
        onOpen: Function,
    };

    setup() {
        this.sizes = SIZES;
        this.periods = PERIODS;
        this.canvasRef = useRef("canvas");
        this.chart = null;
        useEffect(
            () => {
                this.renderChart();
            },
            () => [this.props.data, this.props.item.size]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    get exportUrl() {
        const { widget_key, date_from, date_to } = this.props.item;
        const query = new URLSearchParams({ date_from, date_to });
        return `/wiseparts/dashboard/xlsx/${encodeURIComponent(widget_key)}?${query}`;
    }

    format(value, type) {
        if (value === null || value === undefined || value === false) {
            return "–";
        }
        const data = this.props.data || {};
        switch (type) {
            case "monetary":
                return formatMonetary(value, { currencyId: data.currency?.id });
            case "integer":
                return formatInteger(value);
            case "float":
                return formatFloat(value);
            case "percent":
                return `${formatFloat(value, { digits: [16, 1] })} %`;
            default:
                return String(value);
        }
    }

    renderChart() {
        this.chart?.destroy();
        this.chart = null;
        const chart = this.props.data?.chart;
        const canvas = this.canvasRef.el;
        if (!chart || !canvas || !window.Chart) {
            return;
        }
        const datasets = chart.datasets.map((dataset, index) => {
            const color = getColor(index, "light");
            return {
                ...dataset,
                backgroundColor: color,
                borderColor: color,
                fill: false,
            };
        });
        this.chart = new window.Chart(canvas, {
            type: chart.type || "bar",
            data: { labels: chart.labels, datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { position: "bottom" } },
                onClick: (event, elements) => this.onChartClick(elements),
            },
        });
    }

    onChartClick(elements) {
        // a bar opens the records of its cell of the table (same row, same column)
        const element = elements?.[0];
        const table = this.props.data?.table;
        if (!element || !table) {
            return;
        }
        const row = table.rows[element.index];
        const column = this._datasetColumn(element.datasetIndex);
        const action = row?.actions?.[column];
        if (action) {
            this.props.onOpen(action);
        }
    }

    _datasetColumn(datasetIndex) {
        const dataset = this.props.data.chart.datasets[datasetIndex];
        return dataset?.column ?? -1;
    }

    onPeriodChange(ev) {
        const period = ev.target.value;
        if (period === this.props.item.period) {
            return;
        }
        const changes = { period };
        if (period === "custom" && !this.props.item.custom_date_from) {
            changes.custom_date_from = this.props.item.date_from;
            changes.custom_date_to = this.props.item.date_to;
        }
        this.props.onChange(this.props.index, changes);
    }

    onCustomDate(field, ev) {
        if (ev.target.value) {
            this.props.onChange(this.props.index, { [field]: ev.target.value });
        }
    }
}
