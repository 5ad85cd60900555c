// Progressive enhancement of the server list: search, filters and sorting on the client.
// Without JavaScript the page is the full table. The data is read from the rows' data-*
// attributes (already escaped by the page), never from HTML strings.
const table = document.querySelector<HTMLTableElement>("#servers");
const form = document.querySelector<HTMLFormElement>("#server-filters");

if (table && form) {
  const tbody = table.tBodies[0]!;
  const rows = Array.from(tbody.rows);
  const count = document.querySelector<HTMLElement>("#server-count");
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;

  // Start from the URL, so that a filtered view can be linked to (?level=errors&q=example).
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "level", "software"]) if (params.has(name)) field(name).value = params.get(name) ?? "";
  for (const name of ["admins", "abuse", "authbot"]) if (params.get(name) === "1") (field(name) as HTMLInputElement).checked = true;

  const apply = () => {
    const q = field("q").value.trim().toLowerCase();
    const level = field("level").value;
    const software = field("software").value;
    const flags = ["admins", "abuse", "authbot"].filter((n) => (field(n) as HTMLInputElement).checked);
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const visible =
        (!q || (d.domain ?? "").includes(q)) && (!level || d.level === level) && (!software || d.software === software) && flags.every((f) => d[f] === "1");
      row.hidden = !visible;
      if (visible) shown++;
    }
    if (count) count.textContent = `${shown} of ${rows.length} domains shown`;
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
      const value = (row: HTMLTableRowElement) => row.dataset[key] ?? "";
      rows.sort((a, b) => {
        const order = numeric ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b));
        return (ascending ? order : -order) || (a.dataset.domain ?? "").localeCompare(b.dataset.domain ?? "");
      });
      tbody.append(...rows);
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
}
