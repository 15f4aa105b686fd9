// Exposes exactly BoxApi to the renderer; nothing else of Node or Electron crosses over.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { BOX_API_METHODS, type BoxApi, type BoxEvent } from "../common/box-api";
import type { SerializedError } from "../common/errors";

type Reply = { result: unknown } | { error: SerializedError };

async function call(method: string, args: unknown[]): Promise<unknown> {
  const reply = (await ipcRenderer.invoke("box-api", method, args)) as Reply;
  if ("error" in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.result;
}

const api = {
  ...Object.fromEntries(BOX_API_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)])),
  onEvent(listener: (event: BoxEvent) => void) {
    const forward = (_event: IpcRendererEvent, event: BoxEvent) => listener(event);
    ipcRenderer.on("box-api-event", forward);
    return () => void ipcRenderer.removeListener("box-api-event", forward);
  },
} as unknown as BoxApi;

contextBridge.exposeInMainWorld("boxApi", api);
