// Progressive enhancement of the server list: search, filters and sorting on the client.
// Without JavaScript the page is the full table. With it, the rows are kept in memory and only
// the first PAGE of those that match are in the table (more on request), so that searching and
// sorting 10,000 domains redraws a few hundred rows, not all of them. The data is read once from
// what the cells show and from the rows' few data-* attributes (never from HTML strings): the page
// keeps each row small, so that the list stays under 100 KB at 10,000 domains.
const PAGE = 200;

const table = document.querySelector<HTMLTableElement>("#servers");
const form = document.querySelector<HTMLFormElement>("#server-filters");

if (table && form) {
  const tbody = table.tBodies[0]!;
  const all = Array.from(tbody.rows);
  // Read each row's data once: the filters and the sort compare these, never the DOM.
  const levels = (table.dataset.levels ?? "").split(" ");
  const text = (row: HTMLTableRowElement, cell: number) => (row.cells[cell]?.textContent ?? "").trim();
  const entries = all.map((row) => {
    const flags = row.dataset.f ?? "";
    const data: Record<string, string | undefined> = {
      domain: text(row, 0),
      level: row.dataset.l,
      levelRank: String(levels.indexOf(row.dataset.l ?? "")),
      software: row.dataset.s ?? "",
      admins: flags.includes("m") ? "1" : "0",
      abuse: flags.includes("b") ? "1" : "0",
      authbot: flags.includes("t") ? "1" : "0",
      administrators: text(row, 4),
      errors: text(row, 5),
      warnings: text(row, 6),
      infos: text(row, 7),
    };
    return { row, data };
  });
  const count = document.querySelector<HTMLElement>("#server-count");
  const more = document.createElement("button");
  more.type = "button";
  more.hidden = true;
  table.after(more);
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  const collator = new Intl.Collator(undefined, { numeric: false, sensitivity: "base" });
  let matching = entries;
  let shown = 0;

  // Start from the URL, so that a filtered view can be linked to (?level=errors&q=example).
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "level", "software"]) if (params.has(name)) field(name).value = params.get(name) ?? "";
  for (const name of ["admins", "abuse", "authbot"]) if (params.get(name) === "1") (field(name) as HTMLInputElement).checked = true;

  /** Puts the first `upTo` matching rows in the table, in one DOM operation. */
  const render = (upTo: number) => {
    shown = Math.min(upTo, matching.length);
    tbody.replaceChildren(...matching.slice(0, shown).map((e) => e.row));
    const rest = matching.length - shown;
    more.hidden = rest === 0;
    more.textContent = `Show ${Math.min(PAGE, rest)} more (${rest} not shown)`;
    if (count) count.textContent = `${matching.length} of ${entries.length} domains shown${rest > 0 ? ` (the first ${shown} listed)` : ""}`;
  };

  const apply = () => {
    const q = field("q").value.trim().toLowerCase();
    const level = field("level").value;
    const software = field("software").value;
    const flags = ["admins", "abuse", "authbot"].filter((n) => (field(n) as HTMLInputElement).checked);
    matching = entries.filter(
      ({ data: d }) =>
        (!q || (d.domain ?? "").includes(q)) && (!level || d.level === level) && (!software || d.software === software) && flags.every((f) => d[f] === "1"),
    );
    render(PAGE);
    const query = new URLSearchParams();
    if (q) query.set("q", q);
    if (level) query.set("level", level);
    if (software) query.set("software", software);
    for (const f of flags) query.set(f, "1");
    history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
  };

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
      const key = th.dataset.key === "level" ? "levelRank" : th.dataset.key!;
      const numeric = th.hasAttribute("data-numeric") || key === "levelRank";
      const byDomain = (a: (typeof entries)[number], b: (typeof entries)[number]) => collator.compare(a.data.domain ?? "", b.data.domain ?? "");
      const order = (a: (typeof entries)[number], b: (typeof entries)[number]) =>
        numeric ? Number(a.data[key] ?? 0) - Number(b.data[key] ?? 0) : collator.compare(a.data[key] ?? "", b.data[key] ?? "");
      entries.sort((a, b) => (ascending ? order(a, b) : -order(a, b)) || byDomain(a, b));
      apply();
    });
  }

  more.addEventListener("click", () => render(shown + PAGE));
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
}
