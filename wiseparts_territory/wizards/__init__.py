from . import wiseparts_rebalance
