import type { CompactResult } from "../../../common/agent-replies";
import type { Usage } from "../../../common/chunks";
import type { SessionMessage } from "../session/session-record";
import type { TurnContext } from "./agent-loop";
import { recordStepUsage } from "./agent-loop";
import { streamWithRetry } from "./retry";

/** User turns kept word for word; everything older is summarised. */
export const KEEP_RECENT_TURNS = 2;

export type CompactContext = Pick<TurnContext, "session" | "provider" | "model" | "contextWindow" | "retry" | "persist" | "signal">;

/**
 * Summarises the turns before the last KEEP_RECENT_TURNS with the model, keeps the recent
 * ones, and stores the summary with the session (it travels with the system prompt).
 * Tokens before are the provider's count at the last step; tokens after are an estimate
 * (4 characters a token) until the next step reports real usage.
 */
export async function compactSession(ctx: CompactContext): Promise<CompactResult> {
  const { session } = ctx;
  const messagesBefore = session.messages.length;
  const tokensBefore = session.usedTokens || estimateTokens(session.summary ?? "", session.messages);
  const cut = startOfRecentTurns(session.messages);
  if (cut === 0) return { tokensBefore, tokensAfter: tokensBefore, messagesBefore, messagesAfter: messagesBefore };

  const older = session.messages.slice(0, cut);
  const request = {
    model: ctx.model,
    system: "You compress conversations between a user and a coding agent so that the agent can continue the work.",
    messages: [{ role: "user" as const, text: summaryRequest(session.summary, older), createdAtMs: Date.now() }],
    tools: [],
    thinking: false,
    contextWindow: ctx.contextWindow,
  };
  let summary = "";
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  for await (const event of streamWithRetry(() => ctx.provider.stream(request, ctx.signal), ctx.retry, ctx.signal)) {
    if (event.type === "text-delta") summary += event.text;
    else if (event.type === "finish") recordStepUsage(session, usage, event.usage);
  }
  session.summary = summary.trim();
  session.messages = session.messages.slice(cut);
  session.usedTokens = estimateTokens(session.summary, session.messages);
  await ctx.persist();
  return { tokensBefore, tokensAfter: session.usedTokens, messagesBefore, messagesAfter: session.messages.length };
}

function startOfRecentTurns(messages: SessionMessage[]): number {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === "user" && ++seen === KEEP_RECENT_TURNS) return i;
  }
  return 0;
}

function summaryRequest(previous: string | undefined, older: SessionMessage[]): string {
  const transcript = older.map(render).join("\n");
  return [
    "Summarise the conversation below for your own later use: the user's goals, what was done (files read, written and edited, commands run and their outcomes), decisions, and what is still open. Be concise and concrete.",
    previous ? `\nAn earlier summary, to fold in:\n${previous}` : "",
    `\n<conversation>\n${transcript}\n</conversation>`,
  ].join("\n");
}

function render(m: SessionMessage): string {
  if (m.role === "user") return `USER: ${m.text}`;
  if (m.role === "assistant") {
    const calls = m.toolCalls.map((c) => `\n  [calls ${c.name} ${JSON.stringify(c.args)}]`).join("");
    return `ASSISTANT: ${m.text}${calls}`;
  }
  return m.toolResults.map((r) => `TOOL ${r.name}${r.isError ? " (error)" : ""}: ${r.output.slice(0, 2000)}`).join("\n");
}

function estimateTokens(summary: string, messages: SessionMessage[]): number {
  const chars = messages.reduce((sum, m) => sum + render(m).length, summary.length);
  return Math.ceil(chars / 4);
}
