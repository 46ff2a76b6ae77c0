"""A local server that speaks the OpenAI chat-completions protocol, scripted per test.

Like llm's MockModel.enqueue, but over real HTTP on 127.0.0.1, so the engine's whole client stack runs.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    status: int = 200
    content: str | None = None
    hang: float = 0.0
    headers: dict = field(default_factory=dict)
    usage: dict | None = None


def answer(content: Any, usage: dict | None = None) -> Step:
    """A 200 whose message content is `content` (JSON-encoded unless already a string)."""
    return Step(content=content if isinstance(content, str) else json.dumps(content), usage=usage)


def error(status: int, headers: dict | None = None) -> Step:
    return Step(status=status, headers=headers or {})


def hang(seconds: float) -> Step:
    return Step(hang=seconds, content="{}")


class FakeOpenAI:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.repeat: Step | None = None
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def enqueue(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def always(self, step: Step) -> None:
        self.repeat = step

    def _next(self) -> Step:
        if self.steps:
            return self.steps.pop(0)
        if self.repeat is not None:
            return self.repeat
        return error(500)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                step = fake._next()
                if step.hang:
                    time.sleep(step.hang)
                if step.status != 200:
                    payload = json.dumps({"error": {"message": "scripted failure", "type": "server_error"}})
                else:
                    usage = step.usage or {"prompt_tokens": 1234, "completion_tokens": 56, "total_tokens": 1290}
                    payload = json.dumps({
                        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": step.content}}],
                        "usage": usage,
                    })
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    for key, value in step.headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should after a hang

        return Handler

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def user_prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] == "user"]
