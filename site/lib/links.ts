// How crawled values are shown: a link only for a safe scheme and a well-formed URI, else inert text.
import { isLinkable } from "../../crawler/model/uri.ts";

export function contactHref(value: string): string | undefined {
  const trimmed = value.trim();
  return isLinkable(trimmed) ? trimmed : undefined;
}

export { badgePath, domainSlug, rulePath, serverFeedPath, serverJsonPath, serverPath } from "../../crawler/site-paths.ts";
