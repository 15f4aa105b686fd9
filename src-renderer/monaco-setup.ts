// Monaco from the local monaco-editor package (never a CDN: the CSP forbids remote code),
// with its workers bundled by Vite.
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import editorWorker from "monaco-editor/editor/editor.worker?worker";
import jsonWorker from "monaco-editor/language/json/json.worker?worker";
import cssWorker from "monaco-editor/language/css/css.worker?worker";
import htmlWorker from "monaco-editor/language/html/html.worker?worker";
import tsWorker from "monaco-editor/language/typescript/ts.worker?worker";

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === "json") return new jsonWorker();
    if (label === "css" || label === "scss" || label === "less") return new cssWorker();
    if (label === "html" || label === "handlebars" || label === "razor") return new htmlWorker();
    if (label === "typescript" || label === "javascript") return new tsWorker();
    return new editorWorker();
  },
};

loader.config({ monaco });

const LANGUAGES: Record<string, string> = {
  ts: "typescript", tsx: "typescript", js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript",
  json: "json", md: "markdown", css: "css", html: "html", py: "python", sh: "shell", yml: "yaml", yaml: "yaml",
  rs: "rust", go: "go", c: "c", h: "c", cpp: "cpp", java: "java", toml: "ini", txt: "plaintext",
};

export function languageOf(path: string): string {
  return LANGUAGES[path.split(".").at(-1)?.toLowerCase() ?? ""] ?? "plaintext";
}
