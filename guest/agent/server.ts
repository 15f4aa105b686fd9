import * as grpc from "@grpc/grpc-js";
import { chunkToWire, toolResultToWire } from "../../common/chunks";
import { MAX_FILE_BYTES } from "../../common/files";
import { agentServiceDefinition, containerServiceDefinition } from "../../common/node/agent-grpc";
import { sessionOptionsFromWire, sessionOptionsToWire, type SessionInfo } from "../../common/session";
import type { AgentServiceHandlers } from "../../common/generated/a3s/box/v1/AgentService";
import type { HistoryMessage } from "../../common/generated/a3s/box/v1/HistoryMessage";
import type { SessionInfo as WireSessionInfo } from "../../common/generated/a3s/box/v1/SessionInfo";
import type { AgentService } from "./agent-service";
import { serverStream, unary } from "./grpc-adapter";
import type { ControlPlane } from "./control/control-plane";
import { createContainerHandlers } from "./containers/container-handlers";
import { createControlHandlers } from "./control/control-handlers";
import { createFileHandlers } from "./files/file-handlers";
import { WorkspaceFiles } from "./files/workspace-files";
import { withLanes } from "./lanes/lane-handlers";
import { QueuedTurns } from "./lanes/queued-turns";
import type { SessionMessage } from "./session/session-record";

export interface AgentServerOptions {
  /** "host:port" or "unix:/path/to.sock" */
  listen: string;
  token?: string;
  /** Policies, confirmations, hooks, skills and the lane queue; without it those RPCs answer UNIMPLEMENTED. */
  control?: ControlPlane;
}

/**
 * The gRPC face of an AgentService: each handler only converts wire types and errors.
 * RPCs not listed (skills, policies, confirmations, hooks) answer UNIMPLEMENTED.
 */
export function createHandlers(service: AgentService, token: string | undefined, queuedTurns?: QueuedTurns, control?: ControlPlane): Partial<AgentServiceHandlers> {
  return {
    HealthCheck: unary(token, () => ({ ...service.health(), lanes: control?.lanes.snapshot() ?? [] })),
    CreateSession: unary(token, async (req) => infoToWire(await service.createSession(sessionOptionsFromWire(req.options)))),
    DestroySession: unary(token, async (req) => {
      await service.destroySession(req.sessionId);
      return {};
    }),
    ListSessions: unary(token, () => ({ sessions: service.listSessions().map(infoToWire) })),
    Configure: unary(token, async (req) => infoToWire(await service.configure(req.sessionId, sessionOptionsFromWire(req.options)))),
    GetContextUsage: unary(token, (req) => service.contextUsage(req.sessionId)),
    GetHistory: unary(token, (req) => {
      const { summary, messages } = service.history(req.sessionId);
      const compacted: HistoryMessage[] = summary ? [{ role: "system", text: `Summary of the earlier conversation:\n${summary}` }] : [];
      return { messages: [...compacted, ...messages.map(historyMessageToWire)] };
    }),
    Clear: unary(token, async (req) => {
      await service.clear(req.sessionId);
      return {};
    }),
    Compact: unary(token, (req, signal) => service.compact(req.sessionId, signal)),
    Generate: serverStream(token, (req, write, signal) =>
      service.generate(req.sessionId, req.prompt, (chunk) => write(chunkToWire(chunk)), signal),
    ),
    GenerateObject: unary(token, async (req, signal) => {
      const { object, usage } = await service.generateObject(req.sessionId, req.prompt, req.schemaJson, signal);
      return { objectJson: JSON.stringify(object), usage };
    }),
    StreamObject: serverStream(token, async (req, write, signal) => {
      const { object, usage } = await service.generateObject(req.sessionId, req.prompt, req.schemaJson, signal, (partial) =>
        write({ partialObjectJson: JSON.stringify(partial) }),
      );
      write({ objectJson: JSON.stringify(object), usage });
    }),
    Cancel: unary(token, (req) => {
      const running = service.cancel(req.sessionId);
      const waiting = queuedTurns?.cancel(req.sessionId) ?? 0;
      return { cancelled: running || waiting > 0 };
    }),
    ...createFileHandlers(new WorkspaceFiles(service.workspace.root), token),
  };
}

export async function startAgentServer(service: AgentService, options: AgentServerOptions): Promise<{ server: grpc.Server; address: string }> {
  const listening = await listenAgentServer(options.listen);
  listening.serve(service, options);
  return listening;
}

export interface ListeningAgentServer {
  server: grpc.Server;
  address: string;
  /** Installs the handlers; calls that arrived before are handled now (each still checks the token). */
  serve(service: AgentService, options: Omit<AgentServerOptions, "listen">): void;
}

/**
 * The server bound and listening before its box is known (in a box: before attach, so a
 * template is saved with it), its services and wire code loaded. Until `serve`, every call
 * waits, unanswered, for the handlers (and the token they check) or for its own deadline:
 * nothing is handled before the agent knows its token, and a host that calls right after a
 * restore is answered as soon as the agent is attached, without polling.
 */
export async function listenAgentServer(listen: string): Promise<ListeningAgentServer> {
  // A WriteFile of the largest file allowed, with room for the message around it.
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_FILE_BYTES + 64 * 1024 });
  const definition = agentServiceDefinition();
  const containers = containerServiceDefinition();
  let serve!: (handlers: { agent: grpc.UntypedServiceImplementation; containers: grpc.UntypedServiceImplementation }) => void;
  const served = new Promise<Parameters<typeof serve>[0]>((resolve) => (serve = resolve));
  server.addService(definition, deferredHandlers(definition, served.then((handlers) => handlers.agent)));
  server.addService(containers, deferredHandlers(containers, served.then((handlers) => handlers.containers)));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const address = listen.startsWith("unix:") ? listen : listen.replace(/:\d+$/, `:${port}`);
  return {
    server,
    address,
    serve: (service, options) => {
      const { control, token } = options;
      const queuedTurns = new QueuedTurns();
      const handlers = createHandlers(service, token, queuedTurns, control);
      const agent = control ? withLanes({ ...handlers, ...createControlHandlers(control, service, token) }, definition, control.lanes, queuedTurns) : handlers;
      serve({ agent: agent as grpc.UntypedServiceImplementation, containers: createContainerHandlers(token) as grpc.UntypedServiceImplementation });
    },
  };
}

/** Handlers that pass each call on to the implementation once it is there (UNIMPLEMENTED where it has none). */
function deferredHandlers(definition: grpc.ServiceDefinition, implementation: Promise<grpc.UntypedServiceImplementation>): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    handlers[name] = ((call: grpc.ServerUnaryCall<unknown, unknown>, callback?: grpc.sendUnaryData<unknown>) => {
      void implementation.then((handler) => {
        // Its caller gave up while it waited.
        if (call.cancelled) return;
        const method = handler[name] as ((call: unknown, callback?: unknown) => void) | undefined;
        if (method) method(call, callback);
        else unimplemented(name, call, callback);
      });
    }) as grpc.UntypedHandleCall;
  }
  return handlers;
}

function unimplemented(name: string, call: grpc.ServerUnaryCall<unknown, unknown>, callback?: grpc.sendUnaryData<unknown>): void {
  const error = { code: grpc.status.UNIMPLEMENTED, details: `the agent does not implement ${name}` };
  if (callback) callback(error);
  else call.emit("error", error);
}

function historyMessageToWire(m: SessionMessage): HistoryMessage {
  return {
    role: m.role,
    text: m.role === "tool" ? "" : m.text,
    toolCalls: m.role === "assistant" ? m.toolCalls.map((c) => ({ id: c.id, name: c.name, argsJson: JSON.stringify(c.args) })) : [],
    toolResults: m.role === "tool" ? m.toolResults.map(toolResultToWire) : [],
    createdAtMs: m.createdAtMs,
  };
}

function infoToWire(info: SessionInfo): WireSessionInfo {
  return { ...info, options: sessionOptionsToWire(info.options) };
}
