/**
 * The workspace panel's state: the file tree (folders loaded as they are expanded), the
 * open file with its unsaved draft, and refreshes when the agent changes files.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { BoxApi, BoxEvent, FileEntry } from "../../common/box-api";

export interface OpenFile {
  path: string;
  /** The content as last read from or written to the workspace. */
  saved: string;
  draft: string;
  /** The file changed in the workspace while the draft had unsaved edits. */
  changedOnDisk: boolean;
}

export interface WorkspaceState {
  boxId?: string;
  /** Folder path ("" = the workspace) → its entries, for every loaded folder. */
  dirs: Record<string, FileEntry[]>;
  expanded: string[];
  file?: OpenFile;
  error?: string;

  openBox(boxId: string): Promise<void>;
  toggleDir(path: string): Promise<void>;
  openFile(path: string): Promise<void>;
  edit(draft: string): void;
  save(): Promise<void>;
  handleEvent(event: BoxEvent): Promise<void>;
}

export type WorkspaceStore = StoreApi<WorkspaceState>;

export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function sortEntries(entries: FileEntry[]): FileEntry[] {
  return entries.toSorted((a, b) => (a.type === "dir") !== (b.type === "dir") ? (a.type === "dir" ? -1 : 1) : a.name.localeCompare(b.name));
}

export function isDirty(file: OpenFile | undefined): boolean {
  return file !== undefined && file.draft !== file.saved;
}

export function createWorkspaceStore(api: BoxApi): WorkspaceStore {
  return createStore<WorkspaceState>()((set, get) => {
    async function loadDir(boxId: string, path: string): Promise<void> {
      try {
        const entries = sortEntries(await api.listDir(boxId, path));
        if (get().boxId === boxId) set((s) => ({ dirs: { ...s.dirs, [path]: entries } }));
      } catch (error) {
        if (get().boxId === boxId) set({ error: (error as Error).message });
      }
    }

    async function reloadFile(boxId: string, path: string): Promise<void> {
      try {
        const { content } = await api.readFile(boxId, path);
        const file = get().file;
        if (get().boxId !== boxId || file?.path !== path) return;
        if (isDirty(file)) set({ file: { ...file, changedOnDisk: content !== file.saved } });
        else set({ file: { path, saved: content, draft: content, changedOnDisk: false } });
      } catch {
        const file = get().file;
        if (file?.path === path) set({ file: { ...file, changedOnDisk: true } });
      }
    }

    return {
      dirs: {},
      expanded: [],

      async openBox(boxId) {
        set({ boxId, dirs: {}, expanded: [], file: undefined, error: undefined });
        await loadDir(boxId, "");
      },

      async toggleDir(path) {
        const { boxId, expanded } = get();
        if (!boxId) return;
        if (expanded.includes(path)) {
          set({ expanded: expanded.filter((p) => p !== path) });
          return;
        }
        set({ expanded: [...expanded, path] });
        await loadDir(boxId, path);
      },

      async openFile(path) {
        const boxId = get().boxId;
        if (!boxId) return;
        try {
          const { content } = await api.readFile(boxId, path);
          set({ file: { path, saved: content, draft: content, changedOnDisk: false }, error: undefined });
        } catch (error) {
          set({ error: (error as Error).message });
        }
      },

      edit(draft) {
        const file = get().file;
        if (file) set({ file: { ...file, draft } });
      },

      async save() {
        const { boxId, file } = get();
        if (!boxId || !file) return;
        try {
          await api.writeFile(boxId, file.path, file.draft);
          const current = get().file;
          if (current?.path === file.path) set({ file: { ...current, saved: file.draft, changedOnDisk: false }, error: undefined });
        } catch (error) {
          set({ error: (error as Error).message });
        }
      },

      async handleEvent(event) {
        const boxId = get().boxId;
        if (event.type !== "file-change" || event.boxId !== boxId) return;
        const parent = parentOf(event.path);
        const reloads: Promise<void>[] = [];
        if (get().dirs[parent]) reloads.push(loadDir(boxId, parent));
        if (get().file?.path === event.path) reloads.push(reloadFile(boxId, event.path));
        await Promise.all(reloads);
      },
    };
  });
}
