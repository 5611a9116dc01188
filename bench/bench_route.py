"""Trip planner benchmark (wiseparts_territory/services/route.py, pure Python, no database).

Run: python3 bench/bench_route.py [--solution-limit N]

200 candidate customers scattered over ~80 x 80 km around the office, a 5-day trip
(Mon-Fri 08:00-18:00), daily cap 10, 30 min on site, windows on a third of them (mornings,
afternoons or two days a week). Prints the solve time (target <= 15 s on the 2-core machine)
and the planned km against a nearest-neighbour plan of the same stops on the same days,
measured in the same run (target <= 0.85x).
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--solution-limit", type=int, default=None)
    args = parser.parse_args()
    customers, days = instance()
    started = time.perf_counter()
    plan = route.solve(customers, days, OFFICE, daily_cap=10, solution_limit=args.solution_limit)
    elapsed = time.perf_counter() - started
    where = {c["id"]: (c["lat"], c["lon"]) for c in customers}
    ours = sum(
        route.plan_km([[where[s["id"]] for s in day["stops"]]], OFFICE, OFFICE)
        for day in plan["days"]
    )
    reference = sum(
        nearest_neighbour_km([where[s["id"]] for s in day["stops"]]) for day in plan["days"]
    )
    planned = sum(len(day["stops"]) for day in plan["days"])
    print(f"candidates 200, days 5, cap 10: planned {planned}, unplanned {len(plan['unplanned'])}")
    print(f"solve time: {elapsed:.1f} s (target <= 15 s)")
    print(
        f"km: planner {ours:.1f}, nearest neighbour of the same stops {reference:.1f}, "
        f"ratio {ours / reference:.2f} (target <= 0.85)"
    )


if __name__ == "__main__":
    main()
