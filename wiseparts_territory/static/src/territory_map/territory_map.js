/** @odoo-module **/
/* global L */
import {Component, onMounted, onWillUnmount, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/** Zoom from which the server sends every customer alone (its MAP_NO_CLUSTER_ZOOM). */
const NO_CLUSTER_ZOOM = 15;
/** Colour of customers without salesperson or segment (the server's NO_COLOR). */
const NO_COLOR = "#9ca3af";
/** Pixels between customers at the same coordinates, drawn around their point. */
const SPREAD_SPACING = 18;

/** Colours of a trip's days on the map, in turn. */
const DAY_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c"];

/** A stop's numbered icon, in its day's colour. */
function stopIcon(number, color) {
    return L.divIcon({
        html: `<div style="background: ${color};">${number}</div>`,
        className: "o_wiseparts_map_stop",
        iconSize: L.point(24, 24),
    });
}

/** A cluster's icon, as Leaflet.markercluster draws it (its classes and stylesheet). */
function clusterIcon(count) {
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
        html: `<div><span>${count}</span></div>`,
        className: `marker-cluster marker-cluster-${size}`,
        iconSize: L.point(40, 40),
    });
}

export class TerritoryMap extends Component {
    static template = "wiseparts_territory.TerritoryMap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        this.loads = 0;
        this.views = 0;
        this.colors = new Map();
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
            trip: null,
            tripDayId: "",
            options: {segments: [], users: [], territories: [], tile_url: false},
        });
        onMounted(() => this.setupMap());
        onWillUnmount(() => {
            this.map.remove();
            this.map = null;
        });
    }

    setupMap() {
        // SVG markers: a view holds at most one group per cell of the grid (a few hundred)
        this.map = L.map(this.mapRef.el).setView([46.5, 2.5], 6);
        // the customers, grouped by the server for the view shown (see wiseparts_map_clusters)
        this.markers = L.layerGroup().addTo(this.map);
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
        this.map.on("moveend", () => this.loadView());
        // a trip's routes (opened from a trip's result screen), above the customers
        this.routes = L.layerGroup().addTo(this.map);
        this.tripId = this.props.action?.context?.wiseparts_trip_id;
        // the customers first; then the filters' choices and the tiles (markers need none)
        this.load()
            .then(() => this.loadOptions())
            .then(() => this.loadTrip());
    }

    async loadOptions() {
        const options = await this.orm.call("res.partner", "wiseparts_map_options", []);
        if (!this.map) {
            return;
        }
        this.state.options = options;
        if (options.tile_url) {
            L.tileLayer(options.tile_url, {attribution: options.attribution, maxZoom: 19}).addTo(
                this.map
            );
        }
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

    /** The filtered customers: count, legend and the clusters of a view that fits them. */
    async load() {
        const load = ++this.loads;
        const view = ++this.views;
        const {x, y} = this.map.getSize();
        const result = await this.orm.call(
            "res.partner",
            "wiseparts_map_overview",
            [this.domain()],
            {color_by: this.state.colorBy, width: Math.max(x, 1), height: Math.max(y, 1)}
        );
        if (load !== this.loads || !this.map) {
            return;
        }
        this.state.legend = result.legend;
        this.state.count = result.count;
        this.colors = new Map(result.legend.map((entry) => [entry.key, entry.color]));
        this.clearSelection();
        if (view !== this.views) {
            return; // the user moved the map meanwhile: that view's clusters are coming
        }
        if (result.bounds) {
            // fitBounds' centre at the server's zoom; the clusters are those of this view
            const [south, west] = result.bounds[0];
            const [north, east] = result.bounds[1];
            const corner1 = this.map.project([north, west], result.zoom);
            const corner2 = this.map.project([south, east], result.zoom);
            const center = this.map.unproject(corner1.add(corner2).divideBy(2), result.zoom);
            this.moving = true;
            this.map.setView(center, result.zoom, {animate: false});
            this.moving = false;
        }
        this.draw(result.clusters);
    }

    /** The clusters of the view after the user moved or zoomed the map. */
    async loadView() {
        if (this.moving) {
            return;
        }
        const view = ++this.views;
        const zoom = this.map.getZoom();
        const bounds = this.map.getPixelBounds();
        const clusters = await this.orm.call(
            "res.partner",
            "wiseparts_map_clusters",
            [this.domain()],
            {
                color_by: this.state.colorBy,
                zoom,
                pixels: [bounds.min.x, bounds.min.y, bounds.max.x, bounds.max.y],
            }
        );
        if (view === this.views && this.map) {
            this.draw(clusters);
        }
    }

    /** The trip's days, drawn as numbered stops joined by a line from start to end. */
    async loadTrip() {
        if (!this.tripId || !this.map) {
            return;
        }
        const trip = await this.orm.call("wiseparts.trip", "wiseparts_map_route", [
            [this.tripId],
        ]);
        if (!this.map) {
            return;
        }
        this.state.trip = trip;
        this.drawTrip();
    }

    drawTrip() {
        this.routes.clearLayers();
        const {trip, tripDayId} = this.state;
        const points = [trip.start, trip.end];
        trip.days.forEach((day, index) => {
            if (tripDayId && day.id !== parseInt(tripDayId, 10)) {
                return;
            }
            const color = DAY_COLORS[index % DAY_COLORS.length];
            const line = [trip.start, ...day.stops.map((stop) => [stop.lat, stop.lon]), trip.end];
            points.push(...line);
            if (day.stops.length) {
                this.routes.addLayer(
                    L.polyline(line, {
                        className: "o_wiseparts_map_route",
                        color,
                        weight: 4,
                        opacity: 0.8,
                    })
                );
            }
            day.stops.forEach((stop, n) => {
                const marker = L.marker([stop.lat, stop.lon], {
                    icon: stopIcon(n + 1, color),
                    title: `${n + 1}. ${stop.name}`,
                    zIndexOffset: 1000,
                });
                marker.on("click", () => this.openPopup([stop.lat, stop.lon], stop.partner_id));
                this.routes.addLayer(marker);
            });
        });
        // the start point in black, the end point (when elsewhere) in white
        this.routes.addLayer(
            L.circleMarker(trip.start, {radius: 8, color: "#111827", fillOpacity: 1})
        );
        if (trip.end[0] !== trip.start[0] || trip.end[1] !== trip.start[1]) {
            this.routes.addLayer(
                L.circleMarker(trip.end, {radius: 8, color: "#111827", fillColor: "#ffffff"})
            );
        }
        this.moving = true;
        this.map.fitBounds(L.latLngBounds(points), {padding: [30, 30], animate: false});
        this.moving = false;
        this.loadView();
    }

    onTripDayChange(ev) {
        this.state.tripDayId = ev.target.value;
        this.drawTrip();
    }

    /** Back to the trip's result screen (the previous screen, or the trip opened again). */
    async backToTrip() {
        try {
            await this.action.restore();
        } catch {
            const action = await this.orm.call("wiseparts.trip", "action_open_result", [
                [this.tripId],
            ]);
            await this.action.doAction(action);
        }
    }

    /** Plan a trip with the drawn selection's customers, or the territory's. */
    async planTrip() {
        let ids = this.state.selectedIds;
        if (!this.state.drawnGeometry) {
            ids = await this.orm.search("res.partner", this.domain());
        }
        const context = {default_partner_ids: [[6, 0, ids]]};
        if (this.state.userId) {
            context.default_user_id = parseInt(this.state.userId, 10);
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Plan a Trip"),
            res_model: "wiseparts.trip",
            views: [[false, "form"]],
            target: "new",
            context,
        });
    }

    draw(clusters) {
        this.markers.clearLayers();
        // customers at the same coordinates (one building, a town centre), by id
        const atPoint = new Map();
        for (const [, lat, lon, partnerId] of clusters) {
            if (partnerId) {
                const ids = atPoint.get(`${lat},${lon}`) || [];
                ids.push(partnerId);
                atPoint.set(`${lat},${lon}`, ids);
            }
        }
        atPoint.forEach((ids) => ids.sort((a, b) => a - b));
        for (const [count, lat, lon, partnerId, key, south, west, north, east] of clusters) {
            if (partnerId) {
                const ids = atPoint.get(`${lat},${lon}`);
                let position = L.latLng(lat, lon);
                if (ids.length > 1) {
                    position = this.spread(position, ids.indexOf(partnerId), ids.length);
                    this.markers.addLayer(
                        L.polyline([[lat, lon], position], {
                            color: "#6b7280",
                            weight: 1.5,
                            interactive: false,
                        })
                    );
                }
                const marker = L.circleMarker(position, {
                    className: "o_wiseparts_map_marker",
                    radius: 7,
                    color: "#ffffff",
                    weight: 1,
                    fillColor: this.colors.get(key) || NO_COLOR,
                    fillOpacity: 0.9,
                });
                marker.on("click", () => this.openPopup(position, partnerId));
                this.markers.addLayer(marker);
            } else {
                const cluster = L.marker([lat, lon], {icon: clusterIcon(count)});
                // as Leaflet.markercluster: a click zooms in on the cluster's customers
                cluster.on("click", () => {
                    const bounds = L.latLngBounds([south, west], [north, east]);
                    const zoom = Math.max(this.map.getBoundsZoom(bounds), this.map.getZoom() + 1);
                    this.map.setView(bounds.getCenter(), Math.min(zoom, NO_CLUSTER_ZOOM));
                });
                this.markers.addLayer(cluster);
            }
        }
    }

    /**
     * Where the customer ``index`` of ``count`` at ``latLng`` shows, so that each can be
     * clicked (as markercluster's spiderfy): on a circle around the point, the first at
     * the top, SPREAD_SPACING pixels apart at the current zoom.
     */
    spread(latLng, index, count) {
        const radius = Math.max(SPREAD_SPACING, (SPREAD_SPACING * count) / (2 * Math.PI));
        const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
        const zoom = this.map.getZoom();
        const offset = L.point(radius * Math.cos(angle), radius * Math.sin(angle));
        return this.map.unproject(this.map.project(latLng, zoom).add(offset), zoom);
    }

    /** The customer's popup, on the map: it stays when the view's markers are redrawn. */
    async openPopup(latLng, partnerId) {
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
        if (this.map) {
            L.popup().setLatLng(latLng).setContent(root).openOn(this.map);
        }
    }

    async onDrawn(layer) {
        this.drawn.clearLayers();
        this.drawn.addLayer(layer);
        const coordinates = layer.getLatLngs()[0].map((ll) => [ll.lng, ll.lat]);
        coordinates.push(coordinates[0]);
        const geometry = JSON.stringify({type: "Polygon", coordinates: [coordinates]});
        this.state.drawnGeometry = geometry;
        this.state.selectedIds = [];
        const ids = await this.orm.call("res.partner", "wiseparts_map_select", [this.domain()], {
            geometry,
        });
        if (this.state.drawnGeometry === geometry) {
            this.state.selectedIds = ids;
        }
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
