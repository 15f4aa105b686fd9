import Editor from "@monaco-editor/react";
import type { KeyboardEvent } from "react";
import type { FileEntry } from "../../common/box-api";
import { languageOf } from "../monaco-setup";
import { isDirty } from "../state/workspace-store";
import { systemTheme, useWorkspace } from "./stores";

function TreeLevel({ dir, level }: { dir: string; level: number }) {
  const entries = useWorkspace((s) => s.dirs[dir]);
  if (!entries) return null;
  return (
    <>
      {entries.map((entry) => <TreeItem key={entry.path} entry={entry} level={level} />)}
    </>
  );
}

function TreeItem({ entry, level }: { entry: FileEntry; level: number }) {
  const expanded = useWorkspace((s) => s.expanded.includes(entry.path));
  const selected = useWorkspace((s) => s.file?.path === entry.path);
  const toggleDir = useWorkspace((s) => s.toggleDir);
  const openFile = useWorkspace((s) => s.openFile);
  const isDir = entry.type === "dir";
  const activate = () => void (isDir ? toggleDir(entry.path) : openFile(entry.path));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      e.stopPropagation();
      activate();
    }
  };
  return (
    <li
      role="treeitem"
      aria-label={entry.name}
      aria-level={level}
      aria-selected={selected}
      aria-expanded={isDir ? expanded : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        e.stopPropagation();
        activate();
      }}
    >
      <span className={`tree-label ${isDir ? "dir" : "file"}`} style={{ paddingLeft: `${(level - 1) * 12}px` }}>
        {isDir ? (expanded ? "▾ " : "▸ ") : ""}
        {entry.name}
      </span>
      {isDir && expanded && (
        <ul role="group">
          <TreeLevel dir={entry.path} level={level + 1} />
        </ul>
      )}
    </li>
  );
}

function FileEditor() {
  const file = useWorkspace((s) => s.file);
  const edit = useWorkspace((s) => s.edit);
  const save = useWorkspace((s) => s.save);
  if (!file) return <p className="empty">Pick a file to view it.</p>;
  const dirty = isDirty(file);
  return (
    <div className="file-editor">
      <div className="file-bar">
        <span className="file-path">{file.path}{dirty ? " •" : ""}</span>
        {file.changedOnDisk && <span className="warning">changed in the workspace; saving overwrites it</span>}
        <button type="button" disabled={!dirty} onClick={() => void save()}>Save</button>
      </div>
      <Editor
        height="100%"
        path={file.path}
        value={file.draft}
        language={languageOf(file.path)}
        theme={systemTheme() === "dark" ? "vs-dark" : "vs"}
        options={{ minimap: { enabled: false }, scrollBeyondLastLine: false, automaticLayout: true }}
        onChange={(value) => edit(value ?? "")}
        onMount={(editor, monaco) => {
          editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void save());
        }}
      />
    </div>
  );
}

export function WorkspacePanel() {
  const error = useWorkspace((s) => s.error);
  const boxId = useWorkspace((s) => s.boxId);
  return (
    <section className="workspace" aria-label="Workspace">
      <h2>Workspace</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {boxId && (
        <ul className="file-tree" role="tree" aria-label="Workspace files">
          <TreeLevel dir="" level={1} />
        </ul>
      )}
      <FileEditor />
    </section>
  );
}
