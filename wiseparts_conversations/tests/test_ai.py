import json
from unittest.mock import patch

import requests

from odoo.exceptions import UserError
from odoo.tests import tagged, users

from .common import ConversationsCommon, FakeServer


@tagged("post_install", "-at_install")
class TestAiAnalysis(ConversationsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answer = {"status": 200, "content": None}
        cls.server = FakeServer(cls._handle)
        cls.addClassCleanup(cls.server.stop)
        cls.env.company.write(
            {
                "wiseparts_ai_enabled": True,
                "wiseparts_ai_base_url": cls.server.url + "/v1",
                "wiseparts_ai_model": "test-model",
                "wiseparts_ai_api_key": "sk-test",
            }
        )
        cls.conversation = cls.env["wiseparts.conversation"].create({"partner_id": cls.customer.id})
        for index in range(25):
            cls.conversation.with_context(
                wiseparts_channel="email",
                wiseparts_direction="inbound",
                wiseparts_no_auto_reply=True,
            ).message_post(
                body=f"Customer line {index}", author_id=cls.contact.id, message_type="email"
            )

    @classmethod
    def _handle(cls, method, path, body, headers):
        if cls.answer["status"] != 200:
            return cls.answer["status"], {"error": {"message": "boom"}}
        content = cls.answer["content"]
        if content is None:
            content = json.dumps(
                {
                    "summary": "Wants pads.",
                    "sentiment": "positive",
                    "intent": "quote_request",
                    "suggested_reply": "We will send a quote today.",
                }
            )
        return 200, {"choices": [{"message": {"role": "assistant", "content": content}}]}

    @users("wp_rep")
    def test_analyse(self):
        conversation = self.conversation.with_env(self.env)
        conversation.action_ai_analyse()
        self.assertEqual(conversation.ai_sentiment, "positive")
        self.assertEqual(conversation.ai_intent, "quote_request")
        self.assertEqual(conversation.ai_summary, "Wants pads.")
        self.assertEqual(conversation.ai_suggested_reply, "We will send a quote today.")
        request = self.server.requests[-1]
        self.assertEqual(request["path"], "/v1/chat/completions")
        self.assertEqual(request["headers"]["Authorization"], "Bearer sk-test")
        sent = json.loads(request["body"])
        self.assertEqual(sent["model"], "test-model")
        transcript = sent["messages"][-1]["content"]
        self.assertEqual(transcript.count("Customer line"), 20, "only the last 20 messages")
        self.assertIn("Customer line 24", transcript)
        self.assertNotIn("Customer line 4\n", transcript)
        # the suggestion goes into a composer, it is never sent by itself
        before = len(conversation.message_ids)
        action = conversation.action_use_suggested_reply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertIn("We will send a quote today.", action["context"]["default_body"])
        self.assertEqual(len(conversation.message_ids), before)

    def _assert_fails_and_changes_nothing(self, message):
        self.conversation.write({"ai_summary": "Previous", "ai_sentiment": "neutral"})
        with self.assertRaisesRegex(UserError, message):
            self.conversation.action_ai_analyse()
        self.assertEqual(self.conversation.ai_summary, "Previous")
        self.assertEqual(self.conversation.ai_sentiment, "neutral")

    def test_http_error(self):
        self.answer.update(status=500)
        self.addCleanup(self.answer.update, status=200)
        self._assert_fails_and_changes_nothing("HTTP 500")

    def test_malformed_answer(self):
        self.answer.update(content="Sure! Here is the analysis: positive")
        self.addCleanup(self.answer.update, content=None)
        self._assert_fails_and_changes_nothing("not the expected JSON")
        self.answer.update(
            content=json.dumps({"summary": "x", "sentiment": "happy", "intent": "order"})
        )
        self._assert_fails_and_changes_nothing("not the expected JSON")

    def test_timeout(self):
        with patch("requests.post", side_effect=requests.Timeout("read timeout")):
            self._assert_fails_and_changes_nothing("did not answer in time")

    def test_off_by_default(self):
        company = self.env["res.company"].create({"name": "Fresh Company"})
        self.assertFalse(company.wiseparts_ai_enabled)
        self.env.company.wiseparts_ai_enabled = False
        self._assert_fails_and_changes_nothing("not enabled")
