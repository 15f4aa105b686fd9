// A host that looks like the desktop app (see electron-standin.mjs): BoxService with the VM
// launcher boots a real box for the workspace in argv[2], then one session runs one bash
// call (the model is the test server named in the environment). Prints one JSON line: the
// box's final state and the tool's output.
import { BoxService } from "../../runtime/service/box-service";
import { FileSecretStore } from "../../runtime/service/secret-store";
import { VmBoxLauncher } from "../../runtime/service/vm-box-launcher";

const [workspace, stateDir] = process.argv.slice(2) as [string, string];
const until = async <T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 500))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error("timed out");
};

const service = await BoxService.open({ stateDir, secrets: new FileSecretStore(stateDir), host: "electron", version: "test", launcher: new VmBoxLauncher(stateDir) });
try {
  const { id } = await service.createBox({ workspace });
  const box = await until(async () => (await service.listBoxes()).find((b) => b.id === id && (b.state === "ready" || b.state === "failed")), 15 * 60_000);
  let output: string | undefined;
  if (box.state === "ready") {
    const session = await service.createSession(id, { policy: { allow: ["bash"], ask: [], deny: [], default: "allow" } });
    await service.send(session.id, "Which machine is this?");
    output = await until(async () => {
      const tool = (await service.getTranscript(session.id)).find((item) => item.kind === "tool");
      return tool?.kind === "tool" && tool.status !== "running" ? `${tool.status}: ${tool.output}` : undefined;
    }, 5 * 60_000);
  }
  console.log(JSON.stringify({ state: box.state, error: box.error?.message, output }));
} finally {
  await service.dispose();
}
