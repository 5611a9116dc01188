from . import wiseparts_visit_compliance_report
from . import wiseparts_activity_revenue_report
from . import wiseparts_call_report
