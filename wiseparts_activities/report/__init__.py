from . import wiseparts_visit_compliance_report
