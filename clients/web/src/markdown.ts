// The few pieces of Markdown the server writes in minutes and feedback
// (headings, lists, tables, paragraphs, bold), shown as a page. Every word
// is set as text, never as HTML, so nothing in the record can run as code.
import { h, type Child } from "./dom";

// "Outcome: **agreed.** Then" -> text with the bold part in <strong>.
function inline(text: string): Child[] {
  return text.split("**").map((part, i) => (i % 2 ? h("strong", {}, part) : part));
}
const cells = (row: string): string[] => row.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());

// A top-level heading is left out: the page's own h1 says it. The others
// keep their level under it. `caption` names the tables for screen readers.
export function renderMarkdown(markdown: string, caption: string): HTMLElement {
  const out = h("div", { class: "equalsay-record" });
  const lines = markdown.split("\n");
  let list: HTMLElement | null = null;
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith("- ")) list = null;
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) {
      if (heading[1].length > 1) out.append(h(`h${heading[1].length}`, { class: heading[1].length === 2 ? "nhsuk-heading-m" : "nhsuk-heading-s" }, heading[2]));
    } else if (line.startsWith("- ")) {
      if (!list) out.append((list = h("ul", { class: "nhsuk-list nhsuk-list--bullet" })));
      list.append(h("li", {}, ...inline(line.slice(2))));
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith("|"); i++) {
        if (!/^\|[-| ]+\|$/.test(lines[i].trim())) rows.push(cells(lines[i]));
      }
      i--;
      const [head, ...body] = rows;
      // A wide table scrolls inside its own box (reachable by keyboard),
      // never the whole page on a narrow phone.
      out.append(h("div", { class: "equalsay-scroll", role: "region", tabindex: "0", "aria-label": `${caption}, table ${++tables}` },
        h("table", { class: "nhsuk-table" },
          h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, ...body.map((r) => h("tr", {}, ...r.map((c, j) => (j === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c)))))))));
    } else if (line.trim()) {
      out.append(h("p", {}, ...inline(line)));
    }
  }
  return out;
}
