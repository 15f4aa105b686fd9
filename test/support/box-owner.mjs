// Owns boxes for test/vm-owner.test.ts: boots `count` boxes in the workspace given, prints
// one JSON line per box (with its agent address and token) and per state change, then waits to be stopped or killed.
import { Box } from "../../dist/sdk/index.js";

const [workspace, count] = process.argv.slice(2);
const boxes = await Promise.all(
  Array.from({ length: Number(count) }, () => Box.create({ workspace, network: "none", memoryMiB: 512 })),
);
for (const box of boxes) console.log(JSON.stringify({ id: box.id, vmPid: box.vmPid, state: box.state, agent: box.agent }));
setInterval(() => {
  for (const box of boxes) console.log(JSON.stringify({ id: box.id, state: box.state }));
}, 200);
