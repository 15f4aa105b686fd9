import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { A3sError, spendLabel } from "../sdk/index";
import { listLiveBoxes, isVmProcessOf, stopRequestFile } from "../runtime/box/box-registry";
import { auditSpend } from "../runtime/telemetry/audit-spend";
import { defaultAuditDir, readAuditLog } from "../runtime/telemetry/audit-log";
import { hostGuestArch, parseGuestArch, type GuestArch } from "../runtime/guest-image/guest-arch";
import { DEFAULT_ROOTFS_VARIANT, ROOTFS_VARIANTS, type RootfsVariant } from "../runtime/guest-image/rootfs-variants";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { pullGuest, pushGuest } from "../runtime/vm/guest-oci";
import { pruneGuestCache } from "../runtime/vm/guest-prune";
import { guestPullProgress } from "./guest-pull-progress";
import { formatBytes } from "./pull-progress";
import { addLogLevelOption, commandLoggers } from "./log-option";

/** `a3s-box guest build | push | pull | prune`, `a3s-box ps`, `a3s-box stop ID`. */
export function addBoxCommands(program: Command): void {
  const guest = program.command("guest").description("the guest artifacts VMs boot (kernel, initramfs, agent layer, rootfs)");
  guest
    .command("build")
    .description(`build the guest artifacts into the cache (${guestCacheDir()}); done automatically on first use`)
    .option("--arch <arch>", "the guest's architecture: x86_64 or arm64 (default: this host's)")
    .option("--rootfs <variant>", `the default root filesystem to build: ${ROOTFS_VARIANTS.join(", ")} or none`, DEFAULT_ROOTFS_VARIANT)
    .action(async (options: { arch?: string; rootfs: string }) => {
      const arch = archOption(options.arch);
      const rootfs = rootfsOption(options.rootfs);
      const artifacts = await ensureGuestArtifacts({ arch, rootfs, source: "build", onProgress: say }).catch(fail);
      process.stdout.write(`${JSON.stringify(artifacts, null, 2)}\n`);
    });
  guest
    .command("push")
    .description("push the guest built here (kernel, initramfs, agent layer, rootfs) to a registry as an OCI artifact")
    .argument("<ref>", "where to push, e.g. registry.example.com/a3s/guest:arm64")
    .option("--arch <arch>", "which guest: x86_64 or arm64 (default: this host's)")
    .option("--rootfs <variant>", `the default root filesystem to include: ${ROOTFS_VARIANTS.join(", ")} or none`, DEFAULT_ROOTFS_VARIANT)
    .option("--insecure <registry...>", "registries (host:port) that may be reached over plain HTTP; localhost always may")
    .action(async (ref: string, options: { arch?: string; rootfs: string; insecure?: string[] }) => {
      const arch = archOption(options.arch);
      const rootfs = rootfsOption(options.rootfs);
      const artifacts = await ensureGuestArtifacts({ arch, rootfs, source: "build", onProgress: say }).catch(fail);
      const digest = await pushGuest(rootfs === false ? { ...artifacts, rootfs: undefined } : artifacts, ref, { insecure: options.insecure, onProgress: say }).catch(fail);
      process.stdout.write(`${digest}\n`);
    });
  guest
    .command("pull")
    .description("pull a prebuilt guest (pushed with `guest push`) into the cache, for hosts that cannot build one")
    .argument("<ref>", "the guest's reference, by tag or digest")
    .option("--arch <arch>", "refuse a guest for another architecture")
    .option("--insecure <registry...>", "registries (host:port) that may be reached over plain HTTP; localhost always may")
    .action(async (ref: string, options: { arch?: string; insecure?: string[] }) => {
      const arch = options.arch === undefined ? undefined : archOption(options.arch);
      const artifacts = await pullGuest(ref, guestCacheDir(), { arch, insecure: options.insecure, onProgress: guestPullProgress() }).catch(fail);
      process.stdout.write(`${JSON.stringify(artifacts, null, 2)}\n`);
    });

  guest
    .command("prune")
    .description("remove guest artifacts that no current build or pull uses and no running process leases")
    .option("--dry-run", "only list what would be removed")
    .action(async (options: { dryRun?: boolean }) => {
      const { removed, freedBytes } = await pruneGuestCache(guestCacheDir(), { dryRun: options.dryRun }).catch(fail);
      const verb = options.dryRun ? "would remove" : "removed";
      for (const entry of removed) process.stdout.write(`${verb} ${entry.path} (${formatBytes(entry.bytes)})\n`);
      process.stdout.write(`${options.dryRun ? "would free" : "freed"} ${formatBytes(freedBytes)} in ${removed.length} entr${removed.length === 1 ? "y" : "ies"}\n`);
    });

  function archOption(value: string | undefined): GuestArch {
    try {
      return value === undefined ? hostGuestArch() : parseGuestArch(value);
    } catch (error) {
      return program.error((error as Error).message);
    }
  }

  function rootfsOption(value: string): RootfsVariant | false {
    if (value === "none") return false;
    if (!ROOTFS_VARIANTS.includes(value as RootfsVariant)) program.error(`unknown root filesystem "${value}": use ${ROOTFS_VARIANTS.join(", ")} or none`);
    return value as RootfsVariant;
  }

  const ps = program
    .command("ps")
    .description("list this user's running boxes, with the tokens and money each has spent on its model so far")
    .option("--audit-dir <dir>", "where the boxes' audit logs are kept", defaultAuditDir());
  addLogLevelOption(ps).action(async (options: { auditDir: string; logLevel?: string }) => {
    const log = commandLoggers(ps, options.logLevel)("ps");
    try {
      const boxes = await listLiveBoxes();
      log.debug("boxes listed", { boxes: boxes.length, auditDir: options.auditDir });
      const rows = [["ID", "STATE", "BACKEND", "NETWORK", "OWNER PID", "CREATED", "TOKENS IN/OUT", "COST", "WORKSPACE"]];
      for (const b of boxes) {
        const spend = auditSpend(await readAuditLog(options.auditDir, b.id));
        const tokens = `${spend.inputTokens}/${spend.outputTokens}`;
        rows.push([b.id, b.state, b.backend, b.network, String(b.ownerPid), b.createdAt, tokens, spendLabel(spend), b.workspace]);
      }
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const row of rows) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()}\n`);
    } catch (error) {
      const e = A3sError.from(error);
      log.error(e.message, { code: e.code });
      process.exitCode = 1;
    }
  });

  program
    .command("stop")
    .description("stop a running box (its owner sees it stopped)")
    .argument("<id>", "the box id, or a unique prefix of it")
    .action(async (prefix: string) => {
      const matches = (await listLiveBoxes()).filter((b) => b.id.startsWith(prefix));
      if (matches.length !== 1) {
        program.error(matches.length === 0 ? `no running box has an id starting with "${prefix}"` : `"${prefix}" matches ${matches.length} boxes; give more of the id`);
      }
      const box = matches[0]!;
      if (box.vmPid === undefined || !isVmProcessOf(box.vmPid, box.id)) program.error(`box ${box.id} has no VM process to stop`);
      writeFileSync(stopRequestFile(box.id), "");
      process.kill(box.vmPid!, "SIGTERM");
      process.stdout.write(`${box.id}\n`);
    });
}

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

function fail(error: unknown): never {
  process.stderr.write(`a3s-box: ${A3sError.from(error).message}\n`);
  process.exit(1);
}
