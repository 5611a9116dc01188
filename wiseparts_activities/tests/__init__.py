from . import test_activity
from . import test_task
from . import test_visit_planning
from . import test_visit_planning_ui
