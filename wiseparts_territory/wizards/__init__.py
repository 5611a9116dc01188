from . import wiseparts_reassign
from . import wiseparts_rebalance
