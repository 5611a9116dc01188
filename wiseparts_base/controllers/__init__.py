from . import wiseparts_dashboard
