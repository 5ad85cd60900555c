import { describe, expect, it } from "vitest";
import { checkHop } from "./redirects.ts";

const web = { maxRedirects: 2, httpsOnly: false, permits: (address: string) => address !== "127.0.0.1" && address !== "::1" };
const list = { ...web, httpsOnly: true };
const at = (href: string) => new URL(href);
const refusal = (r: ReturnType<typeof checkHop>) => (r.ok ? r.url.href : { kind: r.kind, text: r.text });

describe("checkHop: one set of rules for every redirect", () => {
  it("lets a web address through, relative to the page that redirected", () => {
    expect(refusal(checkHop("/next", at("https://example.org/a"), new Set(["https://example.org/a"]), web))).toBe("https://example.org/next");
    expect(refusal(checkHop("http://example.org/", undefined, new Set(), web))).toBe("http://example.org/");
  });

  it("refuses a downgrade from https to http, and http at all for a list", () => {
    expect(refusal(checkHop("http://example.org/b", at("https://example.org/a"), new Set(["https://example.org/a"]), web))).toEqual({
      kind: "downgrade",
      text: "https://example.org/a redirects to http://example.org/b, plain http, which the observatory does not follow",
    });
    expect(refusal(checkHop("http://example.org/list", at("https://example.org/a"), new Set(["https://example.org/a"]), list))).toEqual({
      kind: "downgrade",
      text: "https://example.org/a redirects to http://example.org/list, which is not https",
    });
    expect(refusal(checkHop("ftp://example.org/", undefined, new Set(), web))).toEqual({
      kind: "bad-redirect",
      text: "ftp://example.org/, which is not a web address",
    });
  });

  it("refuses loops, chains past the limit, bad ports, credentials and forbidden addresses", () => {
    const seen = new Set(["https://a.example/", "https://b.example/"]);
    expect(refusal(checkHop("https://a.example/", at("https://b.example/"), seen, web))).toEqual({
      kind: "redirect-loop",
      text: "The redirects loop back to https://a.example/",
    });
    expect(refusal(checkHop("https://c.example/", at("https://b.example/"), new Set([...seen, "https://z.example/"]), web))).toEqual({
      kind: "too-many-redirects",
      text: "More than 2 redirects",
    });
    expect(refusal(checkHop("https://example.org:25/", undefined, new Set(), web))).toEqual({
      kind: "bad-port",
      text: "https://example.org:25/ uses port 25, which browsers refuse to open and the observatory does not connect to",
    });
    expect(refusal(checkHop("https://user:pw@example.org/", undefined, new Set(), web))).toEqual({
      kind: "bad-redirect",
      text: "https://…@example.org/ carries credentials, which the observatory does not send",
    });
    expect(refusal(checkHop("https://[::1]/", undefined, new Set(), web))).toEqual({
      kind: "forbidden-address",
      text: "::1 is a private, loopback, link-local or multicast address",
    });
    expect(refusal(checkHop("https:// bad", undefined, new Set(), web))).toEqual({ kind: "bad-redirect", text: "https:// bad is not a valid URL" });
  });
});
