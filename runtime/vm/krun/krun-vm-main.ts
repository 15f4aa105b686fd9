// The VM process of the krun backend: one per VM, because krun_start_enter takes over the
// process that calls it. Usage: krun-vm.js PLAN.json (see krun-plan.ts). Applies the plan to
// a fresh libkrun context and enters the VM; libkrun exits this process with the guest's
// status when the VM shuts down. Configuration errors go to stderr and exit 1.
import { readFileSync } from "node:fs";
import { applyKrunCall, type KrunPlan } from "./krun-plan";
import { loadKrunAddon } from "./libkrun";

try {
  const planPath = process.argv[2];
  if (!planPath) throw new Error("usage: krun-vm PLAN.json");
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as KrunPlan;
  const addon = loadKrunAddon();
  addon.load(plan.library);
  const ctx = addon.createCtx();
  for (const call of plan.calls) applyKrunCall(addon, ctx, call);
  addon.startEnter(ctx);
} catch (error) {
  process.stderr.write(`a3s-box krun: ${(error as Error).message}\n`);
  process.exit(1);
}
