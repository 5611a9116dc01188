from . import test_activity
from . import test_task
