"""The asyncio AsyncA3sClient against the real agent process and the test model server."""
from __future__ import annotations

import asyncio
import os
import unittest
from contextlib import aclosing

from a3s_box import (
    A3sError, AsyncA3sClient, ConfirmationAnswer, ConfirmationRequest, ErrorCodes, FileChange, HookPayload, HookResult,
    PermissionPolicy, SessionOptions, TextDelta,
)

from .support import ADDRESS, TOKEN, WORKSPACE, hang, reply, requests, reset, script, tool_calls


class AsyncClientTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self) -> None:
        reset()
        self.client = AsyncA3sClient(address=ADDRESS, token=TOKEN)

    async def asyncTearDown(self) -> None:
        await self.client.close()

    async def test_sessions_and_errors(self) -> None:
        sid = await self.client.create_session(system="async", title="aio")
        info = await self.client.configure(sid, max_steps=3)
        self.assertEqual(info.options, SessionOptions(system="async", title="aio", max_steps=3))
        self.assertEqual((await self.client.health_check()).status, "ok")
        await self.client.destroy_session(sid)
        with self.assertRaises(A3sError) as caught:
            await self.client.get_history(sid)
        self.assertEqual(caught.exception.code, ErrorCodes.SESSION_NOT_FOUND)
        async with AsyncA3sClient(address=ADDRESS, token="not-the-token") as stranger:
            with self.assertRaises(A3sError) as caught:
                await stranger.list_sessions()
            self.assertEqual(caught.exception.code, ErrorCodes.UNAUTHENTICATED)

    async def test_generate_with_an_async_confirm_handler(self) -> None:
        sid = await self.client.create_session(permission_policy=PermissionPolicy(ask=["write"]))
        asked: list[ConfirmationRequest] = []

        async def allow(request: ConfirmationRequest) -> ConfirmationAnswer:
            asked.append(request)
            await asyncio.sleep(0)
            return ConfirmationAnswer(decision="allow")

        script(tool_calls({"name": "write", "args": {"file_path": "aio.txt", "content": "async"}}), reply(["all ", "done"]))
        result = await self.client.generate(sid, "write it", on_confirm=allow)
        self.assertEqual((result.text, result.finish_reason), ("all done", "stop"))
        self.assertEqual(asked[0].args, {"file_path": "aio.txt", "content": "async"})
        with open(os.path.join(WORKSPACE, "aio.txt")) as written:
            self.assertEqual(written.read(), "async")

    async def test_stream_and_objects(self) -> None:
        sid = await self.client.create_session()
        script(reply(["a", "b"]))
        kinds = [chunk.type async for chunk in self.client.stream(sid, "letters")]
        self.assertEqual(kinds, ["text-delta", "text-delta", "finish"])
        schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
        script(reply('{"n": 1}'))
        self.assertEqual((await self.client.generate_object(sid, "one", schema)).object, {"n": 1})
        script(reply(['{"n"', ': 2}']))
        chunks = [c async for c in self.client.stream_object(sid, "two", schema)]
        self.assertEqual(chunks[-1].object, {"n": 2})

    async def test_closing_the_stream_early_cancels_the_turn(self) -> None:
        sid = await self.client.create_session()
        script(hang("slowly"))
        async with aclosing(self.client.stream(sid, "never ends")) as chunks:
            async for chunk in chunks:
                self.assertIsInstance(chunk, TextDelta)
                break
        for _ in range(300):
            if requests()[0]["aborted"]:
                break
            await asyncio.sleep(0.05)
        self.assertTrue(requests()[0]["aborted"])

    async def test_files_and_watch(self) -> None:
        changes: list[FileChange] = []
        async with await self.client.watch_files("", changes.append):
            await self.client.write_file("aio/watched.txt", "x")
            for _ in range(300):
                if FileChange("created", "aio/watched.txt") in changes:
                    break
                await asyncio.sleep(0.05)
        self.assertIn(FileChange("created", "aio/watched.txt"), changes)
        self.assertEqual((await self.client.read_file("aio/watched.txt")).content, "x")
        self.assertEqual([e.name for e in await self.client.list_dir("aio")], ["watched.txt"])
        with self.assertRaises(A3sError) as caught:
            await self.client.write_file("../outside.txt", "x")
        self.assertEqual(caught.exception.code, ErrorCodes.PATH_OUTSIDE_WORKSPACE)

    async def test_async_host_hook(self) -> None:
        async def rewrite(payload: HookPayload) -> HookResult:
            return HookResult(args={"command": "echo rewritten-by-python"})

        sid = await self.client.create_session()
        async with await self.client.on_hook("PreToolUse", rewrite):
            script(tool_calls({"name": "bash", "args": {"command": "echo original"}}), reply("ok"))
            result = await self.client.generate(sid, "run")
        self.assertEqual(result.tool_results[0].output, "rewritten-by-python\nexit code: 0")


if __name__ == "__main__":
    unittest.main()
