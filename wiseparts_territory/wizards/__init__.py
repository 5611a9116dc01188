from . import wiseparts_reassign
from . import wiseparts_rebalance
from . import wiseparts_trip
