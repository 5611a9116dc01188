from . import test_activity
from . import test_task
from . import test_automation
from . import test_automation_tour
