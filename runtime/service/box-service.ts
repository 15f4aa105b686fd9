/**
 * BoxService: the host side of BoxApi, shared by the desktop app and `a3s-box serve`.
 * It owns the boxes (booted VMs, or one attached agent), maps UI sessions to agent
 * sessions, runs turns and folds their chunks into persisted transcripts, tracks pending
 * approvals, and keeps settings and keys on the host.
 */
import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { envLogger, type Logger } from "../../common/node/logger";
import { applyChunk, userItem, type TranscriptItem } from "../../common/transcript";
import type {
  AppInfo, BoxApi, BoxBoundary, BoxEvent, BoxInfo, BoxState, CreateBoxRequest, CreateSessionRequest,
  FileEntry, FileText, GuestSource, GuestStatus, ModelTestReport, OllamaModel, PendingApproval, SessionActivityEntry, SessionSummary, Settings, SettingsUpdate,
} from "../../common/box-api";
import type { CompactResult } from "../../common/agent-replies";
import type { StreamChunk, Usage } from "../../common/chunks";
import type { SerializedError } from "../../common/errors";
import { costOf, type PriceTable } from "../../common/prices";
import { NO_SPEND, addSpend } from "../../common/spend";
import type { ProviderName } from "../../common/providers";
import type { LaneStats } from "../../common/agent-replies";
import type { ConfirmationAnswer, ContextUsage, PermissionPolicy } from "../../common/session";
import type { AgentLink } from "./agent-link";
import { listOllamaModels, testOllamaModel } from "./ollama-probe";
import type { SecretStore } from "./secret-store";
import type { DoctorLine, DoctorReport } from "../../common/doctor";
import { resolveBoxBoundary } from "../box/box-options";
import { fileKeychainLine, runDoctor } from "../doctor/doctor";
import { applySettingsUpdate, effectivePrices, initialSettings, ollamaHost, providerEnvironment, publicSettings } from "./settings-service";
import { AuditLog, defaultAuditDir, readAuditLog } from "../telemetry/audit-log";
import { ServiceMetrics, type BootEnd } from "../telemetry/metrics";
import type { VmStart } from "../vm/backend";
import { ToolAuditor } from "../telemetry/tool-auditor";
import { GuestSetup } from "./guest-setup";
import { StateStore, type ServiceState, type StoredBox, type StoredSession } from "./state-store";

export interface LaunchedBox {
  link: AgentLink;
  /** How the box's VM came to run (the boot metric's `start` label). */
  start: VmStart;
  logs(): string;
  stop(): Promise<void>;
  /** Called once if the box dies on its own. */
  onExit(listener: (error: Error) => void): void;
}

/** Boots a box (a VM with the agent) for a workspace folder. */
export interface BoxLauncher {
  launch(request: {
    boxId: string;
    workspace: string;
    boundary: BoxBoundary;
    env: Record<string, string>;
    /** Where the box's gateway requests go; the service writes its tool calls there too. */
    auditLog: AuditLog;
    /** What the box's gateway costs tokens by (the settings' prices). */
    prices: PriceTable;
    onProgress: (message: string) => void;
  }): Promise<LaunchedBox>;
  /** Readies boxes ahead of the first launch (a warm pool); told of progress and warnings. */
  warm?(onProgress: (message: string) => void): Promise<void>;
  /** Frees what the launcher keeps apart from the boxes it launched (the warm pool). */
  dispose?(): Promise<void>;
}

export interface BoxServiceOptions {
  stateDir: string;
  secrets: SecretStore;
  host: AppInfo["host"];
  version: string;
  /** Attach to one running agent instead of booting boxes. */
  attach?: { link: AgentLink; label: string; workspace: string };
  launcher?: BoxLauncher;
  env?: NodeJS.ProcessEnv;
  /** How keys are kept, for the host check (the app: the system keychain). */
  keychain?: DoctorLine;
  /** Where the boxes' audit logs live (default: defaultAuditDir of `env`). */
  auditDir?: string;
  /** Write tool calls' full arguments to the audit log, not only their digest (default: `A3S_BOX_AUDIT_ARGS=1`). */
  auditArguments?: boolean;
  /** Where the service's diagnostics go (default: JSON lines at the level of `A3S_LOG` of `env`). */
  log?: Logger;
  /** The guest cache the first-run screen checks and fills (default: guestCacheDir()). */
  guestCacheDir?: string;
}

interface LiveBox {
  stored: StoredBox;
  state: BoxState;
  progress?: string;
  error?: SerializedError;
  log?: string;
  link?: AgentLink;
  launched?: LaunchedBox;
  unwatch?: () => void;
  audit: AuditLog;
}

export const ATTACHED_BOX_ID = "agent";
const WATCH_RETRY_MS = 5000;
/** How long a scrape waits for one agent's lane statistics. */
const LANE_STATS_TIMEOUT_MS = 2000;
/** The most Activity lines a session shows: the newest ones. */
const MAX_ACTIVITY = 1000;

export class BoxService implements BoxApi {
  private readonly store: StateStore;
  private readonly env: NodeJS.ProcessEnv;
  private state!: ServiceState;
  private readonly boxes = new Map<string, LiveBox>();
  private readonly transcripts = new Map<string, TranscriptItem[]>();
  private readonly running = new Set<string>();
  private readonly approvals = new Map<string, PendingApproval>();
  private readonly listeners = new Set<(event: BoxEvent) => void>();
  /** Per session: what its turns' chunks add to the box's audit log. */
  private readonly auditors = new Map<string, ToolAuditor>();
  private readonly auditDir: string;
  private readonly log: Logger;
  /** Prometheus metrics of this service (`/metrics` of `a3s-box serve`). */
  readonly metrics: ServiceMetrics;
  private readonly guest: GuestSetup;
  private disposed = false;
  private poolWarmed = false;

  private constructor(private readonly options: BoxServiceOptions) {
    this.store = new StateStore(options.stateDir);
    this.env = options.env ?? process.env;
    this.auditDir = options.auditDir ?? defaultAuditDir(this.env);
    this.log = options.log ?? envLogger("service", this.env);
    this.metrics = new ServiceMetrics({
      boxStates: () => {
        const counts: Record<string, number> = {};
        for (const live of this.boxes.values()) counts[live.state] = (counts[live.state] ?? 0) + 1;
        return counts;
      },
      pendingApprovals: () => this.approvals.size,
      lanes: () => this.laneStats(),
    });
    this.guest = new GuestSetup({
      needed: options.launcher !== undefined && options.attach === undefined,
      version: options.version,
      env: this.env,
      ...(options.guestCacheDir ? { cacheDir: options.guestCacheDir } : {}),
      onChange: (guest) => {
        this.emit({ type: "guest", guest });
        if (guest.state === "ready" && guest.task?.done && !guest.task.error) void this.warmPool();
      },
    });
  }

  static async open(options: BoxServiceOptions): Promise<BoxService> {
    const service = new BoxService(options);
    await service.restore();
    return service;
  }

  private async restore(): Promise<void> {
    this.state = await this.store.load(initialSettings(this.env));
    this.log.debug("state loaded", { stateDir: this.options.stateDir, boxes: this.state.boxes.length, sessions: this.state.sessions.length });
    const attach = this.options.attach;
    if (attach) {
      const stored: StoredBox = { id: ATTACHED_BOX_ID, name: attach.label, workspace: attach.workspace, kind: "agent" };
      this.state.boxes = [stored, ...this.state.boxes.filter((b) => b.id !== ATTACHED_BOX_ID)];
      await this.store.save(this.state);
    }
    for (const stored of this.state.boxes) {
      const live: LiveBox = { stored, state: "stopped", audit: this.auditLog(stored.id) };
      this.boxes.set(stored.id, live);
      if (stored.id === ATTACHED_BOX_ID && attach) this.becomeReady(live, attach.link);
      else if (stored.kind === "vm" && this.options.launcher && !attach) void this.boot(live);
      else live.error = { code: ErrorCodes.VM_UNAVAILABLE, message: "this host is attached to one agent and does not boot boxes" };
    }
    void this.warmPool();
  }

  /**
   * Readies the launcher's warm pool once the guest is here: on a first run that is after the
   * user built or pulled it (a pool filled before would start a guest build of its own).
   */
  private async warmPool(): Promise<void> {
    const launcher = this.options.launcher;
    if (!launcher?.warm || this.options.attach || this.poolWarmed || this.disposed) return;
    const guestReady = await this.guest.status().then((status) => status.state === "ready", () => false);
    if (!guestReady || this.poolWarmed || this.disposed) return;
    this.poolWarmed = true;
    const progress = (message: string) => (message.startsWith("warning") ? this.log.warn(message) : this.log.debug(message));
    await launcher.warm(progress).catch((error: unknown) => this.log.warn("could not ready the warm pool", { error: A3sError.from(error).message }));
  }

  // ---- events ----

  onEvent(listener: (event: BoxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: BoxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error("an event listener failed", { error: A3sError.from(error).message });
      }
    }
  }

  // ---- boxes ----

  async getAppInfo(): Promise<AppInfo> {
    return { name: "A3S Box", version: this.options.version, host: this.options.host, attached: this.options.attach !== undefined };
  }

  async listBoxes(): Promise<BoxInfo[]> {
    return [...this.boxes.values()].map((live) => this.boxInfo(live));
  }

  async createBox(request: CreateBoxRequest): Promise<BoxInfo> {
    if (this.options.attach) {
      throw new A3sError(ErrorCodes.VM_UNAVAILABLE, "this host is attached to one agent (--agent); start it without --agent to create boxes");
    }
    if (!this.options.launcher) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, "no VM backend is available on this host");
    const workspace = resolve(request.workspace);
    const info = await stat(workspace).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw A3sError.from(error);
    });
    if (!info?.isDirectory()) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `workspace ${workspace} is not an existing folder`);
    const boundary = boundaryOf(request.boundary ?? {});
    const stored: StoredBox = { id: randomUUID(), name: request.name || workspace.split(/[\\/]/).at(-1) || workspace, workspace, kind: "vm", boundary };
    this.state.boxes.push(stored);
    await this.store.save(this.state);
    const live: LiveBox = { stored, state: "booting", audit: this.auditLog(stored.id) };
    this.boxes.set(stored.id, live);
    void this.boot(live);
    return this.boxInfo(live);
  }

  async removeBox(boxId: string): Promise<void> {
    const live = this.box(boxId);
    if (live.stored.kind === "agent") throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the attached agent cannot be removed");
    for (const session of this.state.sessions.filter((s) => s.boxId === boxId)) await this.forgetSession(session);
    this.boxes.delete(boxId);
    this.state.boxes = this.state.boxes.filter((b) => b.id !== boxId);
    await this.store.save(this.state);
    await this.shutDown(live);
    this.emit({ type: "box-removed", boxId });
  }

  private auditLog(boxId: string): AuditLog {
    return new AuditLog(this.auditDir, boxId, { onEntry: (entry) => this.metrics.observe(entry), log: envLogger("audit", this.env) });
  }

  /** Each ready box's lanes, as its agent reports them; a box that does not answer in time is left out. */
  private async laneStats(): Promise<Array<{ box: string; lanes: LaneStats[] }>> {
    const ready = [...this.boxes.values()].filter((live) => live.link !== undefined);
    const answers = await Promise.all(
      ready.map(async (live) => {
        const timeout = delay(LANE_STATS_TIMEOUT_MS, undefined, { ref: false });
        const health = await Promise.race([live.link!.sessions.healthCheck().catch(() => undefined), timeout]);
        return health && { box: live.stored.id, lanes: health.lanes };
      }),
    );
    return answers.filter((answer) => answer !== undefined);
  }

  private async boot(live: LiveBox): Promise<void> {
    const launcher = this.options.launcher!;
    this.updateBox(live, { state: "booting", progress: "starting" });
    const startedAt = performance.now();
    const booted = (boot: BootEnd) => this.metrics.bootEnded((performance.now() - startedAt) / 1000, boot);
    try {
      const env = await providerEnvironment(this.state.settings, this.options.secrets);
      const launched = await launcher.launch({
        boxId: live.stored.id,
        workspace: live.stored.workspace,
        boundary: live.stored.boundary ?? boundaryOf({}),
        env,
        auditLog: live.audit,
        prices: effectivePrices(this.state.settings),
        onProgress: (progress) => this.updateBox(live, { progress }),
      });
      if (this.disposed || !this.boxes.has(live.stored.id)) {
        await launched.stop();
        return;
      }
      live.launched = launched;
      launched.onExit((error) => {
        live.unwatch?.();
        live.link = undefined;
        this.failBox(live, error, launched.logs());
      });
      booted({ outcome: "ready", start: launched.start });
      this.becomeReady(live, launched.link);
    } catch (error) {
      booted({ outcome: "failed" });
      this.failBox(live, error, (error as { log?: string }).log);
    }
  }

  private failBox(live: LiveBox, error: unknown, log: string | undefined): void {
    const failure = A3sError.from(error).toJSON();
    this.metrics.error(failure.code);
    this.updateBox(live, { state: "failed", error: failure, log });
  }

  private becomeReady(live: LiveBox, link: AgentLink): void {
    live.link = link;
    this.followFiles(live, link);
    this.updateBox(live, { state: "ready", progress: undefined, error: undefined, log: undefined });
  }

  /** Passes the box's file changes on to the UI; a watch that fails is started again while the box is up. */
  private followFiles(live: LiveBox, link: AgentLink): void {
    let stop: (() => void) | undefined;
    let stopped = false;
    const retry = (error: Error) => {
      if (stopped || live.link !== link) return;
      this.log.warn("a file watch failed; trying again", { box: live.stored.name, error: error.message });
      setTimeout(start, WATCH_RETRY_MS).unref();
    };
    const start = () => {
      if (stopped || live.link !== link) return;
      link.workspace
        .watchFiles("", (change) => this.emit({ type: "file-change", boxId: live.stored.id, ...change }), retry)
        .then((unwatch) => (stopped ? unwatch() : (stop = unwatch)), retry);
    };
    start();
    live.unwatch = () => {
      stopped = true;
      stop?.();
    };
  }

  private updateBox(live: LiveBox, change: Partial<Pick<LiveBox, "state" | "progress" | "error" | "log">>): void {
    Object.assign(live, change);
    this.emit({ type: "box", box: this.boxInfo(live) });
  }

  private boxInfo(live: LiveBox): BoxInfo {
    const { stored } = live;
    return {
      id: stored.id,
      name: stored.name,
      workspace: stored.workspace,
      kind: stored.kind,
      state: live.state,
      ...(live.progress ? { progress: live.progress } : {}),
      ...(live.error ? { error: live.error } : {}),
      ...(live.log ? { log: live.log } : {}),
      ...(stored.kind === "vm" ? { boundary: stored.boundary ?? boundaryOf({}) } : {}),
    };
  }

  private box(boxId: string): LiveBox {
    const live = this.boxes.get(boxId);
    if (!live) throw new A3sError(ErrorCodes.NOT_FOUND, `no box ${boxId}`);
    return live;
  }

  private link(boxId: string): AgentLink {
    const live = this.box(boxId);
    if (!live.link) throw new A3sError(ErrorCodes.UNAVAILABLE, `box ${live.stored.name} is ${live.state}, not ready`);
    return live.link;
  }

  private async shutDown(live: LiveBox): Promise<void> {
    live.unwatch?.();
    live.unwatch = undefined;
    if (live.launched) await live.launched.stop();
    else live.link?.close();
    live.link = undefined;
  }

  // ---- sessions ----

  async listSessions(boxId: string): Promise<SessionSummary[]> {
    this.box(boxId);
    return this.state.sessions.filter((s) => s.boxId === boxId).map((s) => this.summary(s));
  }

  async createSession(boxId: string, request: CreateSessionRequest): Promise<SessionSummary> {
    const link = this.link(boxId);
    const now = Date.now();
    const existing = this.state.sessions.filter((s) => s.boxId === boxId).length;
    const session: StoredSession = {
      id: randomUUID(),
      boxId,
      agentSessionId: "",
      title: request.title || `Session ${existing + 1}`,
      createdAtMs: now,
      updatedAtMs: now,
      policy: request.policy ?? this.state.settings.defaultPolicy,
      model: request.model ?? this.state.settings.defaultModel,
    };
    session.agentSessionId = await link.sessions.createSession({ title: session.title, model: session.model, permissionPolicy: session.policy });
    this.state.sessions.push(session);
    this.transcripts.set(session.id, []);
    await this.store.save(this.state);
    const summary = this.summary(session);
    this.emit({ type: "session", session: summary });
    return summary;
  }

  async renameSession(sessionId: string, title: string): Promise<SessionSummary> {
    const session = this.session(sessionId);
    session.title = title;
    return this.touch(session);
  }

  async deleteSession(sessionId: string): Promise<void> {
    const session = this.session(sessionId);
    if (this.running.has(sessionId)) await this.stop(sessionId);
    const link = this.boxes.get(session.boxId)?.link;
    // The session goes from the app either way; the agent may have lost it already (a fresh VM).
    await link?.sessions.destroySession(session.agentSessionId).catch((error: unknown) => {
      if (!A3sError.is(error, ErrorCodes.SESSION_NOT_FOUND)) this.log.warn("the agent could not delete a session", { session: session.agentSessionId, error: A3sError.from(error).message });
    });
    await this.forgetSession(session);
    await this.store.save(this.state);
  }

  private async forgetSession(session: StoredSession): Promise<void> {
    this.state.sessions = this.state.sessions.filter((s) => s.id !== session.id);
    this.transcripts.delete(session.id);
    this.auditors.delete(session.id);
    this.dropApprovals((a) => a.sessionId === session.id);
    await this.store.deleteTranscript(session.id);
    this.emit({ type: "session-removed", sessionId: session.id, boxId: session.boxId });
  }

  async getTranscript(sessionId: string): Promise<TranscriptItem[]> {
    this.session(sessionId);
    let items = this.transcripts.get(sessionId);
    if (!items) {
      items = await this.store.loadTranscript(sessionId);
      this.transcripts.set(sessionId, items);
    }
    return items;
  }

  private session(sessionId: string): StoredSession {
    const session = this.state.sessions.find((s) => s.id === sessionId);
    if (!session) throw new A3sError(ErrorCodes.SESSION_NOT_FOUND, `no session ${sessionId}`);
    return session;
  }

  private summary(session: StoredSession): SessionSummary {
    const { agentSessionId: _agent, spend = NO_SPEND, ...rest } = session;
    return { ...rest, spend, running: this.running.has(session.id) };
  }

  private async touch(session: StoredSession): Promise<SessionSummary> {
    session.updatedAtMs = Date.now();
    await this.store.save(this.state);
    const summary = this.summary(session);
    this.emit({ type: "session", session: summary });
    return summary;
  }

  // ---- turns ----

  async send(sessionId: string, text: string): Promise<void> {
    const session = this.session(sessionId);
    const link = this.link(session.boxId);
    if (this.running.has(sessionId)) throw new A3sError(ErrorCodes.BUSY, "a turn is already running in this session; stop it or wait");
    const items = await this.getTranscript(sessionId);
    const item = userItem(items, text);
    this.transcripts.set(sessionId, [...items, item]);
    this.running.add(sessionId);
    this.emit({ type: "user-message", sessionId, item });
    await this.touch(session);
    void this.runTurn(session, link, text);
  }

  private async runTurn(session: StoredSession, link: AgentLink, text: string): Promise<void> {
    try {
      await this.streamTurn(session, link, text, true);
    } catch (error) {
      const { code, message } = A3sError.from(error);
      this.applyChunk(session.id, { type: "error", error: { code, message } });
    } finally {
      this.running.delete(session.id);
      this.dropApprovals((a) => a.sessionId === session.id);
      await this.store.saveTranscript(session.id, this.transcripts.get(session.id) ?? []).catch((error: unknown) => {
        this.log.error("cannot save a transcript", { session: session.id, error: A3sError.from(error).message });
      });
      if (this.state.sessions.includes(session)) await this.touch(session);
    }
  }

  private async streamTurn(session: StoredSession, link: AgentLink, text: string, mayRecreate: boolean): Promise<void> {
    let received = false;
    try {
      const auditor = this.auditor(session);
      for await (const chunk of link.sessions.stream(session.agentSessionId, text)) {
        received = true;
        auditor.observe(chunk);
        this.trackApprovals(session, chunk);
        if (chunk.type === "finish") this.addSpend(session, chunk.finish.usage);
        this.applyChunk(session.id, chunk);
      }
    } catch (error) {
      // A fresh VM has no record of the session: recreate it there with the same settings.
      if (!received && mayRecreate && A3sError.is(error, ErrorCodes.SESSION_NOT_FOUND)) {
        session.agentSessionId = await link.sessions.createSession({ title: session.title, model: session.model, permissionPolicy: session.policy });
        await this.store.save(this.state);
        return this.streamTurn(session, link, text, false);
      }
      throw error;
    }
  }

  /** A turn's tokens, costed by the session's model at the prices in settings now; saved when the turn ends. */
  private addSpend(session: StoredSession, usage: Usage): void {
    const costUsd = costOf(effectivePrices(this.state.settings), { provider: session.model.provider, model: session.model.name, ...usage });
    session.spend = addSpend(session.spend ?? NO_SPEND, usage, costUsd);
  }

  private auditor(session: StoredSession): ToolAuditor {
    let auditor = this.auditors.get(session.id);
    if (!auditor) {
      const log = this.box(session.boxId).audit;
      auditor = new ToolAuditor({
        box: session.boxId,
        session: session.id,
        fullArguments: this.options.auditArguments ?? this.env["A3S_BOX_AUDIT_ARGS"] === "1",
        write: (entry) => void log.append(entry),
      });
      this.auditors.set(session.id, auditor);
    }
    return auditor;
  }

  private applyChunk(sessionId: string, chunk: StreamChunk): void {
    if (chunk.type === "error") this.metrics.error(chunk.error.code);
    this.transcripts.set(sessionId, applyChunk(this.transcripts.get(sessionId) ?? [], chunk));
    this.emit({ type: "chunk", sessionId, chunk });
  }

  async stop(sessionId: string): Promise<void> {
    const session = this.session(sessionId);
    if (!this.running.has(sessionId)) return;
    await this.link(session.boxId).sessions.cancel(session.agentSessionId);
  }

  // ---- approvals and policy ----

  private trackApprovals(session: StoredSession, chunk: StreamChunk): void {
    if (chunk.type === "confirmation-request") {
      const request = chunk.confirmationRequest;
      this.approvals.set(request.requestId, { sessionId: session.id, boxId: session.boxId, ...request });
      this.emit({ type: "approvals", pending: [...this.approvals.values()] });
    } else if (chunk.type === "confirmation-resolved") {
      this.dropApprovals((a) => a.requestId === chunk.confirmationResolved.requestId);
    }
  }

  private dropApprovals(match: (approval: PendingApproval) => boolean): void {
    let changed = false;
    for (const [requestId, approval] of this.approvals) {
      if (match(approval)) changed = this.approvals.delete(requestId) || changed;
    }
    if (changed) this.emit({ type: "approvals", pending: [...this.approvals.values()] });
  }

  async listPendingApprovals(): Promise<PendingApproval[]> {
    return [...this.approvals.values()];
  }

  async respondToApproval(sessionId: string, requestId: string, answer: ConfirmationAnswer): Promise<void> {
    const session = this.session(sessionId);
    const approval = this.approvals.get(requestId);
    if (!approval || approval.sessionId !== sessionId) {
      throw new A3sError(ErrorCodes.NOT_FOUND, "this approval is no longer pending (answered, timed out or withdrawn)");
    }
    await this.link(session.boxId).sessions.respondToConfirmation(session.agentSessionId, requestId, answer);
    this.dropApprovals((a) => a.requestId === requestId);
    // Store exactly the rule the agent remembers, so a restarted agent gets the same one.
    const rule = approval.alwaysAllowRule;
    const remembers = answer.decision === "allow" && answer.remember === "session" && rule;
    this.auditor(session).answered(requestId, {
      answer: answer.decision,
      by: `human:${hostUser()}`,
      remember: answer.remember ?? "once",
      ...(remembers ? { rule } : {}),
    });
    if (remembers) {
      const policy = session.policy;
      session.policy = { ...policy, remembered: [...new Set([...(policy.remembered ?? []), rule])] };
      await this.touch(session);
    }
  }

  async setPolicy(sessionId: string, policy: PermissionPolicy): Promise<SessionSummary> {
    const session = this.session(sessionId);
    await this.link(session.boxId).sessions.setPermissionPolicy(session.agentSessionId, policy);
    session.policy = policy;
    return this.touch(session);
  }

  // ---- context ----

  async getActivity(sessionId: string): Promise<SessionActivityEntry[]> {
    const session = this.session(sessionId);
    const entries = await readAuditLog(this.auditDir, session.boxId);
    return entries.filter((entry): entry is SessionActivityEntry => entry.event !== "gateway" && entry.session === sessionId).slice(-MAX_ACTIVITY);
  }

  async getContextUsage(sessionId: string): Promise<ContextUsage> {
    const session = this.session(sessionId);
    const { usedTokens, contextWindow, messageCount } = await this.link(session.boxId).sessions.getContextUsage(session.agentSessionId);
    return { usedTokens, contextWindow, messageCount };
  }

  async compact(sessionId: string): Promise<CompactResult> {
    const session = this.session(sessionId);
    if (this.running.has(sessionId)) throw new A3sError(ErrorCodes.BUSY, "stop the running turn before compacting");
    const result = await this.link(session.boxId).sessions.compact(session.agentSessionId);
    const { tokensBefore, tokensAfter } = result;
    const items = await this.getTranscript(sessionId);
    const notice: TranscriptItem = { kind: "notice", id: `notice-${items.length}`, text: `Compacted the context: ${tokensBefore} → ${tokensAfter} tokens.` };
    await this.replaceTranscript(session, [...items, notice]);
    return result;
  }

  async clear(sessionId: string): Promise<void> {
    const session = this.session(sessionId);
    if (this.running.has(sessionId)) throw new A3sError(ErrorCodes.BUSY, "stop the running turn before clearing");
    await this.link(session.boxId).sessions.clear(session.agentSessionId);
    await this.replaceTranscript(session, []);
  }

  private async replaceTranscript(session: StoredSession, items: TranscriptItem[]): Promise<void> {
    this.transcripts.set(session.id, items);
    await this.store.saveTranscript(session.id, items);
    this.emit({ type: "transcript-reset", sessionId: session.id });
    await this.touch(session);
  }

  // ---- workspace ----

  listDir(boxId: string, path: string): Promise<FileEntry[]> {
    return Promise.resolve().then(() => this.link(boxId).workspace.listDir(path));
  }

  readFile(boxId: string, path: string): Promise<FileText> {
    return Promise.resolve().then(() => this.link(boxId).workspace.readFile(path));
  }

  writeFile(boxId: string, path: string, content: string): Promise<FileEntry> {
    return Promise.resolve().then(() => this.link(boxId).workspace.writeFile(path, content));
  }

  // ---- settings and models ----

  getSettings(): Promise<Settings> {
    return publicSettings(this.state.settings, this.options.secrets);
  }

  async updateSettings(update: SettingsUpdate): Promise<Settings> {
    this.state.settings = applySettingsUpdate(this.state.settings, update);
    await this.store.save(this.state);
    return this.settingsChanged();
  }

  async setProviderKey(provider: ProviderName, key: string | null): Promise<Settings> {
    if (provider === "ollama") throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "Ollama takes no API key");
    await this.options.secrets.set(provider, key);
    return this.settingsChanged();
  }

  private async settingsChanged(): Promise<Settings> {
    const settings = await this.getSettings();
    this.emit({ type: "settings", settings });
    return settings;
  }

  listOllamaModels(): Promise<OllamaModel[]> {
    return listOllamaModels(ollamaHost(this.state.settings, this.env));
  }

  testOllamaModel(name: string): Promise<ModelTestReport> {
    return testOllamaModel(ollamaHost(this.state.settings, this.env), name);
  }

  async checkHost(): Promise<DoctorReport> {
    // The providers as this service's boxes would get them: settings and stored keys over the environment.
    const providerEnv = { ...this.env, ...(await providerEnvironment(this.state.settings, this.options.secrets)) };
    return runDoctor({ providerEnv, keychain: this.options.keychain ?? fileKeychainLine() });
  }

  // ---- the guest (first run) ----

  getGuestStatus(): Promise<GuestStatus> {
    return this.guest.status();
  }

  prepareGuest(how: GuestSource): Promise<GuestStatus> {
    return this.guest.prepare(how);
  }

  cancelGuestPrepare(): Promise<GuestStatus> {
    return this.guest.cancel();
  }

  // ---- lifecycle ----

  /** Stops running turns and every box this service booted; closes the attached agent's link. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.guest.dispose();
    // One failure must not keep the other boxes running: try every one, and report each that failed.
    const stops = await Promise.allSettled([...this.running].map((sessionId) => this.stop(sessionId)));
    const shutdowns = await Promise.allSettled([...this.boxes.values()].map((live) => this.shutDown(live)));
    await Promise.all([...this.boxes.values()].map((live) => live.audit.flush()));
    const launcherDisposal = await Promise.allSettled([this.options.launcher?.dispose?.()]);
    this.listeners.clear();
    for (const outcome of [...stops, ...shutdowns, ...launcherDisposal]) {
      if (outcome.status === "rejected") this.log.error("could not stop a turn or a box", { error: A3sError.from(outcome.reason).message });
    }
  }
}

/** Who answers approvals on this host, for the audit log. */
function hostUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "unknown");
  }
}

/** A box's reach from the UI's choices, with Box.create's defaults and checks. */
function boundaryOf(chosen: Partial<BoxBoundary>): BoxBoundary {
  return resolveBoxBoundary({
    network: chosen.network === "allow" ? { allow: chosen.allow ?? [] } : chosen.network,
    hostPorts: chosen.hostPorts,
    protectedPaths: chosen.protectedPaths,
  });
}
