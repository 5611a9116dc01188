"""Response times of a conversation from its timeline (no ORM)."""


def response_minutes(events):
    """Minutes between customers' messages and the next reply, one figure per exchange.

    ``events``: ``(date, direction)`` in date order, direction ``"inbound"`` or ``"outbound"``.
    An exchange starts at the first inbound message not yet answered and ends at the next
    outbound message; outbound messages with nothing to answer do not count.
    """
    figures = []
    waiting_since = None
    for date, direction in events:
        if direction == "inbound":
            if waiting_since is None:
                waiting_since = date
        elif direction == "outbound" and waiting_since is not None:
            figures.append((date - waiting_since).total_seconds() / 60.0)
            waiting_since = None
    return figures


def summary(events):
    """``(first_response_minutes, avg_response_minutes, unanswered_count)``.

    ``first_response_minutes`` is the latest answered exchange's figure; the unanswered count
    is the number of inbound messages after the last outbound one.
    """
    figures = response_minutes(events)
    unanswered = 0
    for _date, direction in reversed(events):
        if direction == "outbound":
            break
        if direction == "inbound":
            unanswered += 1
    if not figures:
        return 0.0, 0.0, unanswered
    return figures[-1], sum(figures) / len(figures), unanswered
