from . import wiseparts_coverage_report
