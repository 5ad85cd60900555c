// Starting and stopping the federation's servers. Each is spawned detached, which makes it the
// leader of a new session and process group (setsid), so its PID is its group id; stopping it
// signals that group, by the PID we recorded, and nothing else. (The setsid program is not used:
// it forks when its caller already leads a group, and the PID we would record would be gone.)
import { execFileSync, spawn } from "node:child_process";
import { openSync, closeSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "../../crawler/process-identity.ts";

export interface Started {
  name: string;
  pid: number;
}

export function startDetached(name: string, command: string, args: string[], options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string }): Started {
  const log = openSync(options.logFile, "a");
  try {
    const child = spawn(command, args, {
      detached: true, // a session and group of its own: a test runner's group kill does not reach it, ours does
      stdio: ["ignore", log, log],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    child.unref();
    return { name, pid: child.pid };
  } finally {
    closeSync(log);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return isProcessAlive(pid);
  }
}

/** Clock ticks per second, the unit of /proc/PID/stat's CPU times. */
let ticksPerSecond: number | undefined;

/** The fields of /proc/PID/stat after "pid (comm) ": state, ppid, pgrp, …, utime (index 11), stime, cutime, cstime. */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(")") + 2).split(" ");
const clockTicks = () => (ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100);

/** CPU seconds (user and system) one process has used, with those of the children it has waited for; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0;
  }
  const fields = statFields(stat);
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / clockTicks();
}

/**
 * CPU time (user and system, ms) used so far by each group's live processes, by the group's name:
 * the benchmarks set what the servers spent beside what the crawler spent, on the same cores.
 */
export function groupCpuMs(groups: Started[]): Record<string, number> {
  const ticks = clockTicks();
  const byGroup = new Map(groups.map((g) => [g.pid, g.name]));
  const used: Record<string, number> = Object.fromEntries(groups.map((g) => [g.name, 0]));
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const fields = statFields(stat);
    const name = byGroup.get(Number(fields[2]));
    if (name !== undefined) used[name]! += ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000;
  }
  return used;
}

/** TERM, then KILL after `graceMs` (Prosody 0.12 can hang on TERM with many s2s sessions). */
export async function stopGroup(started: Started, graceMs = 5000): Promise<void> {
  if (!groupAlive(started.pid)) return;
  signalGroup(started.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(started.pid)) return;
    await sleep(100);
  }
  signalGroup(started.pid, "SIGKILL");
  for (let i = 0; i < 50 && groupAlive(started.pid); i++) await sleep(100);
}

/**
 * Waits until an XMPP server answers a stream header with its features: an open port is not
 * enough, since Prosody binds before its hosts are loaded.
 */
export async function waitForStreamFeatures(host: string, port: number, domain: string, timeoutMs: number, ns = "jabber:client"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer";
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      let received = "";
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(2000, () => done(false));
      socket.on("error", (e) => {
        lastError = e.message;
        done(false);
      });
      socket.on("connect", () =>
        socket.write(`<?xml version='1.0'?><stream:stream to='${domain}' xmlns='${ns}' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`),
      );
      socket.on("data", (chunk) => {
        received += chunk.toString();
        if (received.includes("features")) done(true);
        else if (received.includes("stream:error")) {
          lastError = received.slice(0, 200);
          done(false);
        }
      });
    });
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${domain} on ${host}:${port} did not become ready within ${timeoutMs} ms (${lastError})`);
}
