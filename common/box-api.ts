/**
 * The one contract between the UI (renderer) and the host (Electron main, or
 * `a3s-box serve`). The renderer talks only through this interface; preload implements it
 * over IPC and the browser build over a WebSocket. Calls reject with `{ code, message }`
 * (an A3sError on the host side). Host-side events reach the UI through `onEvent`.
 */
import type { ConfirmationAuditEntry, ToolAuditEntry } from "./audit";
import type { StreamChunk } from "./chunks";
import type { DoctorReport } from "./doctor";
import type { SerializedError } from "./errors";
import type { NetworkPolicy } from "./network";
import type { ModelPrice, PriceTable } from "./prices";
import type { ProviderName } from "./providers";
import type { Spend } from "./spend";
import type { ConfirmationAnswer, ContextUsage, ModelRef, PermissionPolicy } from "./session";
import type { TranscriptItem } from "./transcript";
import type { CompactResult } from "./agent-replies";

export interface AppInfo {
  name: string;
  version: string;
  /** "electron" in the desktop app, "browser" under `a3s-box serve`. */
  host: "electron" | "browser";
  /** True when the host is attached to one running agent and cannot boot boxes. */
  attached: boolean;
}

export type BoxState = "booting" | "ready" | "failed" | "stopped";

export interface BoxInfo {
  id: string;
  name: string;
  /** Host folder shared into the box (or the attached agent's workspace, as it reports it). */
  workspace: string;
  kind: "vm" | "agent";
  state: BoxState;
  /** While booting: what is happening now. */
  progress?: string;
  /** When failed: why. */
  error?: SerializedError;
  /** When failed: the tail of the VM's log. */
  log?: string;
  /** A VM box's reach beyond itself, as chosen when it was created. */
  boundary?: BoxBoundary;
}

/** What a VM box may reach on the host and the network (see docs/security.md). */
export interface BoxBoundary {
  network: NetworkPolicy;
  /** The hosts it may reach under network `allow`. */
  allow: string[];
  /** Ports of the host's 127.0.0.1 it may reach (e.g. 11434 for a local Ollama). */
  hostPorts: number[];
  /** Workspace paths that are read-only inside it. */
  protectedPaths: string[];
}

export interface CreateBoxRequest {
  workspace: string;
  name?: string;
  /** Each field defaults as for `Box.create`: network `llm`, no host ports, git's paths protected. */
  boundary?: Partial<BoxBoundary>;
}

export interface SessionSummary {
  id: string;
  boxId: string;
  title: string;
  createdAtMs: number;
  updatedAtMs: number;
  /** A turn is streaming now. */
  running: boolean;
  policy: PermissionPolicy;
  model: ModelRef;
  /** The tokens its turns used and their cost, by the prices in settings at each turn's end. */
  spend: Spend;
}

/** One line of a session's Activity: a tool call or an answer to an approval, as the host audited it. */
export type SessionActivityEntry = ToolAuditEntry | ConfirmationAuditEntry;

export interface CreateSessionRequest {
  title?: string;
  model?: ModelRef;
  /** Defaults to the policy in settings (ask before bash, write and edit). */
  policy?: PermissionPolicy;
}

export interface PendingApproval {
  sessionId: string;
  boxId: string;
  requestId: string;
  tool: string;
  args: Record<string, unknown>;
  reason: string;
  toolCallId: string;
  diff?: { path: string; before: string; after: string; isNewFile: boolean };
  /** The rule "Always allow" adds, shown on its button; no such button when absent. */
  alwaysAllowRule?: string;
}

export interface FileEntry {
  /** Relative to the workspace, "/" separated. */
  path: string;
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
}

export interface FileText {
  path: string;
  content: string;
  mtimeMs: number;
}

export interface ProviderSettings {
  provider: ProviderName;
  /** Empty: the provider's public endpoint. */
  baseUrl: string;
  /** A key is stored for this provider. The key itself never leaves the host. */
  hasKey: boolean;
}

export interface Settings {
  providers: ProviderSettings[];
  defaultModel: ModelRef;
  defaultPolicy: PermissionPolicy;
  /** The prices set here, over the shipped table (common/default-prices.json). */
  priceOverrides: ModelPrice[];
  /** The table boxes' gateways cost tokens by: the shipped one with the overrides in place. */
  prices: PriceTable;
}

export interface SettingsUpdate {
  defaultModel?: ModelRef;
  defaultPolicy?: PermissionPolicy;
  providerBaseUrls?: Partial<Record<ProviderName, string>>;
  /** Replaces the whole list of price overrides; `[]` goes back to the shipped prices. */
  priceOverrides?: ModelPrice[];
}

export interface OllamaModel {
  name: string;
  sizeBytes: number;
  parameterSize: string;
  family: string;
}

/** What "Test model" found out about a local model. */
export interface ModelTestReport {
  model: string;
  streams: boolean;
  callsTools: boolean;
  followsJsonSchema: boolean;
  /** Output tokens per second of the streamed answer, as the server measured them. */
  tokensPerSecond: number | null;
  /** One line per check, saying what happened. */
  notes: string[];
}

/** How the guest that boxes boot (kernel, initramfs, agent layer, rootfs) comes to this host. */
export type GuestSource = { source: "build" } | { source: "pull"; ref: string };

/** The guest for this host's architecture: there, missing (and how it can come), or on its way. */
export interface GuestStatus {
  /** False when the host boots no boxes (attached to one agent): nothing to set up. */
  needed: boolean;
  /** The guest's architecture (this host's). */
  arch: string;
  state: "ready" | "missing" | "preparing";
  /** Ready: where it came from. */
  origin?: "built" | "pulled";
  /** Missing: what is missing, in words. */
  missing?: string;
  /** Whether this host can build a guest (Debian or Ubuntu with apt), and why not when it cannot. */
  build: { possible: boolean; reason?: string };
  /** The reference offered for a pull ($A3S_BOX_GUEST_REF, else the project's; editable). */
  defaultRef: string;
  /** Preparing, or the last attempt: what ran and how far it got. */
  task?: GuestTask;
}

export interface GuestTask {
  kind: "build" | "pull";
  ref?: string;
  /** The latest progress message of the builder or the puller. */
  message: string;
  /** 0..1 where the builder or the puller can tell. */
  fraction?: number;
  /** The progress messages so far (the last 200). */
  log: string[];
  /** Why it failed (CANCELLED when cancelled); absent while running and after success. */
  error?: SerializedError;
  done: boolean;
}

export type BoxEvent =
  | { type: "box"; box: BoxInfo }
  | { type: "box-removed"; boxId: string }
  | { type: "session"; session: SessionSummary }
  | { type: "session-removed"; sessionId: string; boxId: string }
  | { type: "user-message"; sessionId: string; item: TranscriptItem }
  | { type: "chunk"; sessionId: string; chunk: StreamChunk }
  | { type: "transcript-reset"; sessionId: string }
  | { type: "approvals"; pending: PendingApproval[] }
  | { type: "file-change"; boxId: string; kind: "created" | "modified" | "deleted"; path: string }
  | { type: "settings"; settings: Settings }
  | { type: "guest"; guest: GuestStatus };

export interface BoxApi {
  getAppInfo(): Promise<AppInfo>;

  listBoxes(): Promise<BoxInfo[]>;
  createBox(request: CreateBoxRequest): Promise<BoxInfo>;
  removeBox(boxId: string): Promise<void>;

  listSessions(boxId: string): Promise<SessionSummary[]>;
  createSession(boxId: string, request: CreateSessionRequest): Promise<SessionSummary>;
  renameSession(sessionId: string, title: string): Promise<SessionSummary>;
  deleteSession(sessionId: string): Promise<void>;
  getTranscript(sessionId: string): Promise<TranscriptItem[]>;

  /** Starts a turn; its chunks arrive as "chunk" events. Resolves once the turn has started. */
  send(sessionId: string, text: string): Promise<void>;
  stop(sessionId: string): Promise<void>;
  listPendingApprovals(): Promise<PendingApproval[]>;
  respondToApproval(sessionId: string, requestId: string, answer: ConfirmationAnswer): Promise<void>;
  setPolicy(sessionId: string, policy: PermissionPolicy): Promise<SessionSummary>;

  getContextUsage(sessionId: string): Promise<ContextUsage>;
  /** The session's Activity: its tool calls and answers from the box's audit log, oldest first (the last 1000). */
  getActivity(sessionId: string): Promise<SessionActivityEntry[]>;
  compact(sessionId: string): Promise<CompactResult>;
  clear(sessionId: string): Promise<void>;

  listDir(boxId: string, path: string): Promise<FileEntry[]>;
  readFile(boxId: string, path: string): Promise<FileText>;
  writeFile(boxId: string, path: string, content: string): Promise<FileEntry>;

  getSettings(): Promise<Settings>;
  updateSettings(update: SettingsUpdate): Promise<Settings>;
  /** Stores (or, with null, forgets) a provider's API key on the host. */
  setProviderKey(provider: ProviderName, key: string | null): Promise<Settings>;
  listOllamaModels(): Promise<OllamaModel[]>;
  testOllamaModel(name: string): Promise<ModelTestReport>;
  /** What this host can run (`a3s-box doctor`): platform, accelerator, backends, guest, keychain, providers. */
  checkHost(): Promise<DoctorReport>;

  /** The guest for this host's architecture (a few seconds: the builder checks its cache). */
  getGuestStatus(): Promise<GuestStatus>;
  /** Starts building or pulling the guest; resolves once started. Progress arrives as "guest" events. */
  prepareGuest(how: GuestSource): Promise<GuestStatus>;
  /** Stops a build or pull under way (its task ends with CANCELLED); nothing when none runs. */
  cancelGuestPrepare(): Promise<GuestStatus>;

  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: (event: BoxEvent) => void): () => void;
}

/** The request/response methods of BoxApi: the allow-list both transports validate calls against. */
export const BOX_API_METHODS = [
  "getAppInfo",
  "listBoxes",
  "createBox",
  "removeBox",
  "listSessions",
  "createSession",
  "renameSession",
  "deleteSession",
  "getTranscript",
  "send",
  "stop",
  "listPendingApprovals",
  "respondToApproval",
  "setPolicy",
  "getContextUsage",
  "getActivity",
  "compact",
  "clear",
  "listDir",
  "readFile",
  "writeFile",
  "getSettings",
  "updateSettings",
  "setProviderKey",
  "listOllamaModels",
  "testOllamaModel",
  "checkHost",
  "getGuestStatus",
  "prepareGuest",
  "cancelGuestPrepare",
] as const satisfies readonly Exclude<keyof BoxApi, "onEvent">[];
export type BoxApiMethod = (typeof BOX_API_METHODS)[number];
/** Fails to compile when a BoxApi method is missing from BOX_API_METHODS. */
export type AllBoxApiMethodsListed = Exclude<Exclude<keyof BoxApi, "onEvent">, BoxApiMethod> extends never ? true : never;
export const ALL_BOX_API_METHODS_LISTED: AllBoxApiMethodsListed = true;

/** The policy new sessions start with: ask before anything that changes the box. */
export const DEFAULT_UI_POLICY: PermissionPolicy = {
  allow: ["read", "grep", "glob", "ls"],
  ask: ["bash", "write", "edit"],
  deny: [],
  default: "ask",
};

/** Frames of the WebSocket transport (browser mode). */
export type WsClientFrame = { id: number; method: string; args: unknown[] };
export type WsServerFrame =
  | { id: number; result: unknown }
  | { id: number; error: SerializedError }
  | { event: BoxEvent };
