import * as grpc from "@grpc/grpc-js";
import { chunkFromWire, parseJsonObject, toolResultFromWire, type JsonObject, type StreamChunk, type ToolCall, type ToolResult, type Usage } from "../common/chunks";
import { A3sError, ErrorCodes, type ErrorCode } from "../common/errors";
import { bearerMetadata, createAgentClient } from "../common/node/agent-grpc";
import {
  checkSessionOptionNames, policyToWire, sessionOptionsFromWire, sessionOptionsToWire,
  type ConfirmationAnswer, type ContextUsage, type PermissionPolicy, type SessionInfo, type SessionOptions,
} from "../common/session";
import type { AgentServiceClient } from "../common/generated/a3s/box/v1/AgentService";
import type { wire } from "../common/index";
import type {
  A3sClientOptions, CompactResult, GenerateOptions, GenerateResult, HealthStatus, HistoryMessage, LaneStats, ObjectChunk, ObjectResult, SkillInfo,
  ToolInfo,
} from "./client-types";
import type { HookEvent } from "../common/hooks";
import { MAX_FILE_BYTES, type FileChange, type FileContent, type FileStat } from "../common/files";
import { subscribeFiles } from "./file-watch";
import { CallTracker } from "./call-tracker";
import { acquireChannel } from "./channel-pool";
import { DEFAULT_KEEPALIVE, livenessInterceptor } from "./keepalive";
import { agentEndpoint } from "./config";
import { namesOf, refuseUnknownOptions } from "../common/option-names";
import { subscribeHook, type HookHandler } from "./hook-subscription";
import { fromGrpcError } from "./grpc-errors";
import { traceInterceptor } from "./trace-interceptor";

const CLIENT_OPTION_NAMES = namesOf<A3sClientOptions>({ address: true, token: true, keepalive: true });

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

/**
 * The typed client of the agent (`proto/agent.proto`). Every failure reaches the caller as
 * an A3sError with a stable code.
 */
export class A3sClient {
  readonly address: string;
  private readonly token: string | undefined;
  private readonly raw: AgentServiceClient;
  private readonly releaseChannel: () => void;
  private readonly calls = new CallTracker();

  constructor(options: A3sClientOptions = {}) {
    refuseUnknownOptions(options, CLIENT_OPTION_NAMES, "client option", { serverAddress: "address" });
    const endpoint = agentEndpoint();
    this.address = options.address ?? endpoint.serverAddress;
    this.token = options.token ?? endpoint.token;
    const keepalive = options.keepalive ?? DEFAULT_KEEPALIVE;
    const { channel, release } = acquireChannel(this.address, keepalive);
    this.raw = createAgentClient(this.address, {
      channelOverride: channel,
      interceptors: [this.calls.interceptor, livenessInterceptor(channel, keepalive), traceInterceptor(this.address)],
    });
    this.releaseChannel = release;
  }

  async healthCheck(): Promise<HealthStatus> {
    const res = await this.unary<wire.HealthCheckResponse__Output>((md, cb) => this.raw.HealthCheck({}, md, cb));
    return { status: res.status, version: res.version, uptimeMs: res.uptimeMs, sessionCount: res.sessionCount, lanes: res.lanes as LaneStats[] };
  }

  /** Creates a session and returns its id. */
  async createSession(options: SessionOptions = {}): Promise<string> {
    checkSessionOptionNames(options);
    const info = await this.unary<wire.SessionInfo__Output>((md, cb) => this.raw.CreateSession({ options: sessionOptionsToWire(options) }, md, cb));
    return info.id;
  }

  async destroySession(sessionId: string): Promise<void> {
    await this.unary<wire.Empty__Output>((md, cb) => this.raw.DestroySession({ sessionId }, md, cb));
  }

  async listSessions(): Promise<SessionInfo[]> {
    const res = await this.unary<wire.ListSessionsResponse__Output>((md, cb) => this.raw.ListSessions({}, md, cb));
    return res.sessions.map(infoFromWire);
  }

  /** Changes the fields `options` sets; the others stay. */
  async configure(sessionId: string, options: SessionOptions): Promise<SessionInfo> {
    checkSessionOptionNames(options);
    return infoFromWire(await this.unary<wire.SessionInfo__Output>((md, cb) => this.raw.Configure({ sessionId, options: sessionOptionsToWire(options) }, md, cb)));
  }

  async getContextUsage(sessionId: string): Promise<ContextUsage> {
    const res = await this.unary<wire.ContextUsage__Output>((md, cb) => this.raw.GetContextUsage({ sessionId }, md, cb));
    return { usedTokens: res.usedTokens, contextWindow: res.contextWindow, messageCount: res.messageCount };
  }

  async getHistory(sessionId: string): Promise<HistoryMessage[]> {
    const res = await this.unary<wire.History__Output>((md, cb) => this.raw.GetHistory({ sessionId }, md, cb));
    return res.messages.map((m) => ({
      role: m.role as HistoryMessage["role"],
      text: m.text,
      toolCalls: m.toolCalls.map((c) => ({ id: c.id, name: c.name, args: parseJsonObject(c.argsJson) })),
      toolResults: m.toolResults.map(toolResultFromWire),
      createdAtMs: m.createdAtMs,
    }));
  }

  async clear(sessionId: string): Promise<void> {
    await this.unary<wire.Empty__Output>((md, cb) => this.raw.Clear({ sessionId }, md, cb));
  }

  async compact(sessionId: string): Promise<CompactResult> {
    const res = await this.unary<wire.CompactResponse__Output>((md, cb) => this.raw.Compact({ sessionId }, md, cb));
    return { tokensBefore: res.tokensBefore, tokensAfter: res.tokensAfter, messagesBefore: res.messagesBefore, messagesAfter: res.messagesAfter };
  }

  /** Cancels the session's running turn; false when nothing was running. */
  async cancel(sessionId: string): Promise<boolean> {
    return (await this.unary<wire.CancelResponse__Output>((md, cb) => this.raw.Cancel({ sessionId }, md, cb))).cancelled;
  }

  /**
   * Runs one turn and streams its chunks. Leaving the `for await` early cancels the turn.
   * A failure during the turn arrives as an `error` chunk followed by `finish`.
   */
  stream(sessionId: string, prompt: string): AsyncIterable<StreamChunk> {
    return this.serverStream(this.raw.Generate({ sessionId, prompt }, this.metadata()), chunkFromWire);
  }

  /**
   * Runs one turn to its end; a failure during the turn throws its A3sError. A tool call
   * that needs approval goes to `onConfirm`; without one, it is denied.
   */
  async generate(sessionId: string, prompt: string, options: GenerateOptions = {}): Promise<GenerateResult> {
    let text = "";
    const toolCalls: ToolCall[] = [];
    const toolResults: ToolResult[] = [];
    let result: GenerateResult | undefined;
    // The stream is read to its end (finish is its last chunk), so the call ends OK rather than cancelled.
    for await (const chunk of this.stream(sessionId, prompt)) {
      switch (chunk.type) {
        case "text-delta":
          text += chunk.textDelta;
          break;
        case "tool-call":
          toolCalls.push(chunk.toolCall);
          break;
        case "tool-result":
          toolResults.push(chunk.toolResult);
          break;
        case "confirmation-request": {
          const request = chunk.confirmationRequest;
          const answer = options.onConfirm
            ? await options.onConfirm(request)
            : ({ decision: "deny", message: "no onConfirm handler was given to generate()" } as const);
          await this.respondToConfirmation(sessionId, request.requestId, answer);
          break;
        }
        case "error":
          throw A3sError.fromJSON({ code: chunk.error.code as ErrorCode, message: chunk.error.message });
        case "finish":
          result = { text, toolCalls, toolResults, usage: chunk.finish.usage, finishReason: chunk.finish.finishReason };
          break;
      }
    }
    if (result) return result;
    throw new A3sError(ErrorCodes.INTERNAL, "the agent ended the turn without a finish chunk");
  }

  /** Asks for a JSON object matching `schema` (a JSON Schema); the agent validates it. */
  async generateObject<T = JsonObject>(sessionId: string, prompt: string, schema: object): Promise<ObjectResult<T>> {
    const res = await this.unary<wire.GenerateObjectResponse__Output>((md, cb) => this.raw.GenerateObject({ sessionId, prompt, schemaJson: JSON.stringify(schema) }, md, cb));
    return { object: JSON.parse(res.objectJson) as T, usage: usageFromWire(res.usage) };
  }

  /** Partial objects as the JSON grows, then `{ object, usage }` once it validates. */
  streamObject<T = JsonObject>(sessionId: string, prompt: string, schema: object): AsyncIterable<ObjectChunk<T>> {
    const call = this.raw.StreamObject({ sessionId, prompt, schemaJson: JSON.stringify(schema) }, this.metadata());
    return this.serverStream(call, (wire): ObjectChunk<T> =>
      wire.chunk === "partialObjectJson"
        ? { partialObject: JSON.parse(wire.partialObjectJson!) as Partial<T> }
        : { object: JSON.parse(wire.objectJson!) as T, usage: usageFromWire(wire.usage) },
    );
  }

  async loadSkill(name: string, content: string): Promise<SkillInfo> {
    return await this.unary<wire.SkillInfo__Output>((md, cb) => this.raw.LoadSkill({ name, content }, md, cb));
  }

  async unloadSkill(name: string): Promise<void> {
    await this.unary<wire.Empty__Output>((md, cb) => this.raw.UnloadSkill({ name }, md, cb));
  }

  async listSkills(): Promise<{ skills: SkillInfo[]; tools: ToolInfo[] }> {
    const res = await this.unary<wire.ListSkillsResponse__Output>((md, cb) => this.raw.ListSkills({}, md, cb));
    return {
      skills: res.skills,
      tools: res.tools.map((t) => ({ name: t.name, description: t.description, source: t.source, parameters: parseJsonObject(t.parametersJson) })),
    };
  }

  async setPermissionPolicy(sessionId: string, policy: PermissionPolicy): Promise<void> {
    await this.unary<wire.Empty__Output>((md, cb) => this.raw.SetPermissionPolicy({ sessionId, policy: policyToWire(policy) }, md, cb));
  }

  async respondToConfirmation(sessionId: string, requestId: string, answer: ConfirmationAnswer): Promise<void> {
    await this.unary<wire.Empty__Output>((md, cb) =>
      this.raw.RespondToConfirmation(
        { sessionId, requestId, decision: answer.decision, remember: answer.remember ?? "once", message: answer.message ?? "" },
        md,
        cb,
      ),
    );
  }

  /**
   * Handles a hook event in this process: the agent sends each event to `handler` and waits
   * for its answer (up to its hook timeout). Resolves once the agent has the subscription,
   * with the function that ends it.
   */
  onHook(event: HookEvent, handler: HookHandler): Promise<() => void> {
    return subscribeHook(
      {
        raw: this.raw,
        address: this.address,
        metadata: () => this.metadata(),
        respond: async (invocationId, resultJson) => {
          await this.unary<wire.Empty__Output>((md, cb) => this.raw.RespondToHook({ invocationId, resultJson }, md, cb));
        },
      },
      event,
      handler,
    );
  }

  /** The entries of a workspace folder ("" is the workspace itself); symlinks are listed, not followed. */
  async listDir(path = ""): Promise<FileStat[]> {
    const res = await this.unary<wire.ListDirResponse__Output>((md, cb) => this.raw.ListDir({ path }, md, cb));
    return res.entries.map(statFromWire);
  }

  /** A regular text file of the workspace, up to MAX_FILE_BYTES. */
  async readFile(path: string): Promise<FileContent> {
    const res = await this.unary<wire.FileContent__Output>((md, cb) => this.raw.ReadFile({ path }, md, cb));
    return { path: res.path, content: res.content, size: res.size, mtimeMs: res.mtimeMs };
  }

  /** Replaces (or creates) a regular file of the workspace atomically; missing folders are made. */
  async writeFile(path: string, content: string): Promise<FileStat> {
    const size = Buffer.byteLength(content);
    if (size > MAX_FILE_BYTES) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the content is too large (${size} bytes; the limit is ${MAX_FILE_BYTES})`);
    return statFromWire(await this.unary<wire.FileStat__Output>((md, cb) => this.raw.WriteFile({ path, content }, md, cb)));
  }

  /** One workspace entry, without following a symlink. */
  async stat(path: string): Promise<FileStat> {
    return statFromWire(await this.unary<wire.FileStat__Output>((md, cb) => this.raw.Stat({ path }, md, cb)));
  }

  /**
   * Calls `onChange` for changes below the folder `path` ("" is the workspace). Resolves,
   * with the function that ends the watch, once the agent watches.
   */
  watchFiles(path: string, onChange: (change: FileChange) => void, onError?: (error: Error) => void): Promise<() => void> {
    return subscribeFiles({ raw: this.raw, address: this.address, metadata: () => this.metadata() }, path, onChange, onError);
  }

  /** Ends this client; the channel it shares closes with the last client of its address. */
  close(): void {
    this.calls.cancelAll();
    this.releaseChannel();
  }

  private metadata(): grpc.Metadata {
    return bearerMetadata(this.token);
  }

  /** A server stream as an async iterable; leaving the loop early cancels the call. */
  private async *serverStream<W, T>(call: grpc.ClientReadableStream<W>, map: (wire: W) => T): AsyncIterable<T> {
    let done = false;
    try {
      for await (const wire of call) yield map(wire as W);
      done = true;
    } catch (err) {
      done = true;
      throw fromGrpcError(err, this.address);
    } finally {
      if (!done) call.cancel();
    }
  }

  private unary<T>(invoke: (metadata: grpc.Metadata, callback: Callback<T>) => unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      invoke(this.metadata(), (err, value) => (err ? reject(fromGrpcError(err, this.address)) : resolve(value as T)));
    });
  }
}

function infoFromWire(info: wire.SessionInfo__Output): SessionInfo {
  return {
    id: info.id,
    options: sessionOptionsFromWire(info.options),
    createdAtMs: info.createdAtMs,
    updatedAtMs: info.updatedAtMs,
    messageCount: info.messageCount,
  };
}

function statFromWire(stat: wire.FileStat__Output): FileStat {
  return { path: stat.path, name: stat.name, type: stat.type as FileStat["type"], size: stat.size, mtimeMs: stat.mtimeMs };
}

function usageFromWire(usage: { inputTokens: number; outputTokens: number } | null | undefined): Usage {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 };
}
