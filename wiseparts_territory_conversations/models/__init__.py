from . import wiseparts_conversation
