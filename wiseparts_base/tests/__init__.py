from . import test_brand
from . import test_demo_generator
