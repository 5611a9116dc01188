from . import telephony
