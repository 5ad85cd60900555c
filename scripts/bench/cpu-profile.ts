// Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and says where the time went: self time
// per function and per part (our own folders, each npm package, Node's internals, the garbage
// collector, idle). Used by `npm run bench:crawl -- N --cpu-prof DIR` to name the hot spots.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  ms: number;
}
export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  parts: HotSpot[];
  functions: HotSpot[];
  /** Our own functions by inclusive time: their own work and all they called. */
  ours: HotSpot[];
}

/**
 * The profile with each frame of a bundle (production's build/, the benchmark's workers:
 * compiled-worker.ts) named by the source it was bundled from, through the bundle's source map:
 * crawler/'s and scripts/' files, each npm package's. Frames with no map keep their place.
 */
export function withSources(profile: CpuProfile): CpuProfile {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) {
      const file = url.startsWith("file://") ? `${fileURLToPath(url)}.map` : "";
      maps.set(url, file && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8")) as SourceMapPayload) : undefined);
    }
    return maps.get(url);
  };
  const nodes = profile.nodes.map((node) => {
    const { url, lineNumber, columnNumber } = node.callFrame;
    const entry = mapOf(url)?.findEntry(lineNumber, columnNumber);
    if (!entry || !("originalSource" in entry)) return node;
    const source = new URL(entry.originalSource, url).href;
    return { ...node, callFrame: { ...node.callFrame, url: source, lineNumber: entry.originalLine, columnNumber: entry.originalColumn } };
  });
  return { ...profile, nodes };
}

/** Which part of the process a frame belongs to: a folder of ours, an npm package, Node, or V8's own. */
export function partOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  const ours = /\/(crawler\/[^/]+|scripts|site|data)\//.exec(url);
  return ours ? ours[1]! : "other";
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  return summarize(withSources(JSON.parse(readFileSync(file, "utf8")) as CpuProfile), top);
}

export function summarize(profile: CpuProfile, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const { functionName, lineNumber } = byId.get(id)!.callFrame;
    const { url } = byId.get(id)!.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|crawler|scripts)\//, "$1/")}:${lineNumber + 1}` : "";
    return `${functionName || "(anonymous)"} ${where}`.trim();
  };
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (!byId.get(at)!.callFrame.url.includes("/crawler/")) continue;
      const name = label(at);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    totalUs += us;
    if (functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const part = partOf(url, functionName);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const name = label(id);
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, parts: ranked(parts), functions: ranked(functions), ours: ranked(inclusive) };
}

export function formatProfile(label: string, s: ProfileSummary): string {
  const busy = s.totalMs - s.idleMs;
  const line = (h: HotSpot) => `  ${h.ms.toFixed(0).padStart(6)} ms ${((h.ms / busy) * 100).toFixed(1).padStart(5)}%  ${h.name}`;
  return [
    `${label}: ${(s.totalMs / 1000).toFixed(2)} s profiled, ${(busy / 1000).toFixed(2)} s busy, ${(s.idleMs / 1000).toFixed(2)} s idle`,
    " by part (self time, share of busy):",
    ...s.parts.map(line),
    " by function:",
    ...s.functions.map(line),
    " our functions, inclusive (their own work and all they called):",
    ...s.ours.map(line),
  ].join("\n");
}
