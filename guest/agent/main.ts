// The agent program: `node agent.cjs --listen <host:port | unix:/path> [--token SECRET]`.
// Prints one line `listening <address>` when ready, so a parent process can wait for it.
import { parseArgs } from "node:util";
import { startAgentServer } from "./server";

const { values } = parseArgs({
  options: {
    listen: { type: "string", default: "127.0.0.1:4088" },
    token: { type: "string" },
  },
});

startAgentServer({ listen: values.listen!, token: values.token ?? process.env["A3S_AGENT_TOKEN"] }).then(
  ({ server, address }) => {
    process.stdout.write(`listening ${address}\n`);
    const stop = () => server.tryShutdown(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
  (err: unknown) => {
    process.stderr.write(`a3s-box agent: cannot listen on ${values.listen}: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
