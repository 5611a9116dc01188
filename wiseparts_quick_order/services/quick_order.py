"""Pure helpers of the quick-order links (no Odoo import: unit-tested in tests/).

The links' secrets come from wiseparts_base's services/secret.py.
"""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

MAX_QUANTITY = 10000


def client_ip(remote_addr, forwarded_for, proxy_mode):
    """The client address to rate-limit.

    X-Forwarded-For is only trusted when Odoo runs behind a proxy (`proxy_mode`); then the
    last address is the one our own proxy saw (earlier ones are sent by the client).
    """
    if proxy_mode and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return remote_addr or "unknown"


def window_start(now, seconds):
    """Start of the fixed rate-limit window of `seconds` holding `now` (naive UTC)."""
    epoch = datetime(1970, 1, 1)
    elapsed = int((now - epoch).total_seconds())
    return epoch + timedelta(seconds=elapsed - elapsed % seconds)


def parse_quantity(raw, max_quantity=MAX_QUANTITY):
    """Quantity typed by a customer → float, or None when not a positive number in bounds."""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value <= 0 or value > max_quantity:
        return None
    return float(value)


def is_zero(raw):
    """Whether a typed quantity is a number equal to 0 ("0", "0.00", "0,0")."""
    try:
        return Decimal(str(raw).strip().replace(",", ".")) == 0
    except (InvalidOperation, ValueError):
        return False
