"""The one adapter to an OpenAI-compatible chat-completions endpoint."""

import json

import requests

TIMEOUT = 30  # seconds
SENTIMENTS = ("positive", "neutral", "negative")
INTENTS = ("order", "quote_request", "complaint", "delivery_question", "other")

SYSTEM_PROMPT = (
    "You analyse a conversation between a parts distributor and its customer. "
    "Answer with one JSON object and nothing else, with the keys: "
    '"summary" (two sentences), "sentiment" (one of: positive, neutral, negative), '
    '"intent" (one of: order, quote_request, complaint, delivery_question, other), '
    '"suggested_reply" (a short reply the salesperson could send, in the customer\'s language).'
)


class AiError(Exception):
    """The AI service failed or answered something unusable; the text says which."""


class ChatCompletionsClient:
    def __init__(self, base_url, api_key, model, timeout=TIMEOUT):
        if not base_url or not model:
            raise AiError("The AI endpoint and model are not configured.")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.model = model
        self.timeout = timeout

    def analyse(self, transcript):
        """Analyse ``transcript`` (plain text); returns the validated dict."""
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": transcript},
            ],
        }
        try:
            response = requests.post(self.url, json=payload, headers=headers, timeout=self.timeout)
        except requests.Timeout as exc:
            raise AiError("The AI service did not answer in time.") from exc
        except requests.RequestException as exc:
            raise AiError(f"The AI service could not be reached: {exc}") from exc
        if response.status_code >= 400:
            raise AiError(f"The AI service refused the request (HTTP {response.status_code}).")
        try:
            content = response.json()["choices"][0]["message"]["content"]
            data = json.loads(content)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise AiError(
                "The AI service answered something that is not the expected JSON."
            ) from exc
        return parse_analysis(data)


def parse_analysis(data):
    if not isinstance(data, dict):
        raise AiError("The AI service answered something that is not the expected JSON.")
    intent = str(data.get("intent") or "").strip().lower().replace(" ", "_")
    sentiment = str(data.get("sentiment") or "").strip().lower()
    summary = data.get("summary")
    if sentiment not in SENTIMENTS or intent not in INTENTS or not isinstance(summary, str):
        raise AiError("The AI service answered something that is not the expected JSON.")
    reply = data.get("suggested_reply")
    return {
        "summary": summary.strip(),
        "sentiment": sentiment,
        "intent": intent,
        "suggested_reply": reply.strip() if isinstance(reply, str) else "",
    }
