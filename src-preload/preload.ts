// Exposes exactly BoxApi to the renderer; nothing else of Node or Electron crosses over.
import { contextBridge, ipcRenderer } from "electron";
import { BOX_API_METHODS, type BoxApi } from "../common/box-api";

const api = Object.fromEntries(
  BOX_API_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke("box-api", method, args)]),
) as unknown as BoxApi;

contextBridge.exposeInMainWorld("boxApi", api);
