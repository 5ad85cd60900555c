// The daemon's log: one JSON object a line when not on a terminal (for journald and log
// shippers), readable lines on a terminal. Its fields carry what remote peers sent (a stanza's
// type, a from): on a terminal they are written terminal-safe, as everything the CLI prints, and
// in JSON each invisible character is an escape.
import { jsonSafe, terminalSafe } from "./model/invisible.ts";

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Logger {
  return {
    log(level, event, fields = {}) {
      const time = new Date().toISOString();
      if (stream.isTTY) {
        const rest = Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" ");
        stream.write(terminalSafe(`${time} ${level.toUpperCase().padEnd(5)} ${event}${rest ? ` ${rest}` : ""}`) + "\n");
      } else {
        stream.write(`${jsonSafe(JSON.stringify({ time, level, event, ...fields }))}\n`);
      }
    },
  };
}
