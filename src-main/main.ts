import { join } from "node:path";
import { app, BrowserWindow, ipcMain, shell } from "electron";
import { BOX_API_METHODS, type BoxApi, type BoxApiMethod } from "../common/box-api";

const rendererUrl = process.env["ELECTRON_RENDERER_URL"];

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 640,
    minHeight: 480,
    title: "A3S Box",
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, "../preload/preload.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once("ready-to-show", () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith("https://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  win.webContents.on("will-navigate", (event) => event.preventDefault());
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(join(import.meta.dirname, "../renderer/index.html"));
  return win;
}

const service: BoxApi = {
  getAppInfo: async () => ({ name: "A3S Box", version: app.getVersion(), host: "electron" }),
};

function isMethod(value: unknown): value is BoxApiMethod {
  return typeof value === "string" && (BOX_API_METHODS as readonly string[]).includes(value);
}

ipcMain.handle("box-api", async (event, method: unknown, args: unknown) => {
  const frame = event.senderFrame;
  const trusted = frame && (rendererUrl ? frame.url.startsWith(rendererUrl) : frame.url.startsWith("file://"));
  if (!trusted) throw new Error("PERMISSION_DENIED: BoxApi call from an untrusted frame");
  if (!isMethod(method) || !Array.isArray(args)) throw new Error("INVALID_ARGUMENT: unknown BoxApi call");
  return (service[method] as (...a: unknown[]) => Promise<unknown>)(...args);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", () => BrowserWindow.getAllWindows()[0]?.focus());
  void app.whenReady().then(() => {
    createWindow();
    app.on("activate", () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
}
