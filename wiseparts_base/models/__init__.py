from . import wiseparts_brand
from . import product_template
