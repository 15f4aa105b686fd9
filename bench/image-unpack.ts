// Layer unpacking and verified blob writes: medians over a few runs.
// Run: npx tsx bench/image-unpack.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImageStore, unpackLayer } from "../runtime/image";
import { compress, tarLayer, type TarEntry } from "../test/support/oci-builder";

const RUNS = 5;
const work = mkdtempSync(join(tmpdir(), "a3s-bench-image-"));

// 2000 small files (source-tree like) and 8 large ones: ~48 MiB, half of it compressible
const entries: TarEntry[] = [];
for (let i = 0; i < 2000; i++) entries.push({ path: `src/d${i % 50}/f${i}.txt`, data: `line ${i}\n`.repeat(100) });
for (let i = 0; i < 8; i++) entries.push({ path: `lib/big${i}.bin`, data: i % 2 ? randomBytes(4 << 20) : Buffer.alloc(4 << 20, i) });
const tar = tarLayer(entries);

async function median(fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const mib = tar.length / 2 ** 20;
console.log(`layer: ${entries.length} entries, ${mib.toFixed(1)} MiB uncompressed; median of ${RUNS} runs`);
for (const compression of ["none", "gzip", "zstd"] as const) {
  const path = join(work, `layer.${compression}`);
  writeFileSync(path, compress(tar, compression));
  let n = 0;
  const ms = await median(async () => {
    const target = join(work, `root-${compression}-${n++}`);
    await unpackLayer(path, target);
    rmSync(target, { recursive: true, force: true });
  });
  console.log(`unpack ${compression.padEnd(4)}  ${ms.toFixed(0).padStart(6)} ms  ${(mib / (ms / 1000)).toFixed(0).padStart(5)} MiB/s`);
}

const store = new ImageStore({ root: join(work, "store") });
const blob = randomBytes(64 << 20);
const ms = await median(async () => {
  const { digest } = await store.writeBlob(blob);
  rmSync(store.blobPath(digest));
});
console.log(`verified blob write (64 MiB)  ${ms.toFixed(0).padStart(6)} ms  ${(64 / (ms / 1000)).toFixed(0).padStart(5)} MiB/s`);
rmSync(work, { recursive: true, force: true });
