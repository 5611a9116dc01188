from . import test_brand
