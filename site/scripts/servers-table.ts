// Progressive enhancement of the server list (components/ServerList.astro): search, filters and
// sorting over every domain, on a static site. Without JavaScript the page is one page of the list,
// with links to the others. With it, the first use of the form fetches the list's data parts (the
// table's data-parts: static files, lib/server-list.ts), and the table then shows the first PAGE
// rows that match (more on request), so that searching and sorting 100,000 domains redraws a few
// hundred rows. Rows are drawn as the page draws them: crawled text as text (textContent, never
// HTML), each value in its own <bdi>, each invisible character shown as its code point.
import { codePointName, splitInvisible } from "../../crawler/model/invisible.ts";
import { INVISIBLE_HINT } from "../lib/crawled.ts";
import { byReadingOrder } from "../lib/reading-order.ts";
import type { ListPart, PartRow } from "../lib/server-list.ts";

const PAGE = 200;

const table = document.querySelector<HTMLTableElement>("#servers");
const form = document.querySelector<HTMLFormElement>("#server-filters");

/** One domain of the list, with what the filters and the sorts compare. */
interface Entry {
  domain: string;
  path: string;
  level: string;
  software: string;
  version: string;
  categories: string[];
  flags: string;
  /** Sort keys, all numbers: the rank by domain is the row's place in the data (its reading order). */
  keys: Record<string, number>;
  row?: HTMLTableRowElement;
}

type Field = HTMLInputElement | HTMLSelectElement;

if (table && form) {
  const tbody = table.tBodies[0]!;
  const caption = table.caption;
  const pages = document.querySelector<HTMLElement>("#list-pages");
  const count = document.querySelector<HTMLElement>("#server-count");
  const levels = (table.dataset.levels ?? "").split(" ");
  const parts = (table.dataset.parts ?? "").split(" ").filter(Boolean);
  const field = (name: string) => form.elements.namedItem(name) as Field;
  const labels = new Map(Array.from((field("level") as HTMLSelectElement).options, (o) => [o.value, o.text]));
  const more = document.createElement("button");
  more.type = "button";
  more.hidden = true;
  table.after(more);

  let entries: Entry[] | undefined;
  let loading: Promise<Entry[]> | undefined;
  let matching: Entry[] = [];
  let shown = 0;

  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  /** As lib/markup.ts (crawledHtml) draws crawled text. */
  const crawled = (text: string) => {
    const bdi = element("bdi");
    for (const part of splitInvisible(text)) {
      if ("text" in part) bdi.append(part.text);
      else {
        const span = element("span", "invisible", codePointName(part.invisible));
        span.title = INVISIBLE_HINT;
        bdi.append(span);
      }
    }
    return bdi;
  };
  /** As components/ServerList.astro draws a row. */
  const draw = (e: Entry) => {
    const tr = element("tr");
    const th = element("th");
    th.scope = "row";
    const link = element("a");
    link.href = e.path;
    link.append(crawled(e.domain));
    th.append(link);
    const level = element("td");
    level.append(element("span", `level level-${e.level}`, labels.get(e.level) ?? e.level));
    const software = element("td");
    software.append(crawled(e.software), " ", crawled(e.version));
    const contacts = element("td");
    contacts.append(e.categories.length === 0 ? element("span", "muted", "none") : e.categories.join(", "));
    const admins = element("td");
    admins.append(e.keys.administrators! > 0 ? element("span", "admin", String(e.keys.administrators)) : "0");
    const counts = [e.keys.errors, e.keys.warnings, e.keys.infos].map((n) => element("td", "", String(n)));
    tr.append(th, level, software, contacts, admins, ...counts);
    return tr;
  };

  const entriesOf = (data: ListPart[]): Entry[] => {
    const list: Entry[] = [];
    for (const part of data) {
      // The categories' few combinations, each read once.
      const named = new Map<number, string[]>();
      const categoriesOf = (bits: number) =>
        named.get(bits) ??
        named
          .set(
            bits,
            part.categories.filter((_, bit) => bits & (1 << bit)),
          )
          .get(bits)!;
      for (const [domain, path, level, software, version, categories, administrators, flags, errors, warnings, infos] of part.rows as PartRow[]) {
        list.push({
          domain,
          path,
          level,
          software,
          version,
          categories: categoriesOf(categories),
          flags,
          keys: { domain: list.length, level: levels.indexOf(level), software: 0, administrators, errors, warnings, infos },
        });
      }
    }
    // Software sorts by name: rank the few names once, so that every sort compares numbers.
    const names = [...new Set(list.map((e) => e.software))].sort(byReadingOrder);
    const rank = new Map(names.map((name, i) => [name, i]));
    for (const e of list) e.keys.software = rank.get(e.software)!;
    return list;
  };

  const load = () =>
    (loading ??= Promise.all(
      parts.map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return (await response.json()) as ListPart;
      }),
    ).then(
      (data) => (entries = entriesOf(data)),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));

  /** Puts the first `upTo` matching rows in the table, in one DOM operation. */
  const render = (upTo: number) => {
    shown = Math.min(upTo, matching.length);
    tbody.replaceChildren(...matching.slice(0, shown).map((e) => (e.row ??= draw(e))));
    const rest = matching.length - shown;
    more.hidden = rest === 0;
    more.textContent = `Show ${Math.min(PAGE, rest)} more (${rest} not shown)`;
    if (count) count.textContent = `${matching.length} of ${entries!.length} domains shown${rest > 0 ? ` (the first ${shown} listed)` : ""}`;
  };

  const apply = () => {
    const all = entries!;
    const q = field("q").value.trim().toLowerCase();
    const level = field("level").value;
    const software = field("software").value;
    const flags = [
      ["admins", "m"],
      ["abuse", "b"],
      ["authbot", "t"],
    ].filter(([name]) => (field(name!) as HTMLInputElement).checked);
    matching = all.filter(
      (e) =>
        (!q || e.domain.includes(q)) && (!level || e.level === level) && (!software || e.software === software) && flags.every(([, f]) => e.flags.includes(f!)),
    );
    // The table now shows the whole list, filtered: the pages of the list no longer apply.
    if (caption) caption.textContent = `${all.length} domains`;
    if (pages) pages.hidden = true;
    render(PAGE);
    const query = new URLSearchParams();
    if (q) query.set("q", q);
    if (level) query.set("level", level);
    if (software) query.set("software", software);
    for (const [name] of flags) query.set(name!, "1");
    history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
  };

  /** Applies the form (after `first`, a sort), fetching the data the first time. */
  const update = (first?: () => void) => {
    if (entries) {
      first?.();
      apply();
      return;
    }
    table.setAttribute("aria-busy", "true");
    if (count) count.textContent = "Loading the list…";
    load().then(
      () => {
        table.removeAttribute("aria-busy");
        first?.();
        apply();
      },
      (error: unknown) => {
        table.removeAttribute("aria-busy");
        if (count)
          count.textContent = `The list could not be loaded (${error instanceof Error ? error.message : String(error)}); its pages below still list every domain.`;
      },
    );
  };

  // Start from the URL, so that a filtered view can be linked to (?level=errors&q=example).
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "level", "software"]) if (params.has(name)) field(name).value = params.get(name) ?? "";
  for (const name of ["admins", "abuse", "authbot"]) if (params.get(name) === "1") (field(name) as HTMLInputElement).checked = true;

  // Sorting: each sortable header becomes a button; aria-sort tells assistive technology.
  const headers = Array.from(table.tHead!.rows[0]!.cells).filter((th) => th.dataset.key);
  for (const th of headers) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent ?? "";
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of headers) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = th.dataset.key!;
      update(() => {
        const sign = ascending ? 1 : -1;
        entries!.sort((a, b) => sign * (a.keys[key]! - b.keys[key]!) || a.keys.domain! - b.keys.domain!);
      });
    });
  }

  more.addEventListener("click", () => render(shown + PAGE));
  // The data is fetched as soon as the reader turns to the form, so that it is there when they have typed.
  form.addEventListener("focusin", () => void load().catch(() => undefined));
  form.addEventListener("input", () => update());
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  if ([...params.keys()].length > 0) update();
}
