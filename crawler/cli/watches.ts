// observatory watches: who watches which domain (the chat command `watch`), for the observatory's operator.
import { withStore } from "./context.ts";
import { EXIT } from "./exit.ts";
import { terminalSafe } from "../model/invisible.ts";

export function watchesCommand(options: { json: boolean }): Promise<number> {
  return withStore((store) => {
    const watches = store.chat.allWatches();
    if (options.json) process.stdout.write(`${JSON.stringify(watches, null, 2)}\n`);
    else if (watches.length === 0) process.stdout.write("No one watches any domain.\n");
    else for (const w of watches) process.stdout.write(`${w.domain}\t${terminalSafe(w.jid)}\tsince ${w.since}\n`);
    return EXIT.ok;
  });
}
