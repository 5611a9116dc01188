from . import wiseparts_call_report
