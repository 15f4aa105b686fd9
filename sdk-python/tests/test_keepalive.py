"""An agent that stops answering (SIGSTOP: its TCP connection stays open, as a frozen VM's does
through QEMU's user network) fails the calls on it with UNAVAILABLE naming the keepalive instead
of hanging them, in both clients; a healthy channel pinged often keeps its watch.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import unittest
from contextlib import aclosing
from typing import Any, List

from grpc._cython import cygrpc

from a3s_box import A3sClient, A3sError, AsyncA3sClient, ErrorCodes, Keepalive, TextDelta

from .support import ADDRESS, AGENT_PID, TOKEN, WORKSPACE, hang, reset, script, wait_until

FAST = Keepalive(time_ms=500, timeout_ms=1000)
NO_PING_REPLY = f"cannot reach the agent at {ADDRESS}: it stopped answering (no reply to keepalive within 1 s) or closed the connection"
NO_CONNECTION = f"cannot reach the agent at {ADDRESS}: it stopped answering (no connection within 1 s)"


def freeze(test: unittest.TestCase) -> None:
    os.kill(AGENT_PID, signal.SIGSTOP)
    test.addCleanup(os.kill, AGENT_PID, signal.SIGCONT)  # the other tests share this agent


def healthy(client: A3sClient) -> bool:
    try:
        return client.health_check().status == "ok"
    except A3sError:
        return False


def keepalives_sent() -> int:
    """The pings this process's channels to the agent have sent, from grpcio's channelz (what grpcio-channelz serves)."""
    def get(what: Any, key: str, ident: str) -> Any:
        return json.loads(what(int(ident)))[key]

    sent = 0
    for channel in json.loads(cygrpc.channelz_get_top_channels(0)).get("channel", []):
        if channel["data"]["target"] != ADDRESS:
            continue
        for sub in channel.get("subchannelRef", []):
            for sock in get(cygrpc.channelz_get_subchannel, "subchannel", sub["subchannelId"]).get("socketRef", []):
                sent += int(get(cygrpc.channelz_get_socket, "socket", sock["socketId"])["data"].get("keepAlivesSent", 0))
    return sent


class KeepaliveTest(unittest.TestCase):
    def test_a_watch_on_a_frozen_agent_and_a_call_made_while_it_stays_frozen_fail_then_the_client_recovers(self) -> None:
        client = A3sClient(address=ADDRESS, token=TOKEN, keepalive=FAST)
        self.addCleanup(client.close)
        errors: List[A3sError] = []
        with client.watch_files("", lambda change: None, errors.append):
            freeze(self)
            wait_until(lambda: errors, timeout=15, what="the frozen agent's watch to fail")
        self.assertEqual([(e.code, e.message) for e in errors], [(ErrorCodes.UNAVAILABLE, NO_PING_REPLY)])
        # A new connection is accepted by the kernel but never gets the agent's HTTP/2 SETTINGS.
        with self.assertRaises(A3sError) as caught:
            client.health_check()
        self.assertEqual((caught.exception.code, caught.exception.message), (ErrorCodes.UNAVAILABLE, NO_CONNECTION))
        os.kill(AGENT_PID, signal.SIGCONT)
        wait_until(lambda: healthy(client), timeout=15, what="the same client to reach the agent again")

    def test_a_healthy_channel_pinged_often_keeps_its_watch(self) -> None:
        client = A3sClient(address=ADDRESS, token=TOKEN, keepalive=Keepalive(time_ms=100, timeout_ms=10_000))
        self.addCleanup(client.close)
        before = keepalives_sent()
        changes: List[str] = []
        errors: List[A3sError] = []
        with client.watch_files("", lambda change: changes.append(change.path), errors.append):
            wait_until(lambda: keepalives_sent() >= before + 5, timeout=20, what="5 keepalive pings")
            with open(os.path.join(WORKSPACE, "after-pings.txt"), "w") as f:
                f.write("x")
            wait_until(lambda: "after-pings.txt" in changes, what="the change after the pings")
        self.assertEqual(errors, [])
        self.assertEqual(client.health_check().status, "ok")


class AsyncKeepaliveTest(unittest.IsolatedAsyncioTestCase):
    async def test_a_frozen_agents_streamed_turn_and_a_call_made_while_it_stays_frozen_fail(self) -> None:
        reset()
        script(hang("working"))
        async with AsyncA3sClient(address=ADDRESS, token=TOKEN, keepalive=FAST) as client:
            session = await client.create_session()
            async with aclosing(client.stream(session, "go")) as chunks:
                while not isinstance(await chunks.__anext__(), TextDelta):
                    pass
                freeze(self)

                async def rest() -> None:
                    async for _ in chunks:
                        pass

                with self.assertRaises(A3sError) as caught:
                    await asyncio.wait_for(rest(), 15)
            self.assertEqual((caught.exception.code, caught.exception.message), (ErrorCodes.UNAVAILABLE, NO_PING_REPLY))
            with self.assertRaises(A3sError) as caught:
                await client.health_check()
            self.assertEqual((caught.exception.code, caught.exception.message), (ErrorCodes.UNAVAILABLE, NO_CONNECTION))
