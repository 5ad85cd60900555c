import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, formatWait, timeAgo } from "./dates.ts";

describe("dates for people", () => {
  it("writes an instant and a day in UTC", () => {
    expect(formatInstant("2026-12-03T10:56:15.339Z")).toBe("3 Dec 2026, 10:56 UTC");
    expect(formatInstant("2026-01-09T23:05:00+02:00")).toBe("9 Jan 2026, 21:05 UTC");
    expect(formatDay("2026-12-03T10:56:15.339Z")).toBe("3 Dec 2026");
    expect(formatInstant("not a date")).toBe("not a date");
  });

  it("writes an instant met again as the first time, past the instants it remembers too", () => {
    const texts = Array.from({ length: 1500 }, (_, i) => formatInstant(new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    expect([texts[0], texts[1499]]).toEqual(["1 Jan 2026, 00:00 UTC", "2 Jan 2026, 00:59 UTC"]);
    expect(formatInstant("2026-01-01T00:00:00.000Z")).toBe("1 Jan 2026, 00:00 UTC");
    expect(formatInstant("2026-01-02T00:59:00.000Z")).toBe("2 Jan 2026, 00:59 UTC");
    expect(formatInstant("2026-12-03T10:56:15.339Z")).toBe("3 Dec 2026, 10:56 UTC");
    expect(formatInstant(`not a date${"x".repeat(100)}`)).toBe(`not a date${"x".repeat(100)}`);
  });

  it("says how long ago, in the largest whole unit", () => {
    const now = Date.parse("2026-12-03T12:56:15.000Z");
    expect(timeAgo("2026-12-03T10:56:15.000Z", now)).toBe("2 hours ago");
    expect(timeAgo("2026-12-03T12:55:35.000Z", now)).toBe("40 seconds ago");
    expect(timeAgo("2026-12-02T12:00:00.000Z", now)).toBe("yesterday");
    expect(timeAgo("2026-12-03T12:56:15.000Z", now)).toBe("now");
    expect(timeAgo("2027-01-03T12:56:15.000Z", now)).toBe("next month");
  });

  it("writes a wait in hours, minutes and seconds", () => {
    expect(formatWait(560_000)).toBe("9 min 20 sec");
    expect(formatWait(40_000)).toBe("40 sec");
    expect(formatWait(3_900_000)).toBe("1 hr 5 min");
    expect(formatWait(0)).toBe("0 sec");
  });
});
