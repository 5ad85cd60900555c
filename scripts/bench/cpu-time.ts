// The benchmark workers' CPU time, user and system together, in ms: since the process started,
// or since `since` (a process.cpuUsage() taken at the start of the measured run).
export function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
