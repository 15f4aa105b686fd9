import type { Command } from "commander";
import type { Logger } from "../common/node/logger";
import { A3sError } from "../sdk";
import { addLogLevelOption, commandLoggers } from "./log-option";
import { ImageStore, importImage, imageSize, parsePlatform, parseConfigBlob, imageConfig, pullImage } from "../runtime/image";
import { formatBytes, pullProgress } from "./pull-progress";

/** `a3s-box image ls | pull | import | inspect | rm | prune`, on the store in the user's cache. */
export function addImageCommands(program: Command): void {
  const image = program.command("image").description("manage OCI images (store: $A3S_BOX_IMAGE_STORE or ~/.cache/a3s-box/images)");

  image
    .command("ls")
    .description("list images in the local store")
    .option("--json", "print JSON")
    .action(run(async (_log, options: { json?: boolean }) => {
      const store = new ImageStore();
      const index = store.readIndex();
      const rows = Object.values(index.images).flatMap((img) => {
        const refs = Object.keys(index.refs).filter((r) => index.refs[r] === img.digest);
        return (refs.length ? refs : ["<none>"]).map((ref) => ({ ref, image: img }));
      });
      if (options.json) {
        console.log(JSON.stringify(rows.map(({ ref, image: i }) => ({ ref, digest: i.digest, platform: i.platform, size: imageSize(i), lastUsed: new Date(i.lastUsed).toISOString() })), null, 2));
        return;
      }
      const table = [["REFERENCE", "ID", "PLATFORM", "SIZE", "LAST USED"], ...rows.map(({ ref, image: i }) => [ref, i.digest.slice(7, 19), i.platform ?? "", formatBytes(imageSize(i)), new Date(i.lastUsed).toISOString().replace(/\.\d+Z$/, "Z")])];
      const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
      for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
      const usage = store.usage(index);
      console.log(`\n${rows.length} reference(s); cache ${formatBytes(usage.total)} of ${formatBytes(store.maxBytes)} (${formatBytes(usage.rootfs)} unpacked)`);
    }));

  image
    .command("pull")
    .description("pull an image from a registry (OCI distribution spec)")
    .argument("<ref>", "image reference, e.g. localhost:5000/team/app:1 or alpine@sha256:…")
    .option("--platform <os/arch[/variant]>", "which image of a multi-platform index (default: linux and this CPU)")
    .option("--insecure <registry...>", "registries (host:port) that may be reached over plain HTTP; localhost always may")
    .action(run(async (log, ref: string, options: { platform?: string; insecure?: string[] }) => {
      const progress = pullProgress(log);
      const pulled = await pullImage(ref, {
        ...(options.platform ? { platform: parsePlatform(options.platform) } : {}),
        ...(options.insecure ? { insecure: options.insecure } : {}),
        onProgress: progress.onProgress,
      }).finally(progress.stop);
      console.log(`pulled ${pulled.ref}\ndigest: ${pulled.digest}`);
    }));

  image
    .command("import")
    .description("import an OCI image layout folder, or a `docker save` / OCI layout tar archive (optionally gzip)")
    .argument("<path>")
    .option("--tag <ref>", "name the imported image")
    .option("--platform <os/arch[/variant]>", "which image of a multi-platform layout")
    .action(run(async (_log, path: string, options: { tag?: string; platform?: string }) => {
      const imported = await importImage(new ImageStore(), path, {
        ...(options.tag ? { tag: options.tag } : {}),
        ...(options.platform ? { platform: parsePlatform(options.platform) } : {}),
      });
      for (const i of imported) {
        console.log(`imported ${i.digest}${i.refs.length ? ` as ${i.refs.join(", ")}` : " (untagged: name it with --tag)"}`);
      }
    }));

  image
    .command("inspect")
    .description("show an image's record and config as JSON")
    .argument("<ref>", "reference, digest or id prefix")
    .action(run(async (_log, ref: string) => {
      const store = new ImageStore();
      const index = store.readIndex();
      const record = store.find(ref, index);
      if (!record) throw new A3sError("NOT_FOUND", `no image "${ref}" in the store (see \`a3s-box image ls\`)`);
      const config = imageConfig(parseConfigBlob(await store.readBlob(record.config.digest)));
      const refs = Object.keys(index.refs).filter((r) => index.refs[r] === record.digest);
      console.log(JSON.stringify({ ...record, refs, size: imageSize(record), imageConfig: config }, null, 2));
    }));

  image
    .command("rm")
    .description("remove references; an image goes when none is left (or when named by id)")
    .argument("<refs...>")
    .action(run(async (_log, refs: string[]) => {
      const store = new ImageStore();
      for (const ref of refs) {
        const { untagged, deleted } = await store.remove(ref);
        for (const u of untagged) console.log(`untagged ${u}`);
        for (const d of deleted) console.log(`deleted ${d}`);
      }
    }));

  image
    .command("prune")
    .description("remove untagged images, unused root filesystems and leftovers")
    .action(run(async () => {
      const { images, rootfs, freedBytes } = await new ImageStore().prune();
      console.log(`removed ${images.length} untagged image(s) and ${rootfs.length} unpacked root filesystem(s); freed ${formatBytes(freedBytes)}`);
    }));

  for (const sub of image.commands) addLogLevelOption(sub);
}

/**
 * Runs an action with the command's logger (component `image`, `--log-level` else A3S_LOG);
 * a failure is one `error` line with its code, and exit status 1, rather than a stack trace.
 */
function run<A extends unknown[]>(action: (log: Logger, ...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args.at(-1) as Command;
    const log = commandLoggers(command, (command.opts() as { logLevel?: string }).logLevel)("image");
    try {
      await action(log, ...args);
    } catch (error) {
      const e = A3sError.from(error);
      log.error(e.message, { code: e.code });
      process.exitCode = 1;
    }
  };
}
