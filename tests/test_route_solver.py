"""Pure-Python tests of wiseparts_territory's trip planner (no Odoo needed).

Run: python3 -m pytest -p no:odoo tests/test_route_solver.py
"""

import importlib.util
import itertools
import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

PATH = Path(__file__).parent.parent / "wiseparts_territory" / "services" / "route.py"
spec = importlib.util.spec_from_file_location("wiseparts_route", PATH)
route = importlib.util.module_from_spec(spec)
spec.loader.exec_module(route)

OFFICE = (45.75, 4.85)
MONDAY = date(2026, 3, 2)


def _days(count=1, first=MONDAY, start=8 * 60, end=18 * 60, skip=()):
    days, current = [], first
    while len(days) < count:
        if current.weekday() < 5 and current not in skip:
            days.append({"date": current, "weekday": current.weekday(), "start": start, "end": end})
        current += timedelta(days=1)
    return days


def _customer(ident, dlat, dlon, **vals):
    return {"id": ident, "lat": OFFICE[0] + dlat, "lon": OFFICE[1] + dlon, **vals}


def _stops(plan):
    return {stop["id"]: (day["date"], stop) for day in plan["days"] for stop in day["stops"]}


def _reasons(plan):
    return {row["id"]: row["reason"] for row in plan["unplanned"]}


class TestRouteSolverRules:
    def test_morning_only(self):
        """A customer open only in the morning is visited in the morning, even if it is the
        closest to the office (a pure distance order would put it last on the way back)."""
        morning = {d: [(8 * 60, 12 * 60)] for d in range(5)}
        customers = [
            _customer(1, 0.01, 0.0, windows=morning),
            _customer(2, 0.2, 0.0),
            _customer(3, 0.25, 0.05, dwell=200),
        ]
        plan = route.solve(customers, _days(1), OFFICE)
        stops = _stops(plan)
        assert set(stops) == {1, 2, 3}
        assert 8 * 60 <= stops[1][1]["arrival"] <= 12 * 60
        for _date, stop in stops.values():
            assert stop["departure"] - stop["arrival"] in (30, 200)

    def test_unreachable_window(self):
        """Open 08:00-08:10 but 60 km away: cannot be reached in the window."""
        early = {d: [(8 * 60, 8 * 60 + 10)] for d in range(5)}
        customers = [_customer(1, 0.5, 0.0, windows=early), _customer(2, 0.01, 0.01)]
        plan = route.solve(customers, _days(2), OFFICE)
        assert _reasons(plan) == {1: route.REASON_UNREACHABLE}
        assert set(_stops(plan)) == {2}

    def test_no_hours_on_trip_days(self):
        """Open on Saturdays only: no opening hours on the trip's (Mon-Tue) days; open on
        Wednesday only on a Mon-Wed trip: visited on Wednesday."""
        customers = [
            _customer(1, 0.01, 0.0, windows={5: [(480, 720)]}),
            _customer(2, 0.01, 0.01, windows={2: [(480, 720)]}),
        ]
        plan = route.solve(customers, _days(3), OFFICE)
        assert _reasons(plan) == {1: route.REASON_NO_HOURS}
        assert _stops(plan)[2][0] == MONDAY + timedelta(days=2)

    def test_cap(self):
        customers = [_customer(i, 0.01 * i, 0.0) for i in range(1, 8)]
        plan = route.solve(customers, _days(1), OFFICE, daily_cap=3)
        assert len(plan["days"][0]["stops"]) == 3
        assert sorted(_reasons(plan).values()) == [route.REASON_CAP] * 4

    def test_cap_keeps_most_urgent(self):
        customers = [_customer(i, 0.01 * i, 0.0, urgency=i) for i in range(1, 6)]
        plan = route.solve(customers, _days(1), OFFICE, daily_cap=2)
        assert set(_stops(plan)) == {4, 5}

    def test_days_off(self):
        """Only the given (working) days are used; a customer only open on the skipped day is
        reported."""
        tuesday = MONDAY + timedelta(days=1)
        days = _days(2, skip={tuesday})
        assert [d["date"] for d in days] == [MONDAY, MONDAY + timedelta(days=2)]
        customers = [
            _customer(1, 0.01, 0.0, windows={1: [(480, 1080)]}),
            _customer(2, 0.02, 0.0, windows={2: [(480, 1080)]}),
        ]
        plan = route.solve(customers, days, OFFICE)
        assert _reasons(plan) == {1: route.REASON_NO_HOURS}
        assert _stops(plan)[2][0] == MONDAY + timedelta(days=2)

    def test_must_visit_unreachable_reported(self):
        """A must-visit customer 400 km away cannot fit in a 10 h day and back: reported."""
        customers = [_customer(1, 3.6, 0.0, must_visit=True), _customer(2, 0.01, 0.0)]
        plan = route.solve(customers, _days(1), OFFICE)
        assert _reasons(plan) == {1: route.REASON_UNREACHABLE}

    def test_must_visit_beats_urgency(self):
        customers = [
            _customer(1, 0.01, 0.0, urgency=50),
            _customer(2, 0.2, 0.1, must_visit=True),
        ]
        plan = route.solve(customers, _days(1), OFFICE, daily_cap=1)
        assert set(_stops(plan)) == {2}

    def test_end_point_before_day_end(self):
        customers = [_customer(i, 0.1 * i, 0.0) for i in range(1, 6)]
        days = _days(1, start=8 * 60, end=11 * 60)
        plan = route.solve(customers, days, OFFICE, end=(45.75, 5.2))
        day = plan["days"][0]
        last = day["stops"][-1]
        stops = _stops(plan)
        last_point = next(c for c in customers if c["id"] == last["id"])
        back = route.haversine_km(last_point["lat"], last_point["lon"], 45.75, 5.2) * 1.3
        assert last["departure"] + back / 50 * 60 <= 11 * 60 + 1
        assert len(stops) < 5 and plan["unplanned"]

    def test_delivery_preference(self):
        """Delivered on Wednesday: visited on Tuesday rather than Monday."""
        customers = [_customer(1, 0.01, 0.0, delivery_weekdays=[2])]
        plan = route.solve(customers, _days(3), OFFICE)
        assert _stops(plan)[1][0] == MONDAY + timedelta(days=1)


class TestRouteSolverQuality:
    def test_eight_customers_near_brute_force(self):
        offsets = [
            (0.05, 0.1),
            (-0.08, 0.03),
            (0.12, -0.07),
            (0.02, 0.15),
            (-0.11, -0.09),
            (0.09, 0.09),
            (-0.03, 0.12),
            (0.14, 0.02),
        ]
        customers = [_customer(i, *o) for i, o in enumerate(offsets, 1)]
        plan = route.solve(customers, _days(1, end=22 * 60), OFFICE)
        assert not plan["unplanned"]
        points = {c["id"]: (c["lat"], c["lon"]) for c in customers}
        order = [points[s["id"]] for s in plan["days"][0]["stops"]]
        solved = route.plan_km([order], OFFICE, OFFICE)
        best = min(
            route.plan_km([list(p)], OFFICE, OFFICE)
            for p in itertools.permutations(points.values())
        )
        assert solved <= best * 1.05
        assert abs(plan["days"][0]["km"] - solved) < 0.5

    def test_deterministic(self):
        customers = [
            _customer(
                i,
                ((i * 37) % 41 - 20) / 100,
                ((i * 53) % 43 - 21) / 100,
                urgency=i % 4,
                windows=({d: [(480, 720)] for d in range(5)} if i % 3 == 0 else None),
            )
            for i in range(1, 41)
        ]
        plans = [
            json.dumps(route.solve(customers, _days(3), OFFICE, daily_cap=8), default=str)
            for _i in range(3)
        ]
        assert plans[0] == plans[1] == plans[2]


class _FakeOsrm(BaseHTTPRequestHandler):
    def do_GET(self):
        coords = self.path.split("/table/v1/driving/")[1].split("?")[0].split(";")
        size = len(coords)
        body = {
            "code": "Ok",
            "durations": [[0 if i == j else 600 for j in range(size)] for i in range(size)],
            "distances": [[0 if i == j else 7000 for j in range(size)] for i in range(size)],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class TestRouteSolverOsrm:
    def test_osrm_table(self):
        server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            client = route.OsrmTableClient(f"http://127.0.0.1:{server.server_port}/")
            customers = [_customer(1, 0.01, 0.0), _customer(2, 0.02, 0.0)]
            plan = route.solve(customers, _days(1), OFFICE, matrix_client=client)
        finally:
            server.shutdown()
        day = plan["days"][0]
        assert day["km"] == 21.0 and day["drive_minutes"] == 30
        assert day["stops"][0]["arrival"] == 8 * 60 + 10

    def test_travel_matrix(self):
        """The server's figures when a client is given, else straight line x 1.3."""
        points = [OFFICE, (OFFICE[0] + 0.01, OFFICE[1])]
        server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            client = route.OsrmTableClient(f"http://127.0.0.1:{server.server_port}/")
            assert route.travel_matrix(points, client=client) == (
                [[0, 7000], [7000, 0]],
                [[0, 10], [10, 0]],
            )
        finally:
            server.shutdown()
        metres, minutes = route.travel_matrix(points, speed_kmh=60)
        assert metres[0][1] == round(route.haversine_km(*points[0], *points[1]) * 1300) == 1446
        assert minutes[0][1] == 2

    def test_osrm_down(self):
        client = route.OsrmTableClient("http://127.0.0.1:9")
        try:
            client.matrix([OFFICE, OFFICE])
        except route.RoutingServerError:
            return
        raise AssertionError("no error")
