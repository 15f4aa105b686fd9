"""What the tests share: the agent and the test model server that test/python-sdk.test.ts started.

The model server is scripted over its control URL (test/support/model-control.ts) with the
same reply objects the TypeScript tests use (test/model-server/script.ts).
"""
from __future__ import annotations

import json
import os
import time
import urllib.request
from typing import Any, Callable, Dict, List, Optional

ADDRESS = os.environ["A3S_SERVER_ADDRESS"]
TOKEN = os.environ["A3S_AGENT_TOKEN"]
WORKSPACE = os.environ["A3S_TEST_WORKSPACE"]
AGENT_PID = int(os.environ["A3S_TEST_AGENT_PID"])
_CONTROL = os.environ["A3S_TEST_MODEL_CONTROL"]


def _call(method: str, path: str, body: Optional[Any] = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(_CONTROL + path, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def script(*replies: Dict[str, Any], match: Optional[str] = None) -> None:
    """Queues replies for the next model requests (or for requests whose body contains ``match``)."""
    _call("POST", "/script", {"replies": list(replies), **({"match": match} if match is not None else {})})


def reset() -> None:
    _call("POST", "/reset", {})


def requests() -> List[Dict[str, Any]]:
    """What the agent sent the model server: path, body, aborted."""
    return _call("GET", "/requests")


def reply(text: Any, **extra: Any) -> Dict[str, Any]:
    return {"kind": "reply", "text": [text] if isinstance(text, str) else list(text), **extra}


def tool_calls(*calls: Dict[str, Any], **extra: Any) -> Dict[str, Any]:
    return {"kind": "reply", "toolCalls": list(calls), **extra}


def hang(*text: str) -> Dict[str, Any]:
    """Streams ``text`` and then keeps the stream open until the agent goes away."""
    return {"kind": "hang", "text": list(text)}


def wait_until(condition: Callable[[], Any], timeout: float = 15.0, what: str = "the condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)
