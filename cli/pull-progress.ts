import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { Logger } from "../common/node/logger";
import type { ImageProgress } from "../runtime/image";

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

const short = (digest: string) => digest.slice(7, 19);

/**
 * Progress for `image pull`: a bar per blob on a terminal, for a person; elsewhere (logs, CI,
 * tests) log lines: `info` per resolved image and finished blob, `warn` per retry or warning.
 */
export function pullProgress(log: Logger, stream: NodeJS.WriteStream = process.stderr): { onProgress: (e: ImageProgress) => void; stop: () => void } {
  const multibar =
    stream.isTTY === true
      ? new MultiBar(
          {
            stream,
            format: "{digest} |{bar}| {received} / {size}",
            hideCursor: true,
            clearOnComplete: false,
            formatValue: (value, _options, type) => (type === "value" || type === "total" ? formatBytes(value) : String(value)),
          },
          Presets.shades_classic,
        )
      : undefined;
  const bars = new Map<string, SingleBar>();
  const bar = (digest: string, total: number) => {
    let b = bars.get(digest);
    if (!b && multibar) {
      b = multibar.create(total, 0, { digest: short(digest), received: formatBytes(0), size: formatBytes(total) });
      bars.set(digest, b);
    }
    return b;
  };
  const onProgress = (e: ImageProgress) => {
    switch (e.type) {
      case "resolved":
        if (multibar) multibar.log(`${e.ref}: ${e.digest} (${e.layers} layers)\n`);
        else log.info("resolved", { ref: e.ref, digest: e.digest, layers: e.layers });
        break;
      case "download":
        bar(e.digest, e.total)?.update(e.received, { received: formatBytes(e.received) });
        break;
      case "downloaded":
        if (multibar) bar(e.digest, e.total)?.update(e.total, { received: e.cached ? "already here" : formatBytes(e.total) });
        else log.info(e.cached ? "blob already here" : "blob downloaded", { digest: e.digest, bytes: e.total });
        break;
      case "retry":
        if (multibar) multibar.log(`${short(e.digest)}: retrying (${e.reason})\n`);
        else log.warn("retrying a blob", { digest: e.digest, attempt: e.attempt, reason: e.reason });
        break;
      case "warning":
        if (multibar) multibar.log(`warning: ${e.message}\n`);
        else log.warn(e.message);
        break;
      case "unpack":
        break;
    }
  };
  let stopped = false;
  const stop = () => {
    if (!stopped) multibar?.stop();
    stopped = true;
  };
  return { onProgress, stop };
}
