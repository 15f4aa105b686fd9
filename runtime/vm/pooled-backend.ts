import type { VmBackend, VmProcess, VmSpec } from "./backend";
import type { QemuBackend, UnassignedVm } from "./qemu/qemu-backend";
import { markTake } from "./take-timeline";
import type { MakeUnassignedVm, VmPool } from "./vm-pool";

type PoolSpec = Omit<VmSpec, "id" | "runDir" | "serialLogPath">;

/** The pool's kind of VMs like `spec` and how to make one, or why `backend` keeps none. */
async function poolKind(backend: QemuBackend, spec: PoolSpec): Promise<{ key: string; make: MakeUnassignedVm } | { unavailable: string }> {
  const kind = await backend.poolKey(spec);
  if ("unavailable" in kind) return kind;
  // The pool keeps the kind, never a box's folders.
  const shape = { ...spec, shares: spec.shares.map((share) => ({ ...share, hostPath: "" })) };
  return { key: kind.key, make: (dir, signal) => backend.restoreUnassigned(shape, dir, signal) };
}

/** Fills `pool` with VMs like `spec`; resolves when it is full for them (or says why not). */
export async function fillPool(pool: VmPool, backend: QemuBackend, spec: PoolSpec, onWarning: (message: string) => void): Promise<void> {
  const kind = await poolKind(backend, spec);
  if ("unavailable" in kind) return onWarning(`the warm pool is off: ${kind.unavailable}`);
  await pool.fill(kind.key, kind.make);
}

/**
 * `backend`, launching each VM from `pool` when a VM of its kind is waiting there (attached
 * to the box's shares and services), else as `backend` does; either way the pool is refilled
 * for that kind in the background once the box's boot has ended (VmProcess.booted), not
 * before: a restore then would compete with the box for the CPUs. A pooled VM that cannot be
 * attached is killed and the box launched the usual way, with a warning, never an error.
 */
export function pooledBackend(pool: VmPool, backend: QemuBackend, onWarning: (message: string) => void): VmBackend {
  return {
    name: backend.name,
    guestEndpoints: backend.guestEndpoints,
    check: () => backend.check(),
    launch: async (spec: VmSpec): Promise<VmProcess> => {
      const kind = await poolKind(backend, spec);
      if ("unavailable" in kind) {
        onWarning(`the warm pool is off: ${kind.unavailable}`);
        return backend.launch(spec);
      }
      const refill = () => void pool.fill(kind.key, kind.make);
      let launched: VmProcess;
      try {
        launched = await launchFromPool(pool.take(kind.key), spec, backend, onWarning);
      } catch (error) {
        refill();
        throw error;
      }
      return {
        ...launched,
        booted: () => {
          launched.booted?.();
          refill();
        },
      };
    },
  };
}

/** `vm` given the box of `spec`, else (none taken, or it could not be given the box) the box launched as `backend` does. */
async function launchFromPool(vm: UnassignedVm | undefined, spec: VmSpec, backend: QemuBackend, onWarning: (message: string) => void): Promise<VmProcess> {
  markTake(spec.id, "take");
  if (!vm) return backend.launch(spec);
  try {
    await vm.attach(spec);
    return { ...vm.process, start: "pooled" };
  } catch (error) {
    onWarning(`the pooled VM could not be given box ${spec.id} (${(error as Error).message}); starting it another way`);
    await vm.process.kill();
    return backend.launch(spec);
  }
}
