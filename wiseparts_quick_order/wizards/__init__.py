from . import wiseparts_quick_order_link_share
