// Telling a live process from a dead one whose pid was reused. A pid alone is not enough: after
// a reboot or a long uptime, a lock or crawl row's pid can belong to an unrelated process, and
// kill(pid, 0) says "alive" for ever. So a holder is recorded with the boot id and its start time
// (from /proc), and it is alive only if both still match. Without /proc (not Linux), the pid is all there is.
import { readFileSync } from "node:fs";

/** Whether a process exists (EPERM: it does, but belongs to another user). */
export function isProcessAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** "<boot id>/<start time in clock ticks>" of a process, or undefined where /proc cannot tell. */
export function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 is starttime; the command name (field 2) may hold spaces and parentheses, so count from its end.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const start = fields[19];
    return start ? `${boot}/${start}` : undefined;
  } catch {
    return undefined;
  }
}

/** This process, as recorded by whatever it holds. */
export function ownIdentity(): { pid: number; identity: string | null } {
  return { pid: process.pid, identity: processIdentity(process.pid) ?? null };
}

/** Whether the holder recorded as (pid, identity) is still that same running process. */
export function isHolderAlive(pid: number | null | undefined, identity: string | null | undefined): boolean {
  if (!pid || !isProcessAlive(pid)) return false;
  if (!identity) return true;
  const now = processIdentity(pid);
  return now === undefined || now === identity;
}
