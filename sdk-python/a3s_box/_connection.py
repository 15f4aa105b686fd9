"""Where the agent is and how a call proves who it is: the TypeScript SDK's defaults and metadata."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from ._keepalive import Keepalive, keepalive_channel_options

DEFAULT_AGENT_PORT = 4088
# Files up to MAX_FILE_BYTES and long histories fit; gRPC's default is 4 MiB.
CHANNEL_OPTIONS = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Connection:
    address: str
    token: Optional[str]
    keepalive: Keepalive = Keepalive()

    @staticmethod
    def resolve(address: Optional[str], token: Optional[str], keepalive: Optional[Keepalive] = None) -> "Connection":
        """Arguments first, then A3S_SERVER_ADDRESS / A3S_AGENT_TOKEN, then localhost:4088 without a token."""
        return Connection(
            address=address or os.environ.get("A3S_SERVER_ADDRESS") or f"localhost:{DEFAULT_AGENT_PORT}",
            token=token or os.environ.get("A3S_AGENT_TOKEN") or None,
            keepalive=keepalive or Keepalive(),
        )

    def channel_options(self) -> List[Tuple[str, Any]]:
        return CHANNEL_OPTIONS + keepalive_channel_options(self.keepalive)

    def metadata(self) -> Tuple[Tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),) if self.token else ()
