/** @odoo-module **/
/* global L */
import {Component, onMounted, onWillStart, onWillUnmount, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/** Is the point [lat, lon] inside the polygon of [lat, lon] (ray casting)? */
function insidePolygon([lat, lon], ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [yi, xi] = ring[i];
        const [yj, xj] = ring[j];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
            inside = !inside;
        }
    }
    return inside;
}

export class TerritoryMap extends Component {
    static template = "wiseparts_territory.TerritoryMap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        this.points = [];
        this.state = useState({
            colorBy: "salesperson",
            segmentId: "",
            userId: "",
            status: "",
            territoryId: "",
            overdue: false,
            legend: [],
            count: 0,
            selectedIds: [],
            drawnGeometry: null,
            options: {segments: [], users: [], territories: [], tile_url: false},
        });
        onWillStart(async () => {
            this.state.options = await this.orm.call("res.partner", "wiseparts_map_options", []);
        });
        onMounted(() => this.setupMap());
        onWillUnmount(() => this.map && this.map.remove());
    }

    setupMap() {
        const {tile_url, attribution} = this.state.options;
        this.map = L.map(this.mapRef.el, {preferCanvas: true}).setView([46.5, 2.5], 6);
        if (tile_url) {
            L.tileLayer(tile_url, {attribution, maxZoom: 19}).addTo(this.map);
        }
        this.cluster = L.markerClusterGroup({chunkedLoading: true, disableClusteringAtZoom: 15});
        this.map.addLayer(this.cluster);
        this.drawn = new L.FeatureGroup().addTo(this.map);
        this.map.addControl(
            new L.Control.Draw({
                draw: {
                    polyline: false,
                    circle: false,
                    marker: false,
                    circlemarker: false,
                    rectangle: {showArea: false},
                    polygon: {showArea: false},
                },
            })
        );
        this.map.on(L.Draw.Event.CREATED, (ev) => this.onDrawn(ev.layer));
        this.load();
    }

    domain() {
        const domain = [["is_wiseparts_customer", "=", true]];
        const {segmentId, userId, status, territoryId, overdue} = this.state;
        if (segmentId) {
            domain.push(["default_segment_id", "=", parseInt(segmentId, 10)]);
        }
        if (userId) {
            domain.push(["user_id", "=", parseInt(userId, 10)]);
        }
        if (status) {
            domain.push(["customer_status", "=", status]);
        }
        if (territoryId) {
            domain.push(["wiseparts_territory_id", "=", parseInt(territoryId, 10)]);
        }
        if (overdue) {
            domain.push(["visit_days_overdue", ">", 0]);
        }
        return domain;
    }

    async load() {
        const result = await this.orm.call("res.partner", "wiseparts_map_points", [this.domain()], {
            color_by: this.state.colorBy,
        });
        this.points = result.points;
        this.state.legend = result.legend;
        this.state.count = result.points.length;
        this.clearSelection();
        const colors = result.legend.map((entry) => entry.color);
        const markers = result.points.map(([id, lat, lon, index]) => {
            const marker = L.circleMarker([lat, lon], {
                radius: 7,
                color: "#ffffff",
                weight: 1,
                fillColor: colors[index],
                fillOpacity: 0.9,
            });
            marker.on("click", () => this.openPopup(marker, id));
            return marker;
        });
        this.cluster.clearLayers();
        this.cluster.addLayers(markers);
        if (markers.length) {
            this.map.fitBounds(this.cluster.getBounds(), {maxZoom: 12});
        }
    }

    async openPopup(marker, partnerId) {
        const info = await this.orm.call("res.partner", "wiseparts_map_popup", [partnerId]);
        const root = document.createElement("div");
        root.className = "o_wiseparts_map_popup";
        const title = document.createElement("a");
        title.href = `/odoo/res.partner/${partnerId}`;
        title.textContent = info.name;
        title.className = "fw-bold d-block mb-1";
        title.addEventListener("click", (ev) => {
            ev.preventDefault();
            this.action.doAction({
                type: "ir.actions.act_window",
                res_model: "res.partner",
                res_id: partnerId,
                views: [[false, "form"]],
            });
        });
        root.appendChild(title);
        for (const [label, value] of info.lines) {
            const line = document.createElement("div");
            line.textContent = `${label}: ${value || "—"}`;
            root.appendChild(line);
        }
        marker.bindPopup(root).openPopup();
    }

    onDrawn(layer) {
        this.drawn.clearLayers();
        this.drawn.addLayer(layer);
        const ring = layer.getLatLngs()[0].map((ll) => [ll.lat, ll.lng]);
        this.state.selectedIds = this.points
            .filter(([, lat, lon]) => insidePolygon([lat, lon], ring))
            .map(([id]) => id);
        const coordinates = ring.map(([lat, lon]) => [lon, lat]);
        coordinates.push(coordinates[0]);
        this.state.drawnGeometry = JSON.stringify({type: "Polygon", coordinates: [coordinates]});
    }

    clearSelection() {
        this.state.selectedIds = [];
        this.state.drawnGeometry = null;
        if (this.drawn) {
            this.drawn.clearLayers();
        }
    }

    onFilterChange(field, ev) {
        this.state[field] = ev.target.type === "checkbox" ? ev.target.checked : ev.target.value;
        this.load();
    }

    reassign() {
        this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Reassign"),
                res_model: "wiseparts.reassign",
                views: [[false, "form"]],
                target: "new",
                context: {default_partner_ids: [[6, 0, this.state.selectedIds]]},
            },
            {onClose: () => this.load()}
        );
    }

    saveTerritory() {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("New Territory"),
            res_model: "wiseparts.territory",
            views: [[false, "form"]],
            target: "new",
            context: {default_geometry: this.state.drawnGeometry},
        });
    }
}

registry.category("actions").add("wiseparts_territory_map", TerritoryMap);
