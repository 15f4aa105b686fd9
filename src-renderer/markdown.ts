/**
 * Agent output as Markdown, sanitised: no script, no event handlers, no remote images or
 * frames; links open outside the app. The CSP is the second wall behind this one.
 */
import DOMPurify from "dompurify";
import { marked } from "marked";

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") ?? "";
    if (!/^https?:\/\//i.test(href)) node.removeAttribute("href");
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  if (node.tagName === "IMG" && !/^data:image\/(png|gif|jpeg|webp);/i.test(node.getAttribute("src") ?? "")) {
    node.removeAttribute("src");
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "video", "audio", "source", "svg", "math"],
    FORBID_ATTR: ["style", "srcset"],
  });
}
