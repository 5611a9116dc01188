from . import ir_actions_server
