from . import wiseparts_demo
