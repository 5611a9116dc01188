"""Trip planner benchmark (wiseparts_territory/services/route.py, pure Python, no database).

Run: python3 bench/bench_route.py [--solution-limit N]

200 candidate customers scattered over ~80 x 80 km around the office, a 5-day trip
(Mon-Fri 08:00-18:00), daily cap 10, 30 min on site, windows on a third of them (mornings,
afternoons or two days a week). Prints the solve time (target <= 15 s on the 2-core machine)
and the planned km against a nearest-neighbour plan of the same stops (day after day from the
office, nearest stop next, 10 a day, opening hours ignored), measured in the same run (target
<= 0.85x). Also printed: nearest neighbour inside each of our days (the reference used before)
and the exact best order inside our days, hours ignored, which bounds that second ratio.
"""

import argparse
import importlib.util
import random
import time
from datetime import date, timedelta
from pathlib import Path

PATH = Path(__file__).parent.parent / "wiseparts_territory" / "services" / "route.py"
spec = importlib.util.spec_from_file_location("wiseparts_route", PATH)
route = importlib.util.module_from_spec(spec)
spec.loader.exec_module(route)

OFFICE = (45.75, 4.85)


def instance(seed=13):
    rng = random.Random(seed)
    customers = []
    for ident in range(1, 201):
        windows = None
        if ident % 3 == 0:
            kind = rng.randrange(3)
            if kind == 0:
                windows = {d: [(480, 720)] for d in range(5)}
            elif kind == 1:
                windows = {d: [(840, 1080)] for d in range(5)}
            else:
                windows = {d: [(480, 720), (840, 1080)] for d in rng.sample(range(5), 2)}
        customers.append(
            {
                "id": ident,
                "lat": OFFICE[0] + rng.uniform(-0.36, 0.36),
                "lon": OFFICE[1] + rng.uniform(-0.5, 0.5),
                "windows": windows,
                "urgency": rng.uniform(0, 10),
                "delivery_weekdays": [rng.randrange(5)] if ident % 5 == 0 else [],
            }
        )
    monday = date(2026, 3, 2)
    days = [
        {"date": monday + timedelta(days=d), "weekday": d, "start": 480, "end": 1080}
        for d in range(5)
    ]
    return customers, days


def nearest_neighbour_km(points):
    """Nearest-neighbour order from the office, back to the office."""
    left, path, here = list(points), [], OFFICE
    while left:
        nearest = min(left, key=lambda p: route.haversine_km(*here, *p))
        left.remove(nearest)
        path.append(nearest)
        here = nearest
    return route.plan_km([path], OFFICE, OFFICE)


def nearest_neighbour_plan_km(points, days=5, cap=10):
    """A nearest-neighbour plan of the same stops: day after day from the office, the nearest
    stop left next, ``cap`` a day (ignoring opening hours: easier than our rules)."""
    left, total = list(points), 0.0
    for _day in range(days):
        path, here = [], OFFICE
        while left and len(path) < cap:
            nearest = min(left, key=lambda p: route.haversine_km(*here, *p))
            left.remove(nearest)
            path.append(nearest)
            here = nearest
        total += route.plan_km([path], OFFICE, OFFICE)
    return total


def best_order_km(points):
    """The shortest order of one day's stops from and back to the office, ignoring opening
    hours (Held-Karp dynamic programme: exact, fine for 10 stops)."""
    if not points:
        return 0.0
    size = len(points)

    def km(a, b):
        return route.haversine_km(*a, *b)

    best = {(1 << i, i): km(OFFICE, points[i]) for i in range(size)}
    for mask in range(1, 1 << size):
        for last in range(size):
            here = best.get((mask, last))
            if here is None:
                continue
            for following in range(size):
                if mask >> following & 1:
                    continue
                key = (mask | 1 << following, following)
                cost = here + km(points[last], points[following])
                if cost < best.get(key, float("inf")):
                    best[key] = cost
    full = (1 << size) - 1
    return min(best[full, i] + km(points[i], OFFICE) for i in range(size)) * route.ROAD_FACTOR


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--solution-limit", type=int, default=None)
    args = parser.parse_args()
    customers, days = instance()
    started, cpu = time.perf_counter(), time.process_time()
    plan = route.solve(customers, days, OFFICE, daily_cap=10, solution_limit=args.solution_limit)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    where = {c["id"]: (c["lat"], c["lon"]) for c in customers}
    ours = sum(
        route.plan_km([[where[s["id"]] for s in day["stops"]]], OFFICE, OFFICE)
        for day in plan["days"]
    )
    by_day = [[where[s["id"]] for s in day["stops"]] for day in plan["days"]]
    reference = nearest_neighbour_plan_km([p for day in by_day for p in day])
    same_days = sum(nearest_neighbour_km(day) for day in by_day)
    bound = sum(best_order_km(day) for day in by_day)
    planned = sum(len(day) for day in by_day)
    print(f"candidates 200, days 5, cap 10: planned {planned}, unplanned {len(plan['unplanned'])}")
    print(f"solve time: {elapsed:.1f} s, CPU {cpu:.1f} s (target <= 15 s)")
    print(
        f"km: planner {ours:.1f}, nearest-neighbour plan of the same stops {reference:.1f}, "
        f"ratio {ours / reference:.2f} (target <= 0.85)"
    )
    print(
        f"    nearest neighbour inside our days {same_days:.1f} (ratio {ours / same_days:.2f}); "
        f"best order inside our days, hours ignored {bound:.1f} "
        f"(ratio {bound / same_days:.2f}: no order of our days can do better)"
    )


if __name__ == "__main__":
    main()
