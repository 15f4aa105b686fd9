import { createConnection, type Socket } from "node:net";
import { createInterface } from "node:readline";

type Reply = { return?: unknown; error?: { class: string; desc: string } };

/**
 * A client of QEMU's machine protocol (QMP) on a unix socket: one command at a time, replies
 * in order, events kept for `waitForEvent`.
 */
export class QmpClient {
  private readonly pending: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  private readonly events: string[] = [];
  private readonly eventWaiters: Array<{ name: string; resolve: () => void }> = [];
  private closedWith: Error | undefined;

  private constructor(private readonly socket: Socket) {
    const lines = createInterface({ input: socket });
    // readline passes the socket's errors on (a reset when QEMU dies): unhandled, they would end
    // the host process; the socket's close below rejects what waits.
    lines.on("error", () => {});
    lines.on("line", (line) => {
      let message: Reply & { event?: string; QMP?: unknown };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.QMP) return;
      if (message.event) {
        this.events.push(message.event);
        for (const waiter of this.eventWaiters.filter((w) => w.name === message.event)) {
          this.eventWaiters.splice(this.eventWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        return;
      }
      this.pending.shift()?.resolve(message);
    });
    socket.on("close", () => {
      this.closedWith = new Error("QEMU closed its QMP socket");
      for (const waiter of this.pending.splice(0)) waiter.reject(this.closedWith);
    });
    socket.on("error", () => {});
  }

  /** Connects (retrying until `timeoutMs`, or until `signal` aborts: QEMU creates the socket as it starts) and negotiates. */
  static async connect(path: string, timeoutMs: number, signal?: AbortSignal): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = createConnection(path, () => resolve(s));
          s.once("error", reject);
        });
        const client = new QmpClient(socket);
        await client.execute("qmp_capabilities");
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`cannot connect to QEMU's QMP socket ${path}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closedWith) throw this.closedWith;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
    });
    if (reply.error) throw new Error(`QEMU refused ${command}: ${reply.error.desc}`);
    return reply.return;
  }

  /** Resolves when the event `name` arrives (or has arrived since connecting). */
  waitForEvent(name: string): Promise<void> {
    if (this.events.includes(name)) return Promise.resolve();
    return new Promise((resolve) => this.eventWaiters.push({ name, resolve }));
  }

  close(): void {
    this.socket.destroy();
  }
}
