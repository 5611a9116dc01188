from . import test_team_conversations
