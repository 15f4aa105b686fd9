/** Tool output beyond this many characters is cut, with a marker saying how much was left out. */
export const MAX_TOOL_OUTPUT_CHARS = 30_000;

export function truncateOutput(text: string, limit = MAX_TOOL_OUTPUT_CHARS): string {
  if (text.length <= limit) return text;
  const omitted = text.length - limit;
  return `${text.slice(0, limit)}\n… [output truncated: ${omitted} more characters not shown]`;
}
