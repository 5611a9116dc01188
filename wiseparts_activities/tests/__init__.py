from . import test_activity
from . import test_task
from . import test_telephony
from . import test_telephony_tour
