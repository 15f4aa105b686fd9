"""An agent that stops answering fails the calls on it instead of hanging them (client/keepalive.ts).

A frozen box (guest kernel hang, QEMU stopped) keeps its TCP connection open through QEMU's user
network, so only the client's own HTTP/2 pings notice; and a new connection to it is accepted by
the host's kernel but never gets the agent's HTTP/2 SETTINGS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple


@dataclass(frozen=True)
class Keepalive:
    """How soon a call notices an agent that stopped answering; the TypeScript SDK's defaults (docs/agent.md)."""

    time_ms: int = 15_000
    """A call's connection is pinged after this long without a ping."""
    timeout_ms: int = 20_000
    """A ping unanswered this long, or no connection this long, fails the call with UNAVAILABLE."""


def keepalive_channel_options(keepalive: Keepalive) -> List[Tuple[str, int]]:
    return [
        ("grpc.keepalive_time_ms", keepalive.time_ms),
        ("grpc.keepalive_timeout_ms", keepalive.timeout_ms),
        # An idle channel (a box nobody talks to) sends nothing.
        ("grpc.keepalive_permit_without_calls", 0),
        # C-core stops pinging after 2 pings with no data sent, and a watch or a long turn sends none.
        ("grpc.http2.max_pings_without_data", 0),
        # C-core's bound on a new connection getting the server's SETTINGS (its default is 20 s).
        ("grpc.min_reconnect_backoff_ms", keepalive.timeout_ms),
    ]


# grpcio 1.51's words for a ping unanswered, and newer C-core's.
_NO_PING_REPLY = re.compile(r"keepalive (watchdog )?timeout")
_NO_SETTINGS = "timed out before receiving SETTINGS frame"


def explain_unavailable(details: str, keepalive: Keepalive) -> str:
    """C-core's UNAVAILABLE details in the TypeScript SDK's words when the keepalive caused them."""
    seconds = f"{keepalive.timeout_ms / 1000:g}"
    if _NO_PING_REPLY.fullmatch(details):
        return f"it stopped answering (no reply to keepalive within {seconds} s) or closed the connection"
    if _NO_SETTINGS in details:
        return f"it stopped answering (no connection within {seconds} s)"
    return details
