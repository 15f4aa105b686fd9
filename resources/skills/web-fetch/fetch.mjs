// fetch_url: reads {"url", "max_chars"} on stdin, prints the response as text.
const DEFAULT_MAX_CHARS = 20_000;
const TIMEOUT_MS = 30_000;

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function htmlToText(html) {
  return html
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|section|article|li|tr|h[1-6]|pre|blockquote|table|ul|ol)\s*>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\f\v]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { url, max_chars: maxChars = DEFAULT_MAX_CHARS } = JSON.parse(input);

let response;
try {
  response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(TIMEOUT_MS), headers: { "user-agent": "a3s-box-web-fetch/1.0" } });
} catch (err) {
  const why = err.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : (err.cause?.message ?? err.message);
  process.stderr.write(`cannot fetch ${url}: ${why}\n`);
  process.exit(1);
}
const type = response.headers.get("content-type") ?? "";
const raw = await response.text();
const text = /html/i.test(type) ? htmlToText(raw) : raw;
const body = text.length > maxChars ? `${text.slice(0, maxChars)}\n… [cut: ${text.length - maxChars} more characters]` : text;
process.stdout.write(`URL: ${response.url}\nStatus: ${response.status} ${response.statusText}\nContent-Type: ${type}\n\n${body}\n`);
process.exitCode = response.status >= 400 ? 1 : 0;
