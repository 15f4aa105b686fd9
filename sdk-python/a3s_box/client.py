"""``A3sClient``: the blocking client of the agent (proto/agent.proto), the TypeScript A3sClient in snake_case."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator, List, Optional

import grpc

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

ConfirmHandler = Callable[[ConfirmationRequest], ConfirmationAnswer]
HookHandler = Callable[[HookPayload], Optional[HookResult]]


class Subscription:
    """A running ``on_hook`` or ``watch_files`` subscription; ``close()`` ends it."""

    def __init__(self, call: Any, consume: Callable[["Subscription"], None]) -> None:
        self._call = call
        self.closed = False
        self._thread = threading.Thread(target=consume, args=(self,), name="a3s-box-subscription", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.closed = True
        self._call.cancel()
        self._thread.join()

    def __enter__(self) -> "Subscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class A3sClient:
    """Every failure reaches the caller as an ``A3sError`` with a stable code."""

    def __init__(self, address: Optional[str] = None, token: Optional[str] = None, keepalive: Optional[Keepalive] = None) -> None:
        self._conn = Connection.resolve(address, token, keepalive)
        self.address = self._conn.address
        self._channel = grpc.insecure_channel(self.address, options=self._conn.channel_options())
        self._stub = AgentServiceStub(self._channel)

    def __enter__(self) -> "A3sClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()

    def health_check(self) -> HealthStatus:
        return w.health_from_wire(self._unary(self._stub.HealthCheck, pb.HealthCheckRequest()))

    def create_session(self, options: Optional[SessionOptions] = None, **fields: Any) -> str:
        """Creates a session and returns its id; options as a SessionOptions, keywords, or both."""
        wire = w.options_to_wire(w.session_options(options, fields))
        return self._unary(self._stub.CreateSession, pb.CreateSessionRequest(options=wire)).id

    def destroy_session(self, session_id: str) -> None:
        self._unary(self._stub.DestroySession, pb.SessionRef(session_id=session_id))

    def list_sessions(self) -> List[SessionInfo]:
        return [w.info_from_wire(s) for s in self._unary(self._stub.ListSessions, pb.Empty()).sessions]

    def configure(self, session_id: str, options: Optional[SessionOptions] = None, **fields: Any) -> SessionInfo:
        """Changes the fields that are set; the others stay."""
        wire = w.options_to_wire(w.session_options(options, fields))
        return w.info_from_wire(self._unary(self._stub.Configure, pb.ConfigureRequest(session_id=session_id, options=wire)))

    def get_context_usage(self, session_id: str) -> ContextUsage:
        return w.context_usage_from_wire(self._unary(self._stub.GetContextUsage, pb.SessionRef(session_id=session_id)))

    def get_history(self, session_id: str) -> List[HistoryMessage]:
        return w.history_from_wire(self._unary(self._stub.GetHistory, pb.SessionRef(session_id=session_id)))

    def clear(self, session_id: str) -> None:
        self._unary(self._stub.Clear, pb.SessionRef(session_id=session_id))

    def compact(self, session_id: str) -> CompactResult:
        r = self._unary(self._stub.Compact, pb.SessionRef(session_id=session_id))
        return CompactResult(r.tokens_before, r.tokens_after, r.messages_before, r.messages_after)

    def cancel(self, session_id: str) -> bool:
        """Cancels the session's running turn; False when nothing was running."""
        return self._unary(self._stub.Cancel, pb.SessionRef(session_id=session_id)).cancelled

    def stream(self, session_id: str, prompt: str) -> Iterator[StreamChunk]:
        """Runs one turn and yields its chunks; leaving the loop early cancels the turn."""
        return self._server_stream(lambda md: self._stub.Generate(pb.GenerateRequest(session_id=session_id, prompt=prompt), metadata=md), w.chunk_from_wire)

    def generate(self, session_id: str, prompt: str, on_confirm: Optional[ConfirmHandler] = None) -> GenerateResult:
        """Runs one turn to its end; a failure raises its A3sError. Without ``on_confirm``, approvals are denied."""
        turn = Turn()
        for chunk in self.stream(session_id, prompt):
            request = turn.add(chunk)
            if request is not None:
                answer = on_confirm(request) if on_confirm else DENY_WITHOUT_HANDLER
                self.respond_to_confirmation(session_id, request.request_id, answer)
            if turn.result is not None:
                return turn.result
        raise Turn.unfinished()

    def generate_object(self, session_id: str, prompt: str, schema: JsonObject) -> ObjectResult:
        """Asks for a JSON object matching ``schema`` (a JSON Schema); the agent validates it."""
        r = self._unary(self._stub.GenerateObject, w.object_request(session_id, prompt, schema))
        return ObjectResult(object=json.loads(r.object_json), usage=w.usage_from_wire(r.usage))

    def stream_object(self, session_id: str, prompt: str, schema: JsonObject) -> Iterator[ObjectChunk]:
        """Partial objects as the JSON grows, then the validated object with its usage."""
        return self._server_stream(lambda md: self._stub.StreamObject(w.object_request(session_id, prompt, schema), metadata=md), w.object_chunk_from_wire)

    def load_skill(self, name: str, content: str) -> SkillInfo:
        return w.skill_from_wire(self._unary(self._stub.LoadSkill, pb.LoadSkillRequest(name=name, content=content)))

    def unload_skill(self, name: str) -> None:
        self._unary(self._stub.UnloadSkill, pb.UnloadSkillRequest(name=name))

    def list_skills(self) -> SkillList:
        r = self._unary(self._stub.ListSkills, pb.Empty())
        return SkillList(skills=[w.skill_from_wire(s) for s in r.skills], tools=[w.tool_info_from_wire(t) for t in r.tools])

    def set_permission_policy(self, session_id: str, policy: PermissionPolicy) -> None:
        self._unary(self._stub.SetPermissionPolicy, pb.SetPermissionPolicyRequest(session_id=session_id, policy=w.policy_to_wire(policy)))

    def respond_to_confirmation(self, session_id: str, request_id: str, answer: ConfirmationAnswer) -> None:
        self._unary(self._stub.RespondToConfirmation, w.answer_to_wire(session_id, request_id, answer))

    def on_hook(self, event: HookEvent, handler: HookHandler) -> Subscription:
        """Handles a hook event in this process (handlers run on worker threads); returns once the agent has the subscription."""
        call = self._subscribe(lambda md: self._stub.WatchHooks(pb.WatchHooksRequest(events=[event]), metadata=md))
        workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="a3s-box-hook")

        def answer(invocation: pb.HookInvocation) -> None:
            try:
                result_json = w.hook_result_to_json(handler(w.hook_payload_from_wire(invocation.payload_json)))
            except Exception as err:  # the agent counts a handler that failed as a failed hook
                result_json = json.dumps({"error": str(err)})
            try:
                self._stub.RespondToHook(pb.HookAnswer(invocation_id=invocation.invocation_id, result_json=result_json), metadata=self._conn.metadata())
            except grpc.RpcError:
                pass  # the agent stopped waiting (its hook timeout): nothing is left to do

        def consume(_: Subscription) -> None:
            try:
                for invocation in call:
                    workers.submit(answer, invocation)
            except grpc.RpcError:
                pass  # cancelled by close(), or the agent went away: no more invocations come
            finally:
                workers.shutdown(wait=True)

        return Subscription(call, consume)

    def list_dir(self, path: str = "") -> List[FileStat]:
        """The entries of a workspace folder ("" is the workspace); symlinks are listed, not followed."""
        return [w.stat_from_wire(s) for s in self._unary(self._stub.ListDir, pb.PathRequest(path=path)).entries]

    def read_file(self, path: str) -> FileContent:
        return w.content_from_wire(self._unary(self._stub.ReadFile, pb.PathRequest(path=path)))

    def write_file(self, path: str, content: str) -> FileStat:
        """Replaces (or creates) a workspace file atomically; missing folders are made."""
        return w.stat_from_wire(self._unary(self._stub.WriteFile, w.write_file_request(path, content, MAX_FILE_BYTES)))

    def stat(self, path: str) -> FileStat:
        return w.stat_from_wire(self._unary(self._stub.Stat, pb.PathRequest(path=path)))

    def watch_files(self, path: str, on_change: Callable[[FileChange], None], on_error: Optional[Callable[[A3sError], None]] = None) -> Subscription:
        """Calls ``on_change`` (on a worker thread) for changes below ``path``; returns once the agent watches."""
        call = self._subscribe(lambda md: self._stub.WatchFiles(pb.WatchFilesRequest(path=path), metadata=md))

        def consume(subscription: Subscription) -> None:
            try:
                for change in call:
                    on_change(w.change_from_wire(change))
            except grpc.RpcError as err:
                if on_error and not subscription.closed:
                    on_error(from_rpc_error(err, self._conn))

        return Subscription(call, consume)

    def _unary(self, method: Any, request: Any) -> Any:
        try:
            return method(request, metadata=self._conn.metadata())
        except grpc.RpcError as err:
            raise from_rpc_error(err, self._conn) from None

    def _server_stream(self, start: Callable[[Any], Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
        call = start(self._conn.metadata())
        finished = False
        try:
            for message in call:
                yield convert(message)
            finished = True
        except grpc.RpcError as err:
            finished = True
            raise from_rpc_error(err, self._conn) from None
        finally:
            if not finished:
                call.cancel()

    def _subscribe(self, start: Callable[[Any], Any]) -> Any:
        """Starts a watch stream and waits for its headers: the agent sends them once the watch is in place."""
        call = start(self._conn.metadata())
        call.initial_metadata()
        if call.done() and call.code() != grpc.StatusCode.OK:
            raise error_from_status(call.code(), call.details(), call.trailing_metadata(), self._conn)
        return call
