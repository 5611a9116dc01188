"""Workload balance: who is above capacity, and which customers to move to whom.

Plain Python, no ORM: the model gathers the figures, this decides the moves."""

from .route import haversine_km

DAYS_PER_MONTH = 30.4


def monthly_visits(visit_every_days):
    """Visits a customer needs per month (0 when its segment sets no frequency)."""
    return DAYS_PER_MONTH / visit_every_days if visit_every_days and visit_every_days > 0 else 0.0


def propose_moves(customers, capacity):
    """Moves that take customers from members above 100 % to the nearest members below it,
    never pushing a receiver above 100 %.

    ``customers``: list of (partner_id, user_id, latitude or None, longitude or None,
    visit_every_days); ``capacity``: {user_id: visits per month} for every member.
    Returns [{"partner_id", "from_user_id", "to_user_id", "distance_km"}], deterministic:
    givers by descending load, their customers by ascending distance to a receiver.
    Distance is from the customer to the nearest other customer of the receiver."""
    load = dict.fromkeys(capacity, 0.0)
    points = {user_id: [] for user_id in capacity}
    for _pid, user_id, lat, lon, every in customers:
        if user_id in load:
            load[user_id] += monthly_visits(every)
            if lat is not None and lon is not None:
                points[user_id].append((lat, lon))

    def over(user_id):
        return capacity[user_id] and load[user_id] > capacity[user_id] + 1e-9

    moves = []
    givers = sorted((u for u in capacity if over(u)), key=lambda u: (-load[u] / capacity[u], u))
    for giver in givers:
        receivers = sorted(u for u in capacity if u != giver and points[u])
        # distance of each movable customer to the nearest customer of each receiver
        candidates = {}
        for pid, user_id, lat, lon, every in customers:
            need = monthly_visits(every)
            if user_id == giver and need and lat is not None and lon is not None:
                candidates[pid] = (
                    lat,
                    lon,
                    need,
                    {
                        r: min(haversine_km(lat, lon, rlat, rlon) for rlat, rlon in points[r])
                        for r in receivers
                    },
                )
        while over(giver) and candidates:
            best = min(
                (
                    (km, pid, receiver)
                    for pid, (_lat, _lon, need, kms) in candidates.items()
                    for receiver, km in kms.items()
                    if load[receiver] + need <= capacity[receiver] + 1e-9
                ),
                default=None,
            )
            if best is None:
                break
            km, pid, receiver = best
            lat, lon, need, _kms = candidates.pop(pid)
            load[giver] -= need
            load[receiver] += need
            for other_lat, other_lon, _need, kms in candidates.values():
                kms[receiver] = min(kms[receiver], haversine_km(other_lat, other_lon, lat, lon))
            moves.append(
                {
                    "partner_id": pid,
                    "from_user_id": giver,
                    "to_user_id": receiver,
                    "distance_km": round(km, 1),
                }
            )
    return moves
