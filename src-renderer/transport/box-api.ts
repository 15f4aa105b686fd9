import type { BoxApi } from "../../common/box-api";
import { createWebSocketBoxApi } from "./websocket-box-api";

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    boxApi?: BoxApi;
  }
}

/** The desktop app's IPC BoxApi when preload provided one, else the WebSocket one of `a3s-box serve`. */
export function connectBoxApi(): BoxApi {
  if (window.boxApi) return window.boxApi;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return createWebSocketBoxApi(`${scheme}//${location.host}/api`);
}
