// The Electron adapter: windows, menus, single instance, and BoxApi over IPC. Everything
// else is BoxService (runtime/service), which runs in plain Node and is tested there.
import { join } from "node:path";
import type { DoctorLine } from "../common/doctor";
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell, type IpcMainInvokeEvent } from "electron";
import { A3sError, ErrorCodes } from "../common/errors";
import { BoxService } from "../runtime/service/box-service";
import { createBoxApiDispatcher } from "../runtime/service/box-api-schema";
import { FileSecretStore, type SecretCipher } from "../runtime/service/secret-store";
import { connectAgent } from "../runtime/service/connect-agent";
import { VmBoxLauncher } from "../runtime/service/vm-box-launcher";
import { startAppMetrics } from "./app-metrics";
import { startHostTracing } from "../runtime/telemetry/host-tracing";
import { applicationMenu } from "./menu";
import { startupFailureDialog } from "./startup-failure";

const rendererUrl = process.env["ELECTRON_RENDERER_URL"];
const rendererFile = join(import.meta.dirname, "../renderer/index.html");
const windows = new Set<BrowserWindow>();

/** Keys are encrypted with the OS keychain (Keychain, libsecret/kwallet) through safeStorage. */
const keychainCipher: SecretCipher = {
  encrypt(plain) {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new A3sError(ErrorCodes.UNAVAILABLE, "no system keychain is available to encrypt the key; install and unlock one (e.g. gnome-keyring)");
    }
    return safeStorage.encryptString(plain);
  },
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};

/** A3S_BOX_AGENT=host:port attaches the app to a running agent (its token optional). */
function attachOptions() {
  const token = process.env["A3S_BOX_AGENT_TOKEN"];
  return token ? { token } : {};
}

/** The host check's keychain line: whether safeStorage can encrypt keys here. */
function keychainLine(): DoctorLine {
  if (!safeStorage.isEncryptionAvailable()) {
    const fix = process.platform === "linux" ? "install and unlock a Secret Service keyring (GNOME Keyring or KWallet)" : "unlock the login keychain";
    return { check: "keychain", status: "fail", detail: "the system keychain is not available: provider keys cannot be stored", fix };
  }
  const backend = process.platform === "linux" ? ` (${safeStorage.getSelectedStorageBackend()})` : "";
  return { check: "keychain", status: "ok", detail: `provider keys are encrypted by the system keychain${backend}` };
}

function stateDir(): string {
  return join(app.getPath("userData"), "state");
}

async function openService(): Promise<BoxService> {
  const dir = stateDir();
  const agentAddress = process.env["A3S_BOX_AGENT"];
  return BoxService.open({
    stateDir: dir,
    secrets: new FileSecretStore(dir, keychainCipher),
    host: "electron",
    version: app.getVersion(),
    keychain: keychainLine(),
    ...(agentAddress ? { attach: connectAgent(agentAddress, attachOptions()) } : { launcher: new VmBoxLauncher(dir) }),
  });
}

/** No window can work without the service (or if the first cannot open): say why in an error box, then quit. */
function reportStartupFailure(error: unknown): void {
  const { title, content } = startupFailureDialog(error, stateDir());
  dialog.showErrorBox(title, content);
  app.exit(1);
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  if (![...windows].some((w) => w.webContents === event.sender)) return false;
  if (rendererUrl) return new URL(frame.url).origin === new URL(rendererUrl).origin;
  return frame.url.split(/[?#]/)[0] === `file://${rendererFile.split("\\").join("/")}`;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 480,
    minHeight: 480,
    title: "A3S Box",
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, "../preload/preload.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  windows.add(win);
  win.on("closed", () => windows.delete(win));
  win.once("ready-to-show", () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith("https://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  win.webContents.on("will-navigate", (event) => event.preventDefault());
  win.webContents.on("will-attach-webview", (event) => event.preventDefault());
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(rendererFile);
  return win;
}

/** The app once its service is open: /metrics when asked for, BoxApi over IPC, events to every window, the first window. */
async function start(service: BoxService): Promise<void> {
  const metrics = await startAppMetrics(process.env, () => service.metrics.scrape());
  const tracing = startHostTracing(app.getVersion());
  if (metrics) console.log(`A3S Box metrics at ${metrics.url} (authorization: Bearer ${metrics.token})`);
  const dispatch = createBoxApiDispatcher(service);
  ipcMain.handle("box-api", async (event, method: unknown, args: unknown) => {
    if (!isTrustedSender(event)) return { error: { code: ErrorCodes.PERMISSION_DENIED, message: "BoxApi call from an untrusted frame" } };
    try {
      return { result: await dispatch(method, args) };
    } catch (error) {
      return { error: A3sError.from(error).toJSON() };
    }
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === "notifications"));
  Menu.setApplicationMenu(applicationMenu(createWindow));
  service.onEvent((event) => {
    for (const win of windows) win.webContents.send("box-api-event", event);
  });
  createWindow();
  app.on("activate", () => {
    if (windows.size === 0) createWindow();
  });
  app.on("will-quit", (event) => {
    event.preventDefault();
    void Promise.all([metrics?.close(), service.dispose().then(() => tracing?.shutdown())]).finally(() => app.exit(0));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(openService).then(start).catch(reportStartupFailure);
  app.on("second-instance", () => {
    const [win] = windows;
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
}
