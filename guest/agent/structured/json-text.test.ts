import { expect, it } from "vitest";
import { extractJsonText, stripThinking } from "./json-text";

it("drops thinking blocks, finished or still open", () => {
  expect(stripThinking("<think>hmm {\"no\":1}</think>{\"a\":1}")).toBe('{"a":1}');
  expect(stripThinking('{"a":1}<think>still going')).toBe('{"a":1}');
});

it("prefers a fenced block, else the outermost object or array", () => {
  expect(extractJsonText('Sure!\n```json\n{"a": [1, 2]}\n```\nAnything else?')).toBe('{"a": [1, 2]}');
  expect(extractJsonText('```\n[1]\n```')).toBe("[1]");
  expect(extractJsonText('Here: {"a": {"b": 1}} hope it helps')).toBe('{"a": {"b": 1}}');
  expect(extractJsonText("<think>{draft}</think> [3, 4]")).toBe("[3, 4]");
  expect(extractJsonText("no json at all")).toBe("no json at all");
});

it("works on unfinished text", () => {
  expect(extractJsonText('```json\n{"name": "Ad')).toBe('{"name": "Ad');
  expect(extractJsonText('<think>x</think>{"list": [1, 2')).toBe('{"list": [1, 2');
});
