// Dates for people, made in one place (Intl, never by hand): "3 Dec 2026, 10:56 UTC", "2 hours
// ago", "9 min 20 sec". Machines keep the exact ISO 8601 instant (JSON, CSV, Atom, <time datetime>).
// Pure; the clock is passed in.

/**
 * The formatters, each made at its first use: making one loads ICU's data for it, about 3 ms of
 * CPU each, and a command that prints one kind of date (check) need not pay for the others.
 */
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
const INSTANT = once(
  () =>
    new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "UTC",
      timeZoneName: "short",
    }),
);
const DAY = once(() => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }));
const RELATIVE = once(() => new Intl.RelativeTimeFormat("en", { numeric: "auto" }));
const unit = (u: "hour" | "minute" | "second") => once(() => new Intl.NumberFormat("en", { style: "unit", unit: u, unitDisplay: "short" }));
const UNITS = { hour: unit("hour"), minute: unit("minute"), second: unit("second") };

const valid = (iso: string) => !Number.isNaN(Date.parse(iso));

/**
 * The instants formatted lately, each with its text: formatting one costs about 5 µs, and a crawl
 * formats the same few again for every probe (a security.txt's Expires is judged at each crawl).
 * At most MAX_REMEMBERED_INSTANTS, each of a date-time's length at most; past it, forgotten all at once.
 */
const instants = new Map<string, string>();
const MAX_REMEMBERED_INSTANTS = 1024;
const MAX_REMEMBERED_INSTANT_CHARS = 64;

/** "3 Dec 2026, 10:56 UTC"; a value that is no date is shown as it is. */
export function formatInstant(iso: string): string {
  const known = instants.get(iso);
  if (known !== undefined) return known;
  const text = valid(iso) ? INSTANT().format(new Date(iso)) : iso;
  if (iso.length <= MAX_REMEMBERED_INSTANT_CHARS) {
    if (instants.size >= MAX_REMEMBERED_INSTANTS) instants.clear();
    instants.set(iso, text);
  }
  return text;
}

/** "3 Dec 2026". */
export function formatDay(iso: string): string {
  return valid(iso) ? DAY().format(new Date(iso)) : iso;
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "2 hours ago", "in 3 days", "now": the largest whole unit of the distance from `now`. */
export function timeAgo(iso: string, now: number): string {
  if (!valid(iso)) return iso;
  const ms = Date.parse(iso) - now;
  for (const [name, size] of STEPS) {
    const n = Math.trunc(ms / size);
    if (n !== 0) return RELATIVE().format(n, name);
  }
  return RELATIVE().format(0, "second");
}

/** A wait or an age in hours, minutes and seconds: "9 min 20 sec", "1 hr 5 min", "40 sec". */
export function formatWait(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h > 0 && UNITS.hour().format(h), m > 0 && UNITS.minute().format(m), (s > 0 || total === 0) && h === 0 && UNITS.second().format(s)];
  return parts.filter(Boolean).join(" ");
}
