/**
 * BoxApi over a WebSocket, for browser mode (`a3s-box serve`). The server set the token
 * cookie when the page loaded, so the socket to /api is authorised without script access
 * to the token. Calls made while disconnected wait for the next connection.
 */
import { BOX_API_METHODS, type BoxApi, type BoxEvent, type WsServerFrame } from "../../common/box-api";

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createWebSocketBoxApi(url: string): BoxApi {
  const listeners = new Set<(event: BoxEvent) => void>();
  const pending = new Map<number, PendingCall>();
  const queued: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;

  function connect(): void {
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = 250;
      for (const frame of queued.splice(0)) socket.send(frame);
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as WsServerFrame;
      if ("event" in frame) {
        for (const listener of listeners) listener(frame.event);
        return;
      }
      const call = pending.get(frame.id);
      pending.delete(frame.id);
      if (!call) return;
      if ("error" in frame) call.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }));
      else call.resolve(frame.result);
    };
    socket.onclose = () => {
      for (const call of pending.values()) call.reject(Object.assign(new Error("lost the connection to A3S Box"), { code: "UNAVAILABLE" }));
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  function call(method: string, args: unknown[]): Promise<unknown> {
    const id = nextId++;
    const frame = JSON.stringify({ id, method, args });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else queued.push(frame);
    });
  }

  const api = Object.fromEntries(BOX_API_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]));
  return {
    ...api,
    onEvent(listener: (event: BoxEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  } as unknown as BoxApi;
}
