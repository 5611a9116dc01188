import { _t } from "@web/core/l10n/translation";
import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";

/**
 * Pareto chart of a segment type: cumulative share of eligible sales (y) against the
 * share of customers ranked by sales (x), with one horizontal line per cumulative
 * segment threshold. Data: the type's `pareto_data` JSON field.
 */
export class ParetoChartField extends Component {
    static template = "wiseparts_segments.ParetoChartField";
    static props = { ...standardFieldProps };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                this.renderChart();
            },
            () => [this.props.record.data[this.props.name]]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    get data() {
        return this.props.record.data[this.props.name] || { points: [], thresholds: [] };
    }

    renderChart() {
        this.chart?.destroy();
        if (!this.canvasRef.el || !this.data.points.length) {
            return;
        }
        const points = this.data.points.map(([x, y]) => ({ x, y }));
        const datasets = [
            {
                label: _t("Cumulative share of sales (%)"),
                data: points,
                borderColor: "#017e84",
                backgroundColor: "rgba(1,126,132,0.15)",
                fill: true,
                pointRadius: 0,
            },
            ...this.data.thresholds.map((threshold) => ({
                label: `${threshold.name} (${threshold.value} %)`,
                data: [
                    { x: 0, y: threshold.value },
                    { x: 100, y: threshold.value },
                ],
                borderDash: [6, 4],
                borderWidth: 1,
                pointRadius: 0,
                fill: false,
            })),
        ];
        this.chart = new Chart(this.canvasRef.el, {
            type: "line",
            data: { datasets },
            options: {
                animation: false,
                maintainAspectRatio: false,
                parsing: false,
                scales: {
                    x: {
                        type: "linear",
                        min: 0,
                        max: 100,
                        title: { display: true, text: _t("Customers (%)") },
                    },
                    y: {
                        min: 0,
                        max: 100,
                        title: { display: true, text: _t("Sales (%)") },
                    },
                },
            },
        });
    }
}

registry.category("fields").add("wiseparts_pareto_chart", {
    component: ParetoChartField,
    displayName: _t("Pareto Chart"),
    supportedTypes: ["json"],
});
