from . import wiseparts_visit_plan
