from . import test_demo_generator
from . import test_distributor
from . import test_demo_activities
