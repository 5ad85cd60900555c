// The terminal: asking for a secret. Text for it is made safe by terminalSafe (crawler/model/invisible.ts).
//
// Written here rather than taken from a library, for a reason: npm's `read` (6.0, the kept one),
// tried for this, turns echo off only when the output is a terminal (ours is stderr, which may be
// redirected while the keyboard is not), and never settles when Ctrl-D ends the input on an empty
// line (its readline closes without a line, and nothing rejects). @inquirer/password draws a
// prompt UI on stdout. This needs neither: raw mode on stdin before the prompt, and an answer for
// Enter, Ctrl-C and Ctrl-D.

/**
 * Asks for a secret on the terminal without echoing it: raw mode, so the terminal itself prints
 * nothing of what is typed. Undefined when stdin is not a terminal (nothing to ask) or the person
 * pressed Ctrl-C or Ctrl-D.
 */
export function askHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string | undefined> {
  if (!input.isTTY) return Promise.resolve(undefined);
  // Echo off before the prompt shows: setRawMode waits for the terminal's output to drain, so
  // switching after the prompt left a moment when a password typed at the prompt was echoed.
  input.setRawMode(true);
  output.write(prompt);
  return new Promise((resolve) => {
    let typed = "";
    const finish = (value: string | undefined) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish(typed);
        if (char === "\u0003" || char === "\u0004") return finish(undefined);
        if (char === "\u007f" || char === "\b") typed = Array.from(typed).slice(0, -1).join("");
        else if (char >= " ") typed += char;
      }
    };
    input.resume();
    input.on("data", onData);
  });
}
