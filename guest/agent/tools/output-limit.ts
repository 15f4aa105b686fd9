/** Tool output beyond this many characters is cut, with a marker saying how much was left out. */
export const MAX_TOOL_OUTPUT_CHARS = 30_000;
