import { MultiBar, Presets, type SingleBar } from "cli-progress";
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
 * Progress for `image pull`: a bar per blob on a terminal, one line per finished blob
 * otherwise (logs, CI, tests).
 */
export function pullProgress(stream: NodeJS.WriteStream = process.stderr): { onProgress: (e: ImageProgress) => void; stop: () => void } {
  const tty = stream.isTTY === true;
  const multibar = tty
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
        else stream.write(`${e.ref}: ${e.digest} (${e.layers} layers)\n`);
        break;
      case "download":
        bar(e.digest, e.total)?.update(e.received, { received: formatBytes(e.received) });
        break;
      case "downloaded":
        if (multibar) bar(e.digest, e.total)?.update(e.total, { received: e.cached ? "already here" : formatBytes(e.total) });
        else stream.write(`${short(e.digest)}: ${e.cached ? "already here" : `downloaded ${formatBytes(e.total)}`}\n`);
        break;
      case "retry":
        if (multibar) multibar.log(`${short(e.digest)}: retrying (${e.reason})\n`);
        else stream.write(`${short(e.digest)}: retrying (${e.reason})\n`);
        break;
      case "unpack":
      case "warning":
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
