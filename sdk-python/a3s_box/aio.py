"""``AsyncA3sClient``: the asyncio flavour of ``A3sClient``, the same methods as coroutines and async iterators."""
from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any, AsyncIterator, Awaitable, Callable, List, Optional, Set, Union

import grpc
import grpc.aio

from . import _wire as w
from ._connection import MAX_FILE_BYTES, Connection
from ._keepalive import Keepalive
from ._proto import agent_pb2 as pb
from ._proto.agent_pb2_grpc import AgentServiceStub
from ._turn import DENY_WITHOUT_HANDLER, Turn
from .errors import A3sError, error_from_status, from_rpc_error
from .types import (
    CompactResult, ConfirmationAnswer, ConfirmationRequest, ContextUsage, FileChange, FileContent, FileStat,
    GenerateResult, HealthStatus, HistoryMessage, HookEvent, HookPayload, HookResult, JsonObject, ObjectChunk,
    ObjectResult, PermissionPolicy, SessionInfo, SessionOptions, SkillInfo, SkillList, StreamChunk,
)

AsyncConfirmHandler = Callable[[ConfirmationRequest], Union[ConfirmationAnswer, Awaitable[ConfirmationAnswer]]]
AsyncHookHandler = Callable[[HookPayload], Union[Optional[HookResult], Awaitable[Optional[HookResult]]]]


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class AsyncSubscription:
    """A running ``on_hook`` or ``watch_files`` subscription; ``await close()`` ends it."""

    def __init__(self, call: Any, consume: Callable[["AsyncSubscription"], Awaitable[None]]) -> None:
        self._call = call
        self.closed = False
        self._task = asyncio.ensure_future(consume(self))

    async def close(self) -> None:
        self.closed = True
        self._call.cancel()
        await self._task

    async def __aenter__(self) -> "AsyncSubscription":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class AsyncA3sClient:
    """Every failure reaches the caller as an ``A3sError`` with a stable code."""

    def __init__(self, address: Optional[str] = None, token: Optional[str] = None, keepalive: Optional[Keepalive] = None) -> None:
        self._conn = Connection.resolve(address, token, keepalive)
        self.address = self._conn.address
        self._channel = grpc.aio.insecure_channel(self.address, options=self._conn.channel_options())
        self._stub = AgentServiceStub(self._channel)

    async def __aenter__(self) -> "AsyncA3sClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._channel.close()

    async def health_check(self) -> HealthStatus:
        return w.health_from_wire(await self._unary(self._stub.HealthCheck, pb.HealthCheckRequest()))

    async def create_session(self, options: Optional[SessionOptions] = None, **fields: Any) -> str:
        wire = w.options_to_wire(w.session_options(options, fields))
        return (await self._unary(self._stub.CreateSession, pb.CreateSessionRequest(options=wire))).id

    async def destroy_session(self, session_id: str) -> None:
        await self._unary(self._stub.DestroySession, pb.SessionRef(session_id=session_id))

    async def list_sessions(self) -> List[SessionInfo]:
        return [w.info_from_wire(s) for s in (await self._unary(self._stub.ListSessions, pb.Empty())).sessions]

    async def configure(self, session_id: str, options: Optional[SessionOptions] = None, **fields: Any) -> SessionInfo:
        wire = w.options_to_wire(w.session_options(options, fields))
        return w.info_from_wire(await self._unary(self._stub.Configure, pb.ConfigureRequest(session_id=session_id, options=wire)))

    async def get_context_usage(self, session_id: str) -> ContextUsage:
        return w.context_usage_from_wire(await self._unary(self._stub.GetContextUsage, pb.SessionRef(session_id=session_id)))

    async def get_history(self, session_id: str) -> List[HistoryMessage]:
        return w.history_from_wire(await self._unary(self._stub.GetHistory, pb.SessionRef(session_id=session_id)))

    async def clear(self, session_id: str) -> None:
        await self._unary(self._stub.Clear, pb.SessionRef(session_id=session_id))

    async def compact(self, session_id: str) -> CompactResult:
        r = await self._unary(self._stub.Compact, pb.SessionRef(session_id=session_id))
        return CompactResult(r.tokens_before, r.tokens_after, r.messages_before, r.messages_after)

    async def cancel(self, session_id: str) -> bool:
        return (await self._unary(self._stub.Cancel, pb.SessionRef(session_id=session_id))).cancelled

    def stream(self, session_id: str, prompt: str) -> AsyncIterator[StreamChunk]:
        """Runs one turn and yields its chunks; closing the iterator early (``contextlib.aclosing``) cancels the turn."""
        return self._server_stream(lambda md: self._stub.Generate(pb.GenerateRequest(session_id=session_id, prompt=prompt), metadata=md), w.chunk_from_wire)

    async def generate(self, session_id: str, prompt: str, on_confirm: Optional[AsyncConfirmHandler] = None) -> GenerateResult:
        turn = Turn()
        chunks = self.stream(session_id, prompt)
        try:
            async for chunk in chunks:
                request = turn.add(chunk)
                if request is not None:
                    answer = await _maybe_await(on_confirm(request)) if on_confirm else DENY_WITHOUT_HANDLER
                    await self.respond_to_confirmation(session_id, request.request_id, answer)
                if turn.result is not None:
                    return turn.result
        finally:
            await chunks.aclose()  # type: ignore[attr-defined]
        raise Turn.unfinished()

    async def generate_object(self, session_id: str, prompt: str, schema: JsonObject) -> ObjectResult:
        r = await self._unary(self._stub.GenerateObject, w.object_request(session_id, prompt, schema))
        return ObjectResult(object=json.loads(r.object_json), usage=w.usage_from_wire(r.usage))

    def stream_object(self, session_id: str, prompt: str, schema: JsonObject) -> AsyncIterator[ObjectChunk]:
        return self._server_stream(lambda md: self._stub.StreamObject(w.object_request(session_id, prompt, schema), metadata=md), w.object_chunk_from_wire)

    async def load_skill(self, name: str, content: str) -> SkillInfo:
        return w.skill_from_wire(await self._unary(self._stub.LoadSkill, pb.LoadSkillRequest(name=name, content=content)))

    async def unload_skill(self, name: str) -> None:
        await self._unary(self._stub.UnloadSkill, pb.UnloadSkillRequest(name=name))

    async def list_skills(self) -> SkillList:
        r = await self._unary(self._stub.ListSkills, pb.Empty())
        return SkillList(skills=[w.skill_from_wire(s) for s in r.skills], tools=[w.tool_info_from_wire(t) for t in r.tools])

    async def set_permission_policy(self, session_id: str, policy: PermissionPolicy) -> None:
        await self._unary(self._stub.SetPermissionPolicy, pb.SetPermissionPolicyRequest(session_id=session_id, policy=w.policy_to_wire(policy)))

    async def respond_to_confirmation(self, session_id: str, request_id: str, answer: ConfirmationAnswer) -> None:
        await self._unary(self._stub.RespondToConfirmation, w.answer_to_wire(session_id, request_id, answer))

    async def on_hook(self, event: HookEvent, handler: AsyncHookHandler) -> AsyncSubscription:
        """Handles a hook event in this process (sync or async handler); returns once the agent has the subscription."""
        call = await self._subscribe(lambda md: self._stub.WatchHooks(pb.WatchHooksRequest(events=[event]), metadata=md))
        running: Set["asyncio.Task[None]"] = set()

        async def answer(invocation: pb.HookInvocation) -> None:
            try:
                result_json = w.hook_result_to_json(await _maybe_await(handler(w.hook_payload_from_wire(invocation.payload_json))))
            except Exception as err:  # the agent counts a handler that failed as a failed hook
                result_json = json.dumps({"error": str(err)})
            try:
                await self._stub.RespondToHook(pb.HookAnswer(invocation_id=invocation.invocation_id, result_json=result_json), metadata=self._conn.metadata())
            except grpc.RpcError:
                pass  # the agent stopped waiting (its hook timeout): nothing is left to do

        async def consume(_: AsyncSubscription) -> None:
            try:
                async for invocation in call:
                    task = asyncio.ensure_future(answer(invocation))
                    running.add(task)
                    task.add_done_callback(running.discard)
            except (grpc.RpcError, asyncio.CancelledError):
                pass  # cancelled by close(), or the agent went away: no more invocations come
            if running:
                await asyncio.gather(*running)

        return AsyncSubscription(call, consume)

    async def list_dir(self, path: str = "") -> List[FileStat]:
        return [w.stat_from_wire(s) for s in (await self._unary(self._stub.ListDir, pb.PathRequest(path=path))).entries]

    async def read_file(self, path: str) -> FileContent:
        return w.content_from_wire(await self._unary(self._stub.ReadFile, pb.PathRequest(path=path)))

    async def write_file(self, path: str, content: str) -> FileStat:
        return w.stat_from_wire(await self._unary(self._stub.WriteFile, w.write_file_request(path, content, MAX_FILE_BYTES)))

    async def stat(self, path: str) -> FileStat:
        return w.stat_from_wire(await self._unary(self._stub.Stat, pb.PathRequest(path=path)))

    async def watch_files(self, path: str, on_change: Callable[[FileChange], Any], on_error: Optional[Callable[[A3sError], Any]] = None) -> AsyncSubscription:
        call = await self._subscribe(lambda md: self._stub.WatchFiles(pb.WatchFilesRequest(path=path), metadata=md))

        async def consume(subscription: AsyncSubscription) -> None:
            try:
                async for change in call:
                    await _maybe_await(on_change(w.change_from_wire(change)))
            except asyncio.CancelledError:
                pass
            except grpc.RpcError as err:
                if on_error and not subscription.closed:
                    await _maybe_await(on_error(from_rpc_error(err, self._conn)))

        return AsyncSubscription(call, consume)

    async def _unary(self, method: Any, request: Any) -> Any:
        try:
            return await method(request, metadata=self._conn.metadata())
        except grpc.RpcError as err:
            raise from_rpc_error(err, self._conn) from None

    async def _server_stream(self, start: Callable[[Any], Any], convert: Callable[[Any], Any]) -> AsyncIterator[Any]:
        call = start(self._conn.metadata())
        finished = False
        try:
            async for message in call:
                yield convert(message)
            finished = True
        except grpc.RpcError as err:
            finished = True
            raise from_rpc_error(err, self._conn) from None
        finally:
            if not finished:
                call.cancel()

    async def _subscribe(self, start: Callable[[Any], Any]) -> Any:
        """Starts a watch stream and waits for its headers: the agent sends them once the watch is in place."""
        call = start(self._conn.metadata())
        await call.initial_metadata()
        if call.done() and await call.code() != grpc.StatusCode.OK:
            raise error_from_status(await call.code(), await call.details(), await call.trailing_metadata(), self._conn)
        return call
