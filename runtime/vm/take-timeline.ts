import { channel } from "node:diagnostics_channel";

/** The host's steps of a take from the warm pool, in order (bench/boot-profile.ts prints them with POOL=1). */
export type TakeStep = "take" | "bound" | "attach-line";

/** Published on at each TakeStep of a take (box id, step, performance.now()); free while nobody subscribes. */
export const takeTimeline = channel("a3s-box:pool-take");

export function markTake(box: string, step: TakeStep): void {
  if (takeTimeline.hasSubscribers) takeTimeline.publish({ box, step, at: performance.now() });
}
