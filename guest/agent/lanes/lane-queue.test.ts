import { describe, expect, it } from "vitest";
import { A3sError } from "../../../common/errors";
import { LaneQueue } from "./lane-queue";
import { WaitStats } from "./wait-stats";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("LaneQueue", () => {
  it("runs control commands at once while the generate lane is full and 20 more wait", async () => {
    const queue = new LaneQueue({ generate: 2 });
    const g = gate();
    const generates = Array.from({ length: 22 }, () => queue.run("generate", () => g.opened));
    const generate = queue.snapshot().find((s) => s.lane === "generate")!;
    expect(generate).toMatchObject({ running: 2, depth: 20, concurrency: 2 });

    await expect(queue.run("control", () => "health")).resolves.toBe("health");
    await expect(queue.run("query", () => "history")).resolves.toBe("history");
    g.open();
    await Promise.all(generates);
    expect(queue.snapshot().find((s) => s.lane === "generate")).toMatchObject({ running: 0, depth: 0 });
  });

  it("keeps commands of one lane in arrival order within the lane's limit", async () => {
    const queue = new LaneQueue({ execute: 1 });
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        queue.run("execute", async () => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(1);
  });

  it("starts waiting commands of higher lanes first when slots free in the same turn", async () => {
    const queue = new LaneQueue({ control: 1, query: 1, execute: 1, generate: 1 });
    const g = gate();
    const blockers = (["generate", "execute", "query", "control"] as const).map((lane) => queue.run(lane, () => g.opened));
    const started: string[] = [];
    const waiters = (["generate", "execute", "query", "control"] as const).map((lane) => queue.run(lane, () => void started.push(lane)));
    g.open();
    await Promise.all([...blockers, ...waiters]);
    expect(started.indexOf("control")).toBeLessThan(started.indexOf("generate"));
  });

  it("reports wait times per lane", async () => {
    let clock = 0;
    const queue = new LaneQueue({ generate: 1 }, () => clock);
    const g = gate();
    const first = queue.run("generate", () => g.opened);
    const second = queue.run("generate", () => undefined);
    clock = 250;
    g.open();
    await Promise.all([first, second]);
    expect(queue.snapshot().find((s) => s.lane === "generate")).toMatchObject({ waitP50Ms: 0, waitMaxMs: 250 });
  });

  it("drops a waiting command whose caller gave up, with CANCELLED", async () => {
    const queue = new LaneQueue({ generate: 1 });
    const g = gate();
    const first = queue.run("generate", () => g.opened);
    const abort = new AbortController();
    let ran = false;
    const second = queue.run("generate", () => void (ran = true), abort.signal);
    abort.abort();
    await expect(second).rejects.toSatisfy((e) => A3sError.is(e, "CANCELLED"));
    expect(queue.snapshot().find((s) => s.lane === "generate")!.depth).toBe(0);
    g.open();
    await first;
    expect(ran).toBe(false);
  });

  it("holds a slot for a stream until it is released", async () => {
    const queue = new LaneQueue({ generate: 1 });
    const release = await queue.acquire("generate");
    let second = false;
    const next = queue.run("generate", () => void (second = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
    release();
    release();
    await next;
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(true);
    expect(queue.snapshot().find((s) => s.lane === "generate")!.running).toBe(0);
  });

  it("passes a task's failure to its caller and frees the slot", async () => {
    const queue = new LaneQueue({ query: 1 });
    await expect(queue.run("query", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run("query", () => 1)).resolves.toBe(1);
  });

  it("rejects a limit below one, naming the lane", () => {
    expect(() => new LaneQueue({ execute: 0 })).toThrow("lane execute: concurrency must be a whole number of at least 1");
  });
});

describe("WaitStats", () => {
  it("keeps p50 and max over a sliding window", () => {
    const stats = new WaitStats(3);
    for (const v of [100, 1, 2, 3]) stats.record(v);
    expect(stats.count).toBe(3);
    expect(stats.p50()).toBe(2);
    expect(stats.max()).toBe(3);
  });
});
