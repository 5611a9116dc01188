from . import wiseparts_activity_revenue_report
