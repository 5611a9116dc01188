"""Multi-day visit trip planning with Google OR-Tools (pure Python, no ORM).

Modelling (vehicle routing with time windows):

* one vehicle per trip day; all vehicles start at node 0 (start point) and end at node 1
  (end point); customers are nodes 2..n+1.
* time is one **global axis** in minutes: day ``d`` (its index in ``days``) covers
  ``[d * 1440, (d + 1) * 1440)``. A vehicle's start and end cumuls are restricted to its own
  day's working hours on that axis, so every stop of the vehicle happens inside that day.
  A customer's time cumul domain is the union, over the trip days, of its windows of that
  day's weekday shifted by the day's offset (``SetRange`` + ``RemoveInterval``). Because a
  node's cumul is a single variable and a route never leaves its day, a visit on day ``d``
  necessarily falls in a window of ``d``'s weekday: per-weekday windows are exact, with no
  side constraint for the local search to violate. Days without any window for a customer
  are also removed from its allowed vehicles (``VehicleVar(index).SetValues``) to prune the
  search.
* service time (dwell) is added to the transit of the arcs leaving the customer, waiting is
  the dimension slack; the end cumul bound makes the end point reachable before day end.
* capacity dimension: demand 1 per customer, capacity ``daily_cap`` per vehicle.
* optional visits: a disjunction per customer with a penalty growing with its urgency
  (must-visit: a penalty larger than any route), so the most urgent customers are kept
  first, then driving (arc cost = metres) is minimised.
* delivery days: arcs leaving a customer cost a small extra (``DELIVERY_BONUS_M``) on every
  day that is not the working day before one of its delivery days (per-vehicle arc costs).
* optional visits cost ``(1 + urgency) x`` twice the longest leg (metres) when dropped: more
  than any detour, so urgency decides which customers are visited, and the objective stays
  on the scale of metres (penalties of 10^7 m and more blinded the local search to driving).
* two phases: phase 1 chooses the visits and their days (optional visits), phase 2 starts
  from that plan with the chosen visits mandatory and driving as the only cost, and moves
  them between days and positions (about 20 % fewer km than phase 1 alone on the benchmark).
  Phase 2 runs twice: from phase 1's plan, and from a **sweep** plan (the chosen visits
  sorted by angle around the start point, cut into one sector a day at the rotation driving
  the least, sectors matched to the days their visits' hours allow) **re-split without the
  hours inside each day** (OR-Tools moves visits between the days their hours allow as if
  open all day, then each day is ordered to keep the windows: the days' areas are redrawn,
  which moves between full days cannot do). The shorter result is kept. Benchmark (20
  instances, bench/bench_route.py): mean 0.84x the km of a nearest-neighbour plan.
* determinism: fixed first solution strategy (PARALLEL_CHEAPEST_INSERTION, sound with optional
  visits and windows), guided local search bounded
  by a **solution limit** in each search (the time limit, half of ``time_limit_s`` a search,
  is only a safety net, far above what the solution limits need), single thread; same input,
  same plan.
"""

import copy
import itertools
import math
from datetime import timedelta
from itertools import pairwise

import requests
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

DAY = 1440
ROAD_FACTOR = 1.3
EARTH_RADIUS_KM = 6371.0088
MUST_VISIT_PENALTY = 10**12
DELIVERY_BONUS_M = 3000  # 3 km: a small preference, never worth a real detour
SELECTION_SOLUTIONS = 200  # phase 1 (which visits, on which day) solution limit
ORDER_SOLUTIONS = 200  # phase 2 (driving only) solution limit
SWEEP_TRIES = 5  # sweep seed: the rotations tried with opening hours
HOME_PENALTY_M = 50000  # sweep seed: a visit away from its sector's day (50 km)

REASON_NO_HOURS = "no opening hours on the trip's days"
REASON_UNREACHABLE = "not reachable in the day's hours"
REASON_CAP = "cap reached"
REASON_TIME = "no time left in the trip's days"
REASON_NO_DAYS = "no working day in the trip"


def haversine_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def straight_line_matrix(points, speed_kmh=50.0, road_factor=ROAD_FACTOR):
    """(metres, minutes) matrices: haversine x road factor at the average speed."""
    size = len(points)
    metres = [[0] * size for _ in range(size)]
    minutes = [[0] * size for _ in range(size)]
    for i, (lat1, lon1) in enumerate(points):
        for j, (lat2, lon2) in enumerate(points):
            if i != j:
                km = haversine_km(lat1, lon1, lat2, lon2) * road_factor
                metres[i][j] = round(km * 1000)
                minutes[i][j] = math.ceil(km / speed_kmh * 60)
    return metres, minutes


class RoutingServerError(Exception):
    """The routing server could not be asked or did not answer usefully."""


class OsrmTableClient:
    """An OSRM-compatible ``table`` service (``{url}/table/v1/driving/lon,lat;...``) giving
    real road distances and durations."""

    TIMEOUT = 20  # seconds

    def __init__(self, url, session=None):
        self.url = url.rstrip("/")
        self.session = session or requests

    def matrix(self, points):
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        try:
            response = self.session.get(
                f"{self.url}/table/v1/driving/{coords}",
                params={"annotations": "distance,duration"},
                timeout=self.TIMEOUT,
            )
            response.raise_for_status()
            data = response.json()
        except requests.RequestException as error:
            raise RoutingServerError(str(error)) from error
        except ValueError as error:
            raise RoutingServerError("the answer is not JSON") from error
        try:
            if data.get("code") != "Ok":
                raise RoutingServerError(data.get("message") or data.get("code") or "error")
            durations, distances = data["durations"], data["distances"]
            size = len(points)
            metres = [[round(distances[i][j] or 0) for j in range(size)] for i in range(size)]
            minutes = [
                [math.ceil((durations[i][j] or 0) / 60) for j in range(size)] for i in range(size)
            ]
        except (KeyError, TypeError, IndexError, AttributeError) as error:
            raise RoutingServerError("unexpected answer") from error
        return metres, minutes


def travel_matrix(points, speed_kmh=50.0, road_factor=ROAD_FACTOR, client=None):
    """(metres, minutes) matrices between ``points``: the routing server's when a client is
    given (``RoutingServerError`` when it fails), else straight line x road factor at the
    average speed."""
    if client:
        return client.matrix(points)
    return straight_line_matrix(points, speed_kmh, road_factor)


def _day_windows(candidate, day):
    """The candidate's windows (minutes) on that day, clipped to the day's hours."""
    windows = candidate.get("windows")
    if windows is None:
        raw = [(day["start"], day["end"])]
    else:
        raw = windows.get(day["weekday"], windows.get(str(day["weekday"]), []))
    clipped = []
    for start, end in sorted(raw):
        start, end = max(start, day["start"]), min(end, day["end"])
        if start <= end:
            clipped.append((start, end))
    return clipped


def _preferred_days(candidate, days, working_weekdays):
    """Indexes of the days that are the working day before one of its delivery days."""
    delivery = set(candidate.get("delivery_weekdays") or ())
    preferred = set()
    if not delivery:
        return preferred
    for index, day in enumerate(days):
        following = day["date"] + timedelta(days=1)
        for _i in range(7):
            if following.weekday() in working_weekdays:
                break
            following += timedelta(days=1)
        if following.weekday() in delivery:
            preferred.add(index)
    return preferred


def _build_model(kept, days, metres, minutes, daily_cap, optional, home=None):
    """The routing model of the ``kept`` customers (model node k >= 2 is ``kept[k - 2]``):
    one vehicle per day, time windows on one global axis, the daily cap; visits are optional
    (disjunctions with urgency penalties) or all mandatory. ``home`` (model node: day index)
    makes a visit on another day than its home day cost ``HOME_PENALTY_M`` more; optional
    visits with homes all cost the must-visit penalty when dropped (a seed to complete)."""
    node_of = [0, 1] + [node for node, *_rest in kept]
    dwell_of = [0, 0] + [dwell for _n, _c, dwell, _w, _p in kept]
    size = len(node_of)
    metres_model = [[metres[node_of[i]][node_of[j]] for j in range(size)] for i in range(size)]
    vehicles = len(days)
    # dropping a visit costs more than the longest detour it can add (twice the longest
    # leg), once per urgency point more: urgency first, then driving, on the scale of metres
    # (a much larger scale blinds the local search to driving)
    unit_penalty = 2 * max(max(row) for row in metres_model) + 1
    manager = pywrapcp.RoutingIndexManager(size, vehicles, [0] * vehicles, [1] * vehicles)
    routing = pywrapcp.RoutingModel(manager)

    # matrices on the C++ side (RegisterTransitMatrix): no Python callback in the search
    minutes_model = [
        [minutes[node_of[i]][node_of[j]] + dwell_of[i] for j in range(size)] for i in range(size)
    ]
    preferred_of = [set(), set()] + [preferred for *_rest, preferred in kept]
    home = home or {}
    if any(preferred_of) or home:
        for vehicle in range(vehicles):
            costs = [
                [
                    cost
                    + (
                        DELIVERY_BONUS_M
                        if preferred_of[i] and vehicle not in preferred_of[i]
                        else 0
                    )
                    + (HOME_PENALTY_M if home.get(i, vehicle) != vehicle else 0)
                    for cost in row
                ]
                for i, row in enumerate(metres_model)
            ]
            routing.SetArcCostEvaluatorOfVehicle(routing.RegisterTransitMatrix(costs), vehicle)
    else:
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(metres_model))
    time_callback = routing.RegisterTransitMatrix(minutes_model)
    horizon = vehicles * DAY
    routing.AddDimension(time_callback, DAY, horizon, False, "Time")
    time = routing.GetDimensionOrDie("Time")
    # nodes 0 and 1 carry no demand: a per-node unary callback
    demand_callback = routing.RegisterUnaryTransitVector([0, 0] + [1] * (size - 2))
    routing.AddDimensionWithVehicleCapacity(demand_callback, 0, [daily_cap] * vehicles, True, "Cap")

    for vehicle, day in enumerate(days):
        offset = vehicle * DAY
        time.CumulVar(routing.Start(vehicle)).SetRange(offset + day["start"], offset + day["end"])
        time.CumulVar(routing.End(vehicle)).SetRange(offset + day["start"], offset + day["end"])
        routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.Start(vehicle)))
        routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.End(vehicle)))

    for model_node in range(2, size):
        _node, candidate, _dwell, reachable, _preferred = kept[model_node - 2]
        index = manager.NodeToIndex(model_node)
        intervals = sorted(
            (day * DAY + w_start, day * DAY + w_end)
            for day, day_windows in reachable.items()
            for w_start, w_end in day_windows
        )
        cumul = time.CumulVar(index)
        cumul.SetRange(intervals[0][0], intervals[-1][1])
        for (_s1, previous_end), (next_start, _e2) in pairwise(intervals):
            if next_start > previous_end + 1:
                cumul.RemoveInterval(previous_end + 1, next_start - 1)
        if len(reachable) < vehicles:
            # -1: not visited (the disjunction)
            allowed = sorted(reachable)
            routing.VehicleVar(index).SetValues([-1, *allowed] if optional else allowed)
        if not optional:
            continue
        if candidate.get("must_visit") or home:
            penalty = MUST_VISIT_PENALTY
        else:
            urgency = max(0.0, float(candidate.get("urgency") or 0.0))
            penalty = int(unit_penalty * (1 + urgency))
        routing.AddDisjunction([index], penalty)
    return manager, routing, time


def _tour_m(metres, nodes):
    """Metres of start -> nodes (nearest neighbour, then 2-opt) -> end."""
    path = [0, *_tour(metres, nodes), 1]
    return sum(metres[a][b] for a, b in pairwise(path))


def _path_m(metres, nodes):
    """Metres of start -> nodes -> end."""
    path = [0, *nodes, 1]
    return sum(metres[a][b] for a, b in pairwise(path))


def _tour(metres, nodes):
    """``nodes`` in a short order from start to end (nearest neighbour, then 2-opt)."""
    left, path, here = list(nodes), [], 0
    while left:
        here = min(left, key=lambda node: (metres[here][node], node))
        left.remove(here)
        path.append(here)
    path = [0, *path, 1]
    improved = True
    while improved:
        improved = False
        for i in range(1, len(path) - 2):
            for j in range(i + 1, len(path) - 1):
                a, b, c, d = path[i - 1], path[i], path[j], path[j + 1]
                if metres[a][c] + metres[b][d] < metres[a][b] + metres[c][d]:
                    path[i : j + 1] = path[i : j + 1][::-1]
                    improved = True
    return path[1:-1]


def _sweep_routes(kept, days, metres, minutes, points, daily_cap):
    """Seed day routes (model nodes): the visits sorted by angle around the start point,
    cut into one sector a day at the rotation driving the least (hours ignored), the sectors
    given to the days that most of their visits' opening hours allow, each day ordered to keep
    the windows. Trips of 2 to 6 days (the sectors' days are tried in every order)."""
    vehicles = len(days)
    if len(kept) < 2 or vehicles < 2 or vehicles > 6:
        return None
    origin = points[0]
    scale = math.cos(math.radians(origin[0]))

    def angle(model_node):
        lat, lon = points[kept[model_node - 2][0]]
        return math.atan2(lat - origin[0], (lon - origin[1]) * scale)

    order = sorted(range(2, len(kept) + 2), key=lambda node: (angle(node), node))
    size = min(daily_cap, math.ceil(len(order) / vehicles))
    sub = _sub_matrix(kept, metres)
    permutations = list(itertools.permutations(range(vehicles), min(vehicles, len(order))))

    def fit(groups):
        """The days of the groups that most of their visits' hours allow, and the misfits."""
        best = None
        for chosen_days in permutations:
            misfits = sum(
                day not in kept[node - 2][3]
                for group, day in zip(groups, chosen_days, strict=False)
                for node in group
            )
            if best is None or misfits < best[0]:
                best = (misfits, chosen_days)
        return best

    rotations = []
    for rotation in range(len(order)):
        turned = order[rotation:] + order[:rotation]
        groups = [turned[k : k + size] for k in range(0, len(turned), size)]
        if len(groups) > vehicles:
            return None
        misfits, chosen_days = fit(groups)
        # a visit outside its sector's days costs a detour: counted as HOME_PENALTY_M
        cost = sum(_tour_m(sub, group) for group in groups) + misfits * HOME_PENALTY_M
        rotations.append((cost, groups, chosen_days))

    best_routes = None
    for _cost, groups, chosen_days in sorted(rotations, key=lambda row: row[0])[:SWEEP_TRIES]:
        routes = _seed_days(groups, chosen_days, order, kept, days, sub, minutes, daily_cap)
        key = (len(kept) - sum(map(len, routes)), sum(_path_m(sub, nodes) for nodes in routes))
        if best_routes is None or key < best_routes[0]:
            best_routes = (key, routes)
    return best_routes and best_routes[1]


def _insert(routes, day, node, kept, days, sub, minutes, daily_cap):
    """The cheapest order of ``routes[day]`` with ``node`` inserted, keeping windows."""
    if len(routes[day]) >= daily_cap or day not in kept[node - 2][3]:
        return None, None
    best_cost, best_order = None, None
    nodes = [0, *routes[day], 1]
    for position in range(1, len(nodes)):
        a, b = nodes[position - 1], nodes[position]
        cost = sub[a][node] + sub[node][b] - sub[a][b]
        order = [*routes[day][: position - 1], node, *routes[day][position - 1 :]]
        if (best_cost is None or cost < best_cost) and _arrivals_ok(
            order, day, days, minutes, kept
        ):
            best_cost, best_order = cost, order
    return best_cost, best_order


def _seed_days(groups, chosen_days, order, kept, days, sub, minutes, daily_cap):
    """The seed routes of these sectors on these days, each ordered to keep the windows;
    a visit whose hours exclude its sector's day goes where it costs least (moving, if
    needed, another visit of a full day)."""
    routes = [[] for _day in days]
    for group, day in zip(groups, chosen_days, strict=False):
        routes[day] = _timed_order(
            [node for node in group if day in kept[node - 2][3]], day, days, sub, minutes, kept
        )
    seeded = {node for nodes in routes for node in nodes}

    for node in order:
        if node in seeded:
            continue
        options = [
            (*_insert(routes, day, node, kept, days, sub, minutes, daily_cap), day)
            for day in range(len(days))
        ]
        options = [option for option in options if option[1]]
        if options:
            _cost, best_order, day = min(options, key=lambda option: (option[0], option[2]))
            routes[day] = best_order
            continue
        # make room: move one visit of a full allowed day to another day (the cheapest way)
        best = None
        for day in sorted(kept[node - 2][3]):
            for other in routes[day]:
                with_node = [*(visit for visit in routes[day] if visit != other), node]
                trial = _timed_order(with_node, day, days, sub, minutes, kept)
                if len(trial) < len(with_node):
                    continue
                saved, routes[day] = routes[day], trial
                for e in range(len(days)):
                    cost, moved = (
                        _insert(routes, e, other, kept, days, sub, minutes, daily_cap)
                        if e != day
                        else (None, None)
                    )
                    if moved:
                        total = cost + _path_m(sub, trial) - _path_m(sub, saved)
                        if best is None or total < best[0]:
                            best = (total, day, trial, e, moved)
                routes[day] = saved
        if best:
            _total, day, trial, e, moved = best
            routes[day], routes[e] = trial, moved
    return routes


def _arrivals_ok(order, day, days, minutes, kept):
    """Whether visiting ``order`` (model nodes) on ``day`` keeps every arrival in a window."""
    clock, here = days[day]["start"], 0
    for node in order:
        _n, _c, dwell, reachable, _p = kept[node - 2]
        clock += minutes[kept[here - 2][0] if here >= 2 else here][kept[node - 2][0]]
        for w_start, w_end in reachable[day]:
            if clock <= w_end:
                clock = max(clock, w_start)
                break
        else:
            return False
        clock += dwell
        here = node
    return True


def _timed_order(nodes, day, days, sub, minutes, kept):
    """The visits of one day in a short order that keeps their windows: the 2-opt tour if it
    does, else the visits with the narrowest windows inserted first, each at its cheapest
    position that keeps every window, then 2-opt moves that keep them; visits that fit
    nowhere are left out."""
    tour = _tour(sub, nodes)
    if _arrivals_ok(tour, day, days, minutes, kept):
        return tour

    def ok(order):
        return _arrivals_ok(order, day, days, minutes, kept)

    def span(node):
        return sum(end - start for start, end in kept[node - 2][3][day])

    order = []
    for node in sorted(nodes, key=lambda node: (span(node), -sub[0][node], node)):
        path = [0, *order, 1]
        best = None
        for position in range(1, len(path)):
            a, b = path[position - 1], path[position]
            cost = sub[a][node] + sub[node][b] - sub[a][b]
            trial = [*order[: position - 1], node, *order[position - 1 :]]
            if (best is None or cost < best[0]) and ok(trial):
                best = (cost, trial)
        if best:
            order = best[1]
    improved = True
    while improved:
        improved = False
        path = [0, *order, 1]
        for i in range(1, len(path) - 2):
            for j in range(i + 1, len(path) - 1):
                a, b, c, d = path[i - 1], path[i], path[j], path[j + 1]
                if sub[a][c] + sub[b][d] < sub[a][b] + sub[c][d]:
                    trial = path[:i] + path[i : j + 1][::-1] + path[j + 1 :]
                    if ok(trial[1:-1]):
                        path, improved = trial, True
        order = path[1:-1]
    return order


def _solve_from(manager, routing, routes, params):
    """The solution OR-Tools improves from ``routes`` (model nodes per day), None when the
    routes are not a feasible start or no solution is found."""
    routing.CloseModelWithParameters(params)
    initial = routing.ReadAssignmentFromRoutes(
        [[manager.NodeToIndex(node) for node in nodes] for nodes in routes], True
    )
    if not initial:
        return None
    return routing.SolveFromAssignmentWithParameters(initial, params)


def _sub_matrix(kept, metres):
    """Metres between model nodes (0 start, 1 end, k >= 2 ``kept[k - 2]``)."""
    node_of = [0, 1] + [node for node, *_rest in kept]
    return [[metres[i][j] for j in node_of] for i in node_of]


def _hourless_routes(initial_routes, kept, days, metres, minutes, daily_cap, params):
    """Seed day routes: the visits split between days by OR-Tools from ``initial_routes``
    with the hours inside each day ignored (a visit still goes only on the days its hours
    allow), then each day ordered to keep the windows; visits that fit no order are left
    out (to complete)."""
    whole_days = [
        (
            node,
            candidate,
            dwell,
            {day: [(days[day]["start"], days[day]["end"])] for day in reachable},
            preferred,
        )
        for node, candidate, dwell, reachable, preferred in kept
    ]
    manager, routing, _time = _build_model(
        whole_days, days, metres, minutes, daily_cap, optional=False
    )
    solution = _solve_from(manager, routing, initial_routes, params)
    if not solution:
        return None
    sub = _sub_matrix(kept, metres)
    return [
        _timed_order(nodes, day, days, sub, minutes, kept)
        for day, nodes in enumerate(_routes(manager, routing, solution, len(days)))
    ]


def _complete_seed(seed_routes, kept, days, metres, minutes, daily_cap, params):
    """Seed routes completed by OR-Tools (visits left out inserted, every visit costing
    the must-visit penalty when dropped, each visit dearer away from its seed day)."""
    home = {node: day for day, nodes in enumerate(seed_routes) for node in nodes}
    manager, routing, _time = _build_model(
        kept, days, metres, minutes, daily_cap, optional=True, home=home
    )
    params = copy.copy(params)
    # a visit left out may need another one moved out of a full day first
    params.local_search_operators.use_relocate_and_make_active = optional_boolean_pb2.BOOL_TRUE
    solution = _solve_from(manager, routing, seed_routes, params)
    if not solution:
        return None

    routes = _routes(manager, routing, solution, len(days))
    if sum(map(len, routes)) < len(kept):
        return None
    return routes


def _routes(manager, routing, solution, vehicles):
    """The model nodes visited by each vehicle, in order."""
    routes = []
    for vehicle in range(vehicles):
        index = solution.Value(routing.NextVar(routing.Start(vehicle)))
        nodes = []
        while not routing.IsEnd(index):
            nodes.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(nodes)
    return routes


def solve(  # noqa: C901 (one model, built in one readable sequence)
    candidates,
    days,
    start,
    end=None,
    daily_cap=10,
    speed_kmh=50.0,
    road_factor=ROAD_FACTOR,
    default_dwell=30,
    matrix_client=None,
    working_weekdays=(0, 1, 2, 3, 4),
    time_limit_s=15,
    solution_limit=None,
):
    """Plan the trip.

    ``candidates``: dicts ``id``, ``lat``, ``lon``, ``windows`` (``{weekday: [(start_min,
    end_min), ...]}``, ``None`` = the day's hours, a weekday missing = closed), ``dwell``
    (minutes, ``None`` = ``default_dwell``), ``urgency`` (>= 0, bigger = more urgent),
    ``must_visit`` (bool), ``delivery_weekdays`` (0 = Monday).
    ``days``: dicts ``date`` (datetime.date), ``weekday``, ``start``/``end`` (minutes).
    ``start``/``end``: ``(lat, lon)`` (``end`` defaults to ``start``).

    Returns ``{"days": [{"date", "stops": [{"id", "arrival", "departure"}], "km",
    "drive_minutes"}], "unplanned": [{"id", "reason"}]}`` (minutes of the day).
    """
    end = end or start
    days = list(days)
    unplanned = []
    result_days = [
        {"date": day["date"], "stops": [], "km": 0.0, "drive_minutes": 0} for day in days
    ]
    if not days:
        return {
            "days": [],
            "unplanned": [{"id": c["id"], "reason": REASON_NO_DAYS} for c in candidates],
        }
    working_weekdays = set(working_weekdays)
    points = [tuple(start), tuple(end)] + [(c["lat"], c["lon"]) for c in candidates]
    metres, minutes = travel_matrix(points, speed_kmh, road_factor, matrix_client)

    # pre-filter: customers closed on every trip day, or that no single-stop day can reach
    kept = []  # (node, candidate, dwell, {day index: windows}, preferred day indexes)
    for position, candidate in enumerate(candidates):
        node = position + 2
        dwell = candidate.get("dwell") or default_dwell
        windows = {}
        for index, day in enumerate(days):
            day_windows = _day_windows(candidate, day)
            if day_windows:
                windows[index] = day_windows
        if not windows:
            unplanned.append({"id": candidate["id"], "reason": REASON_NO_HOURS})
            continue
        reachable = {}
        for index, day_windows in windows.items():
            day = days[index]
            earliest = day["start"] + minutes[0][node]
            latest = day["end"] - minutes[node][1] - dwell
            fitting = []
            for w_start, w_end in day_windows:
                w_start, w_end = max(w_start, earliest), min(w_end, latest)
                if w_start <= w_end:
                    fitting.append((w_start, w_end))
            if fitting:
                reachable[index] = fitting
        if not reachable:
            unplanned.append({"id": candidate["id"], "reason": REASON_UNREACHABLE})
            continue
        if daily_cap <= 0:
            unplanned.append({"id": candidate["id"], "reason": REASON_CAP})
            continue
        kept.append(
            (node, candidate, dwell, reachable, _preferred_days(candidate, days, working_weekdays))
        )
    if not kept:
        return {"days": result_days, "unplanned": unplanned}

    # phase 1 chooses the visits (urgency first), phase 2 re-orders the chosen visits with
    # driving as the only objective, so the local search works on the scale of metres
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(time_limit_s * 500))  # per phase
    params.solution_limit = solution_limit or SELECTION_SOLUTIONS
    params.number_of_solutions_to_collect = 1
    params.use_full_propagation = False
    model_kept = kept
    manager, routing, time = _build_model(
        model_kept, days, metres, minutes, daily_cap, optional=True
    )
    solution = routing.SolveWithParameters(params)
    if solution is None:  # no solution at all (cannot happen: every visit is optional)
        for _node, candidate, *_rest in kept:
            unplanned.append({"id": candidate["id"], "reason": REASON_TIME})
        return {"days": result_days, "unplanned": unplanned}
    routes = _routes(manager, routing, solution, len(days))
    chosen = [node for day_route in routes for node in day_route]
    if chosen and ORDER_SOLUTIONS:
        # model node k >= 2 of phase 2 is the k - 2-th chosen visit
        renumber = {node: position + 2 for position, node in enumerate(chosen)}
        phase2_kept = [kept[node - 2] for node in chosen]
        params.solution_limit = ORDER_SOLUTIONS

        def reorder(initial_routes):
            model = _build_model(phase2_kept, days, metres, minutes, daily_cap, optional=False)
            manager2, routing2, _time2 = model
            improved = _solve_from(manager2, routing2, initial_routes, params)
            return (*model, improved) if improved else None

        # phase 2 starts from two plans and keeps the shorter result: phase 1's, and a sweep
        # plan (the visits cut into angular sectors around the start point, one a day: phase
        # 1's split between days bounds what re-ordering can gain) re-split by OR-Tools with
        # the hours inside each day ignored (the days' areas redrawn freely), each day then
        # ordered to keep the windows. Seeds that left a visit out are completed by OR-Tools.
        starts = [[[renumber[node] for node in day_route] for day_route in routes]]

        def completed(seed):
            if seed and sum(map(len, seed)) < len(phase2_kept):
                return _complete_seed(seed, phase2_kept, days, metres, minutes, daily_cap, params)
            return seed

        sweep = completed(_sweep_routes(phase2_kept, days, metres, minutes, points, daily_cap))
        if sweep:
            hourless = _hourless_routes(
                sweep, phase2_kept, days, metres, minutes, daily_cap, params
            )
            starts.append(completed(hourless) or sweep)
        results = [result for result in map(reorder, filter(None, starts)) if result]
        best = min(results, key=lambda result: result[3].ObjectiveValue(), default=None)
        if best:
            model_kept = phase2_kept
            manager, routing, time, solution = best
    kept_all, kept = kept, model_kept
    vehicles = len(days)
    node_of = [0, 1] + [node for node, *_rest in kept]

    visited = set()
    for vehicle in range(vehicles):
        offset = vehicle * DAY
        index = routing.Start(vehicle)
        total_m = total_min = 0
        stops = []
        while not routing.IsEnd(index):
            following = solution.Value(routing.NextVar(index))
            i, j = manager.IndexToNode(index), manager.IndexToNode(following)
            total_m += metres[node_of[i]][node_of[j]]
            total_min += minutes[node_of[i]][node_of[j]]
            index = following
            if j >= 2:
                _node, candidate, dwell, *_rest = kept[j - 2]
                arrival = solution.Min(time.CumulVar(index)) - offset
                stops.append(
                    {"id": candidate["id"], "arrival": arrival, "departure": arrival + dwell}
                )
                visited.add(j)
        result_days[vehicle].update(
            stops=stops,
            km=round(total_m / 1000.0, 1) if stops else 0.0,
            drive_minutes=total_min if stops else 0,
        )
    counts = [len(day["stops"]) for day in result_days]
    visited_ids = {kept[j - 2][1]["id"] for j in visited}
    for _node, candidate, _dwell, reachable, _preferred in kept_all:
        if candidate["id"] in visited_ids:
            continue
        full = all(counts[day] >= daily_cap for day in reachable)
        unplanned.append({"id": candidate["id"], "reason": REASON_CAP if full else REASON_TIME})
    return {"days": result_days, "unplanned": unplanned}


def plan_km(points_by_day, start, end, road_factor=ROAD_FACTOR):
    """Straight-line km x road factor of given day routes (lists of (lat, lon))."""
    total = 0.0
    for points in points_by_day:
        if not points:
            continue
        path = [tuple(start), *points, tuple(end)]
        total += sum(haversine_km(*a, *b) for a, b in pairwise(path)) * road_factor
    return total
