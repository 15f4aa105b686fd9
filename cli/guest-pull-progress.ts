/**
 * `a3s-box guest pull`'s progress on stderr: on a terminal the percent line is redrawn in
 * place; elsewhere (logs, CI) a percent line only every 10 percent, so a pull prints about
 * ten of them, not a hundred. Other messages (a blob downloaded, unpacking) always print.
 */
export function guestPullProgress(stream: NodeJS.WriteStream = process.stderr): (message: string, fraction?: number, tick?: "tick") => void {
  let shownStep = -1;
  let redrawing = false;
  return (message, fraction, tick) => {
    if (tick && stream.isTTY) {
      stream.write(`\r\x1b[K${message}`);
      redrawing = true;
      return;
    }
    if (tick) {
      const step = Math.floor((fraction ?? 0) * 10);
      if (step <= shownStep) return;
      shownStep = step;
    }
    stream.write(`${redrawing ? "\r\x1b[K" : ""}${message}\n`);
    redrawing = false;
  };
}
