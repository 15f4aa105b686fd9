import { A3sError, ErrorCodes, type ErrorCode } from "../common/errors";

/** What to check, for the failures a user can fix before starting the app again. */
function hint(code: ErrorCode, stateDir: string): string | undefined {
  if (code === ErrorCodes.PERMISSION_DENIED) return `check that your user may read and write ${stateDir}`;
  if (code === ErrorCodes.UNAVAILABLE) return "check that the disk has free space";
  return undefined;
}

/** The error box main shows when BoxService cannot open: the message, its code, where the state lives. */
export function startupFailureDialog(error: unknown, stateDir: string): { title: string; content: string } {
  const { code, message } = A3sError.from(error);
  const what = hint(code, stateDir);
  return {
    title: "A3S Box could not start",
    content: `${message}\n\n(${code}) The app keeps its state in ${stateDir}${what ? `; ${what}` : ""}.`,
  };
}
