"""The blocking A3sClient against the real agent process and the test model server."""
from __future__ import annotations

import os
import threading
import unittest

from a3s_box import (
    A3sClient, A3sError, ConfirmationAnswer, ConfirmationRequest, ErrorCodes, FileChange, HookPayload, HookResult,
    ModelRef, PermissionPolicy, SessionOptions, SkillFilter, TextDelta, ToolResultChunk,
)

from .support import ADDRESS, TOKEN, WORKSPACE, hang, reply, requests, reset, script, tool_calls, wait_until

SKILL = """---
name: {name}
description: The {name} skill for Python tests.
tools:
  - name: {name}-noop
    description: Does nothing.
    parameters: {{ type: object, properties: {{}} }}
    backend: {{ type: binary, path: /bin/true }}
---
Say please.
"""


class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        reset()
        self.client = A3sClient(address=ADDRESS, token=TOKEN)
        self.addCleanup(self.client.close)

    def code_of(self, call, *args) -> A3sError:
        with self.assertRaises(A3sError) as caught:
            call(*args)
        return caught.exception

    def test_health_check(self) -> None:
        health = self.client.health_check()
        self.assertEqual(health.status, "ok")
        self.assertEqual([lane.lane for lane in health.lanes], ["control", "query", "execute", "generate"])

    def test_session_lifecycle(self) -> None:
        sid = self.client.create_session(system="be brief", title="Py", model=ModelRef("anthropic", "claude-x"))
        info = self.client.configure(sid, thinking=True, max_steps=7)
        self.assertEqual(info.options, SessionOptions(system="be brief", title="Py", model=ModelRef("anthropic", "claude-x"), thinking=True, max_steps=7))
        self.assertIn(sid, [s.id for s in self.client.list_sessions()])
        self.client.destroy_session(sid)
        self.assertEqual(self.code_of(self.client.destroy_session, sid).code, ErrorCodes.SESSION_NOT_FOUND)

    def test_options_object_and_keywords(self) -> None:
        policy = PermissionPolicy(allow=["ls"], deny=["bash(rm *)"], default="ask")
        sid = self.client.create_session(SessionOptions(cwd=".", permission_policy=policy), title="both")
        options = next(s for s in self.client.list_sessions() if s.id == sid).options
        self.assertEqual(options, SessionOptions(cwd=".", permission_policy=policy, title="both"))

    def test_skill_filter(self) -> None:
        sid = self.client.create_session(skill_filter=SkillFilter(include=["web-*"]))
        self.assertEqual(next(s for s in self.client.list_sessions() if s.id == sid).options.skill_filter, SkillFilter(include=["web-*"]))
        script(reply("ok"))
        self.client.generate(sid, "hi")
        offered = [t["name"] for t in requests()[0]["body"]["tools"]]
        self.assertIn("fetch_url", offered)
        self.assertNotIn("run_python", offered)
        with self.assertRaisesRegex(A3sError, "skillFilter.include is empty"):
            self.client.create_session(skill_filter=SkillFilter(include=[]))
        self.assertEqual(self.code_of(self.client.create_session, SessionOptions(skill_filter=SkillFilter(exclude=["Bad Name"]))).code, ErrorCodes.INVALID_ARGUMENT)

    def test_unknown_option_is_refused_by_name(self) -> None:
        with self.assertRaisesRegex(TypeError, "unknown session option 'system_prompt' \\(use 'system'\\)"):
            self.client.create_session(system_prompt="the proto's name is not the SDK's")
        with self.assertRaisesRegex(TypeError, "unknown session option 'temperature'"):
            self.client.create_session(temperature=0.2)

    def test_wrong_token_and_unreachable_agent(self) -> None:
        with A3sClient(address=ADDRESS, token="not-the-token") as stranger:
            self.assertEqual(self.code_of(stranger.list_sessions).code, ErrorCodes.UNAUTHENTICATED)
        with A3sClient(address="127.0.0.1:1", token=TOKEN) as nowhere:
            err = self.code_of(nowhere.health_check)
            self.assertEqual(err.code, ErrorCodes.UNAVAILABLE)
            self.assertIn("cannot reach the agent at 127.0.0.1:1", err.message)

    def test_generate_text(self) -> None:
        sid = self.client.create_session(system="py-generate")
        script(reply(["Hel", "lo"], usage={"input": 11, "output": 2}))
        result = self.client.generate(sid, "say hello")
        self.assertEqual((result.text, result.finish_reason), ("Hello", "stop"))
        self.assertEqual((result.usage.input_tokens, result.usage.output_tokens), (11, 2))
        self.assertEqual(requests()[0]["body"]["system"][:11], "py-generate")
        history = self.client.get_history(sid)
        self.assertEqual([(m.role, m.text) for m in history], [("user", "say hello"), ("assistant", "Hello")])
        self.assertEqual(self.client.get_context_usage(sid).message_count, 2)

    def test_stream_tool_calls(self) -> None:
        sid = self.client.create_session()
        script(tool_calls({"name": "ls", "args": {}}), reply("listed"))
        chunks = list(self.client.stream(sid, "list the files"))
        kinds = [c.type for c in chunks]
        self.assertEqual(kinds, ["tool-call", "tool-result", "text-delta", "finish"])
        result = next(c for c in chunks if isinstance(c, ToolResultChunk)).tool_result
        self.assertFalse(result.is_error)
        self.assertEqual(result.name, "ls")
        self.assertEqual(chunks[-1].finish.finish_reason, "stop")

    def test_model_error_raises_its_code(self) -> None:
        sid = self.client.create_session(model=ModelRef("openai", "gpt-x"))
        script({"kind": "error", "status": 401, "message": "bad key"})
        self.assertEqual(self.code_of(self.client.generate, sid, "hi").code, ErrorCodes.PROVIDER_AUTH)

    def test_confirmation_allowed_and_denied(self) -> None:
        sid = self.client.create_session()
        self.client.set_permission_policy(sid, PermissionPolicy(ask=["write"]))
        seen: list[ConfirmationRequest] = []

        def allow(request: ConfirmationRequest) -> ConfirmationAnswer:
            seen.append(request)
            return ConfirmationAnswer(decision="allow")

        script(tool_calls({"name": "write", "args": {"file_path": "py-allowed.txt", "content": "from python"}}), reply("written"))
        result = self.client.generate(sid, "write it", on_confirm=allow)
        self.assertEqual(result.text, "written")
        self.assertEqual(seen[0].tool, "write")
        self.assertTrue(seen[0].diff is not None and seen[0].diff.is_new_file)
        with open(os.path.join(WORKSPACE, "py-allowed.txt")) as written:
            self.assertEqual(written.read(), "from python")
        self.assertEqual(result.tool_results[0].decision.decided_by, "human")

        script(tool_calls({"name": "write", "args": {"file_path": "py-denied.txt", "content": "no"}}), reply("refused"))
        denied = self.client.generate(sid, "write another")
        self.assertTrue(denied.tool_results[0].is_error)
        self.assertEqual(denied.tool_results[0].decision.decision, "deny")
        self.assertFalse(os.path.exists(os.path.join(WORKSPACE, "py-denied.txt")))

    def test_objects(self) -> None:
        sid = self.client.create_session()
        schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}, "required": ["name", "age"]}
        script(reply('{"name": "Ada", "age": 36}', usage={"input": 5, "output": 7}))
        result = self.client.generate_object(sid, "who?", schema)
        self.assertEqual(result.object, {"name": "Ada", "age": 36})
        self.assertEqual(result.usage.output_tokens, 7)

        script(reply(['{"name": "Gr', 'ace", "age": 85}']))
        chunks = list(self.client.stream_object(sid, "who else?", schema))
        self.assertEqual(chunks[-1].object, {"name": "Grace", "age": 85})
        self.assertIsNotNone(chunks[-1].usage)
        self.assertTrue(all(c.partial_object is not None for c in chunks[:-1]) and len(chunks) > 1)

        script(reply("I cannot answer that."), reply("Still no."))
        self.assertEqual(self.code_of(self.client.generate_object, sid, "who?", schema).code, ErrorCodes.SCHEMA_VALIDATION)

    def test_skills(self) -> None:
        info = self.client.load_skill("pyskill", SKILL.format(name="pyskill"))
        self.assertEqual((info.name, info.tools, info.builtin), ("pyskill", ["pyskill-noop"], False))
        listed = self.client.list_skills()
        self.assertIn("pyskill", [s.name for s in listed.skills])
        self.assertEqual(next(t for t in listed.tools if t.name == "pyskill-noop").source, "skill:pyskill")
        self.client.unload_skill("pyskill")
        self.assertNotIn("pyskill", [s.name for s in self.client.list_skills().skills])
        self.assertEqual(self.code_of(self.client.load_skill, "bad", "---\nname: bad\n---\n").code, ErrorCodes.SKILL_INVALID)

    def test_files(self) -> None:
        stat = self.client.write_file("py/notes.md", "# notes")
        self.assertEqual((stat.path, stat.type, stat.size), ("py/notes.md", "file", 7))
        self.assertEqual(self.client.read_file("py/notes.md").content, "# notes")
        self.assertEqual([(e.name, e.type) for e in self.client.list_dir("py")], [("notes.md", "file")])
        self.assertEqual(self.client.stat("py").type, "dir")
        self.assertEqual(self.code_of(self.client.read_file, "../etc/passwd").code, ErrorCodes.PATH_OUTSIDE_WORKSPACE)
        too_big = self.code_of(self.client.write_file, "big.txt", "x" * (5 * 1024 * 1024 + 1))
        self.assertEqual(too_big.code, ErrorCodes.INVALID_ARGUMENT)
        self.assertFalse(os.path.exists(os.path.join(WORKSPACE, "big.txt")))

    def test_watch_files(self) -> None:
        changes: list[FileChange] = []
        with self.client.watch_files("", changes.append):
            self.client.write_file("watched/py.txt", "1")
            wait_until(lambda: FileChange("created", "watched/py.txt") in changes, what="the created event")
        self.assertEqual(self.code_of(self.client.watch_files, "../x", changes.append).code, ErrorCodes.PATH_OUTSIDE_WORKSPACE)

    def test_host_hook(self) -> None:
        seen: list[HookPayload] = []

        def hook(payload: HookPayload) -> HookResult:
            seen.append(payload)
            return HookResult(decision="deny", reason="python said no")

        sid = self.client.create_session()
        with self.client.on_hook("PreToolUse", hook):
            script(tool_calls({"name": "bash", "args": {"command": "echo hi"}}), reply("ok"))
            result = self.client.generate(sid, "run it")
        self.assertEqual(seen[0].tool, "bash")
        self.assertEqual(seen[0].args, {"command": "echo hi"})
        decision = result.tool_results[0].decision
        self.assertEqual((decision.decision, decision.decided_by, decision.reason), ("deny", "hook:PreToolUse(host)", "python said no"))
        with self.assertRaisesRegex(A3sError, 'unknown hook event "BeforeEverything"'):
            self.client.on_hook("BeforeEverything", hook)  # type: ignore[arg-type]

    def test_cancel_running_turn(self) -> None:
        sid = self.client.create_session()
        script(hang("thinking..."))
        kinds = []
        for chunk in self.client.stream(sid, "take your time"):
            kinds.append(chunk.type)
            if isinstance(chunk, TextDelta):
                self.assertTrue(self.client.cancel(sid))
        self.assertEqual(kinds[-1], "finish")
        self.assertEqual(chunk.finish.finish_reason, "cancelled")
        self.assertFalse(self.client.cancel(sid))

    def test_leaving_the_stream_early_cancels_the_turn(self) -> None:
        sid = self.client.create_session()
        script(hang("first words"))
        for chunk in self.client.stream(sid, "go on forever"):
            break
        wait_until(lambda: requests() and requests()[0]["aborted"], what="the model request to be aborted")

    def test_handler_threads_do_not_outlive_close(self) -> None:
        before = threading.active_count()
        self.client.on_hook("Stop", lambda payload: None).close()
        self.client.watch_files("", lambda change: None).close()
        self.assertEqual(threading.active_count(), before)


if __name__ == "__main__":
    unittest.main()
