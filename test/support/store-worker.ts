// Run as a separate process by store-lock tests: adds references to a shared store in
// read-modify-write cycles that yield in the middle, so unlocked writers would lose updates.
import { ImageStore } from "../../runtime/image";

const [root, name, rounds] = process.argv.slice(2) as [string, string, string];
const store = new ImageStore({ root });
for (let i = 0; i < Number(rounds); i++) {
  await store.update(async (index) => {
    const seen = Object.keys(index.refs).length;
    await new Promise((resolve) => setTimeout(resolve, 2));
    index.refs[`example.com/${name}:${i}`] = `sha256:${String(seen).padStart(64, "0")}`;
  });
}
