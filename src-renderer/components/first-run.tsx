import { useState } from "react";
import type { GuestStatus, GuestTask } from "../../common/box-api";
import { useGuest } from "./stores";

function TaskProgress({ task }: { task: GuestTask }) {
  const what = task.kind === "build" ? "Building the guest" : `Pulling ${task.ref ?? "the guest"}`;
  return (
    <section aria-label="Guest progress">
      <h3>{what}</h3>
      <progress aria-label={what} max={1} {...(task.fraction === undefined ? {} : { value: task.fraction })} />
      <p role="status">{task.done ? (task.error ? (task.error.code === "CANCELLED" ? "Cancelled." : "Failed.") : "Done.") : task.message}</p>
      <details>
        <summary>Details</summary>
        <pre className="guest-log" aria-label="Guest log">{task.log.join("\n")}</pre>
      </details>
    </section>
  );
}

/** What stands between this host and a first box, in one sentence per thing. */
function Problem({ status }: { status: GuestStatus }) {
  const failed = status.task?.done && status.task.error && status.task.error.code !== "CANCELLED" ? status.task : undefined;
  if (!failed && status.state !== "missing") return null;
  return (
    <div className="first-run-problem" role="alert">
      {failed && <p>{failed.kind === "build" ? "The build failed" : `The pull of ${failed.ref} failed`}: {failed.error!.message}</p>}
      {status.state === "missing" && !status.build.possible && (
        <p>
          No box can start until a guest is here: {status.missing}, this host cannot build one ({status.build.reason}){failed?.kind === "pull" ? ", and the pull did not succeed" : ""}. Pull
          a guest pushed with <code>a3s-box guest push</code> from a Debian or Ubuntu machine.
        </p>
      )}
    </div>
  );
}

/**
 * The first run: the guest that boxes boot is not here yet. Offers to build it (where this
 * host can) or to pull a prebuilt one, shows the builder's or puller's progress, and says
 * plainly what is missing when neither works.
 */
export function FirstRun() {
  const status = useGuest((s) => s.status)!;
  const error = useGuest((s) => s.error);
  const { prepare, cancel, dismiss } = useGuest((s) => s);
  const [ref, setRef] = useState(status.defaultRef);
  const busy = status.state === "preparing";
  return (
    <main className="first-run" aria-label="Set up A3S Box">
      <h2>Set up the guest</h2>
      <p>
        Each box is a small virtual machine that boots a guest: a Linux kernel, an initramfs, the agent and a root filesystem, for this computer&apos;s
        architecture ({status.arch}).{" "}
        {status.state === "ready" ? "The guest is ready." : `It is not here yet: ${status.missing ?? "missing"}.`}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <Problem status={status} />
      {status.task && <TaskProgress task={status.task} />}
      {status.state === "ready" ? (
        <button type="button" onClick={dismiss}>Continue</button>
      ) : (
        <div className="first-run-choices">
          <section aria-label="Build">
            <h3>Build it here</h3>
            <p className="hint">
              {status.build.possible
                ? "From Debian packages and the npm registry; a few minutes, once."
                : `Not possible on this computer: ${status.build.reason}.`}
            </p>
            <button type="button" disabled={busy || !status.build.possible} onClick={() => void prepare({ source: "build" })}>Build the guest</button>
          </section>
          <section aria-label="Pull">
            <h3>Pull a prebuilt one</h3>
            <label>
              Guest reference
              <input value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} />
            </label>
            <button type="button" disabled={busy || !ref.trim()} onClick={() => void prepare({ source: "pull", ref: ref.trim() })}>Pull the guest</button>
          </section>
          {busy && <button type="button" onClick={() => void cancel()}>Cancel</button>}
        </div>
      )}
    </main>
  );
}
