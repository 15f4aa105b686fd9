import { randomUUID } from "node:crypto";
import type { CompactResult } from "../../common/agent-replies";
import type { JsonValue, StreamChunk } from "../../common/chunks";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { ProviderName } from "../../common/providers";
import { mergeSessionOptions, type ContextUsage, type ModelRef, type SessionInfo, type SessionOptions } from "../../common/session";
import { runTurn } from "./loop/agent-loop";
import { compactSession } from "./loop/compact";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./loop/retry";
import { allowAllGate, type ToolGate } from "./loop/tool-gate";
import type { ModelProvider } from "./providers/model-provider";
import { createProvider, defaultContextWindow, resolveModelRef, type Env } from "./providers/provider-config";
import { validateSessionOptions } from "./session/session-options";
import type { SessionMessage, SessionRecord } from "./session/session-record";
import { quietLifecycle, type SessionLifecycle } from "./session/session-lifecycle";
import type { SessionStore } from "../../common/session-store";
import { unlimitedProcesses, type ToolProcesses } from "./limits/tool-processes";
import { generateObject } from "./structured/object-output";
import { createBuiltinRegistry } from "./tools/builtin";
import type { ToolRegistry } from "./tools/registry";
import type { Workspace } from "./tools/workspace";
import { traceAgentTurn, tracedProvider } from "./telemetry/genai-spans";
import { AGENT_VERSION } from "./version";

export interface AgentServiceOptions {
  workspace: Workspace;
  store: SessionStore;
  env: Env;
  /** The tools turns may call; default the built-in ones. */
  tools?: ToolRegistry;
  /** Decides on and wraps every tool call; default: allow all. */
  gate?: ToolGate;
  /** Hooks around sessions and turns; default: none. */
  lifecycle?: SessionLifecycle;
  retry?: RetryPolicy;
  /** What every new session starts from (a box's image labels and options); a caller's options win field by field. */
  sessionDefaults?: SessionOptions;
  /** How tools, skills and hooks run programs (default: without limits beyond the process group). */
  processes?: ToolProcesses;
  /** Where problems that are not a caller's fault are reported (a corrupt session file). */
  warn(message: string): void;
}

interface LiveSession {
  record: SessionRecord;
  /** Set while a turn runs; aborting it cancels the turn. */
  running?: AbortController;
}

/**
 * Everything the agent does, independent of gRPC: the server's handlers are thin adapters
 * over this class (so a queue or policy layer can wrap them).
 */
export class AgentService {
  readonly startedAtMs = Date.now();
  readonly tools: ToolRegistry;
  private readonly gate: ToolGate;
  private readonly lifecycle: SessionLifecycle;
  private readonly sessions = new Map<string, LiveSession>();
  private readonly providers = new Map<ProviderName, ModelProvider>();
  private readonly retry: RetryPolicy;
  readonly processes: ToolProcesses;

  private constructor(private readonly options: AgentServiceOptions) {
    this.tools = options.tools ?? createBuiltinRegistry(options.env);
    this.gate = options.gate ?? allowAllGate;
    this.lifecycle = options.lifecycle ?? quietLifecycle;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.processes = options.processes ?? unlimitedProcesses;
  }

  /** Opens the service and restores every stored session; corrupt files are reported and skipped. */
  static async open(options: AgentServiceOptions): Promise<AgentService> {
    const service = new AgentService(options);
    for (const id of await options.store.list()) {
      try {
        const record = await options.store.load(id);
        service.sessions.set(id, { record });
      } catch (err) {
        options.warn(`skipping stored session ${id}: ${A3sError.from(err).message}`);
      }
    }
    return service;
  }

  get workspace(): Workspace {
    return this.options.workspace;
  }

  health() {
    return { status: "ok", version: AGENT_VERSION, uptimeMs: Date.now() - this.startedAtMs, sessionCount: this.sessions.size };
  }

  async createSession(given: SessionOptions): Promise<SessionInfo> {
    const options = mergeSessionOptions(this.options.sessionDefaults ?? {}, given);
    validateSessionOptions(options, this.workspace);
    const now = Date.now();
    const record: SessionRecord = {
      id: randomUUID(),
      options,
      createdAtMs: now,
      updatedAtMs: now,
      messages: [],
      usedTokens: 0,
      totalUsage: { inputTokens: 0, outputTokens: 0 },
    };
    await this.options.store.save(record);
    this.sessions.set(record.id, { record });
    await this.lifecycle.sessionStarted(record.id);
    return infoOf(record);
  }

  async destroySession(id: string): Promise<void> {
    const live = this.get(id);
    live.running?.abort();
    await this.lifecycle.sessionEnded(id);
    await this.processes.endSession(id);
    this.sessions.delete(id);
    await this.options.store.delete(id);
  }

  listSessions(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => infoOf(s.record)).sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  async configure(id: string, change: SessionOptions): Promise<SessionInfo> {
    const live = this.idle(id);
    const options = mergeSessionOptions(live.record.options, change);
    validateSessionOptions(options, this.workspace);
    live.record.options = options;
    await this.save(live.record);
    return infoOf(live.record);
  }

  contextUsage(id: string): ContextUsage {
    const { record } = this.get(id);
    return { usedTokens: record.usedTokens, contextWindow: this.contextWindowOf(record), messageCount: record.messages.length };
  }

  history(id: string): { summary?: string; messages: SessionMessage[] } {
    const { record } = this.get(id);
    return record.summary ? { summary: record.summary, messages: record.messages } : { messages: record.messages };
  }

  async clear(id: string): Promise<void> {
    const live = this.idle(id);
    live.record.messages = [];
    live.record.usedTokens = 0;
    delete live.record.summary;
    await this.save(live.record);
  }

  /** Summarises older turns with the model; see loop/compact.ts. */
  async compact(id: string, signal?: AbortSignal): Promise<CompactResult> {
    return this.withTurn(id, signal, async (live, turnSignal) => {
      await this.lifecycle.beforeCompact(id, live.record.messages.length);
      return compactSession(this.turnContext(live, turnSignal));
    });
  }

  /** Runs one turn, streaming chunks to `emit`; resolves when the turn has finished. */
  async generate(id: string, prompt: string, emit: (chunk: StreamChunk) => void, signal?: AbortSignal): Promise<void> {
    if (!prompt.trim()) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the prompt is empty");
    await this.withTurn(id, signal, (live, turnSignal) => traceAgentTurn(this.turnOf(live.record), async (observe) => {
      const start = await this.lifecycle.beforeTurn(id, prompt, turnSignal);
      const send = (chunk: StreamChunk) => {
        observe(chunk);
        emit(chunk);
      };
      if ("blocked" in start) {
        send({ type: "error", error: { code: ErrorCodes.PERMISSION_DENIED, message: start.blocked } });
        return send({ type: "finish", finish: { usage: { inputTokens: 0, outputTokens: 0 }, finishReason: "error" } });
      }
      // The finish chunk waits for the Stop hooks, so a caller that sees it finds the session idle.
      let finish: StreamChunk | undefined;
      const holdFinish = (chunk: StreamChunk) => (chunk.type === "finish" ? (finish = chunk) : send(chunk));
      await runTurn(start.prompt, { ...this.turnContext(live, turnSignal), tools: this.tools, workspace: this.workspace, processes: this.processes, gate: this.gate, emit: holdFinish });
      await this.lifecycle.afterTurn(id, finish?.type === "finish" ? finish.finish.finishReason : "stop");
      if (finish) send(finish);
    }));
  }

  /** A JSON value matching the schema (JSON text), validated; see structured/object-output.ts. */
  async generateObject(id: string, prompt: string, schemaJson: string, signal?: AbortSignal, onPartial?: (partial: JsonValue) => void) {
    if (!prompt.trim()) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the prompt is empty");
    return this.withTurn(id, signal, (live, turnSignal) =>
      traceAgentTurn(this.turnOf(live.record), () => generateObject(this.turnContext(live, turnSignal), prompt, schemaJson, onPartial)),
    );
  }

  /** Aborts the session's running turn; false when none was running. */
  cancel(id: string): boolean {
    const live = this.get(id);
    if (!live.running) return false;
    live.running.abort();
    return true;
  }

  /** Cancels every running turn (shutdown). */
  cancelAll(): void {
    for (const live of this.sessions.values()) live.running?.abort();
  }

  protected async withTurn<T>(id: string, signal: AbortSignal | undefined, body: (live: LiveSession, signal: AbortSignal) => Promise<T>): Promise<T> {
    const live = this.idle(id);
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort();
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    live.running = controller;
    try {
      return await body(live, controller.signal);
    } finally {
      live.running = undefined;
      signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  /** What every model call of a session needs: its provider, model, limits and persistence. */
  private turnContext(live: LiveSession, signal: AbortSignal) {
    const model = this.modelOf(live.record);
    return {
      session: live.record,
      provider: this.providerFor(model.provider),
      model: model.name,
      contextWindow: this.contextWindowOf(live.record),
      retry: this.retry,
      persist: () => this.save(live.record),
      signal,
    };
  }

  /** What a turn's span names: the session and the model it talks to. */
  private turnOf(record: SessionRecord) {
    const model = this.modelOf(record);
    return { sessionId: record.id, provider: model.provider, model: model.name };
  }

  private get(id: string): LiveSession {
    const live = this.sessions.get(id);
    if (!live) throw new A3sError(ErrorCodes.SESSION_NOT_FOUND, `no session ${id}`);
    return live;
  }

  private idle(id: string): LiveSession {
    const live = this.get(id);
    if (live.running) throw new A3sError(ErrorCodes.BUSY, `session ${id} is running a turn; wait for it or cancel it`);
    return live;
  }

  private async save(record: SessionRecord): Promise<void> {
    record.updatedAtMs = Date.now();
    await this.options.store.save(record);
  }

  private modelOf(record: SessionRecord): ModelRef {
    return resolveModelRef(record.options.model, this.options.env);
  }

  private contextWindowOf(record: SessionRecord): number {
    return record.options.contextWindow ?? defaultContextWindow(this.modelOf(record));
  }

  private providerFor(name: ProviderName): ModelProvider {
    let provider = this.providers.get(name);
    if (!provider) {
      provider = tracedProvider(createProvider(name, this.options.env));
      this.providers.set(name, provider);
    }
    return provider;
  }
}

function infoOf(record: SessionRecord): SessionInfo {
  return {
    id: record.id,
    options: record.options,
    createdAtMs: record.createdAtMs,
    updatedAtMs: record.updatedAtMs,
    messageCount: record.messages.length,
  };
}
