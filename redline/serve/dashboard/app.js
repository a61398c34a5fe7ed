// redline dashboard: plain JS over the REST API (docs/api.md); no framework, no build step, no CDN.
//
// Article text is untrusted input. Every piece of data reaches the page through `textContent` or
// `setAttribute` on a fixed attribute name (never as HTML markup), and links only take http(s) URLs.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const state = { events: [], all: new Map(), redlines: [], countries: null };

// ---- DOM helpers: data only ever becomes text ----

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children) append(node, child);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttrs(node, attrs);
  for (const child of children) append(node, child);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) throw new Error("no event handler attributes");
    node.setAttribute(key, String(value));
  }
}

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  node.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A link only for http(s) URLs; anything else (javascript:, data:) is shown as text. */
function link(url, label) {
  let parsed = null;
  try { parsed = new URL(String(url)); } catch (_) { /* not a URL */ }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) return el("span", {}, label || url || "");
  return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" }, label || parsed.href);
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const url = query.toString() ? `${path}?${query}` : path;
  const resp = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const detail = body.error ? body.error.detail : resp.statusText;
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return body;
}

const codes = (list) => (list || []).map((a) => a.code || a.entity_text).filter(Boolean);
const place = (e) => (e.event_loc && (e.event_loc.resolved_place || e.event_loc.extracted_place)) || "";
const casualties = (e) => ((e.size && e.size.dead) || 0) + ((e.size && e.size.injured) || 0);

// ---- event table and filters ----

function filterParams() {
  const form = document.getElementById("filters");
  const params = {};
  for (const [key, value] of new FormData(form)) params[key] = String(value).trim();
  if (params.dyad) params.dyad = params.dyad.toUpperCase();
  if (params.actor) params.actor = params.actor.toUpperCase();
  if (params.event_type) params.event_type = params.event_type.toUpperCase();
  return params;
}

async function loadEvents() {
  const count = document.getElementById("count");
  const tbody = document.querySelector("#events tbody");
  try {
    const page = await api("/api/events", { ...filterParams(), limit: "1000" });
    state.events = page.events;
    // Past a cap the API counts no further: total is then "at least" (total_is_exact false).
    const total = page.total_is_exact === false ? `at least ${page.total}` : `${page.total}`;
    count.textContent = `${total} events` + (page.total > page.events.length ? ` (first ${page.events.length} shown)` : "");
  } catch (err) {
    state.events = [];
    count.textContent = `Could not load events: ${err.message}`;
  }
  clear(tbody);
  for (const e of state.events) {
    const dead = e.size && e.size.dead !== null ? e.size.dead : "–";
    const injured = e.size && e.size.injured !== null ? e.size.injured : "–";
    const row = el("tr", { tabindex: "0", "data-id": e.id },
      el("td", {}, e.date || "undated"),
      el("td", {}, (e.event || []).join(", ")),
      el("td", {}, `${codes(e.actor).join(", ") || "?"} → ${codes(e.recipient).join(", ") || "?"}`),
      el("td", {}, place(e)),
      el("td", { class: "num" }, `${dead} / ${injured}`),
      el("td", {}, e.status || ""),
      el("td", {}, (e.cite_info && (e.cite_info.publication || e.cite_info.citation)) || ""));
    row.addEventListener("click", () => showDetail(e.id, row));
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") showDetail(e.id, row); });
    tbody.append(row);
  }
  drawMap();
}

// ---- detail panel: the evidence sentence with its parts highlighted ----

/** Non-overlapping [start, end, kind] spans of the sentence to highlight. */
function highlights(e, sentence) {
  const spans = [];
  const add = (start, end, kind) => {
    if (start < 0 || end <= start || end > sentence.length) return;
    if (spans.some(([s, t]) => start < t && s < end)) return; // first claim wins
    spans.push([start, end, kind]);
  };
  const find = (text, kind) => {
    if (!text) return;
    const at = sentence.indexOf(text);
    if (at >= 0) add(at, at + text.length, kind);
  };
  const t = e.trigger;
  if (t && t.text) {
    const offset = e.text_info ? e.text_info.start : 0;
    if (sentence.slice(t.start, t.end) === t.text) add(t.start, t.end, "trigger");
    else if (sentence.slice(t.start - offset, t.end - offset) === t.text) add(t.start - offset, t.end - offset, "trigger");
    else find(t.text, "trigger");
  }
  for (const a of e.actor || []) find(a.entity_text, "actor");
  for (const r of e.recipient || []) find(r.entity_text, "recipient");
  if (e.event_loc) find(e.event_loc.extracted_place, "place");
  for (const w of e.weapons || []) find(w.text || w.entity_text || w.name, "weapon");
  for (const m of sentence.matchAll(/\b\d[\d,.]*\b/g)) add(m.index, m.index + m[0].length, "number");
  return spans.sort((x, y) => x[0] - y[0]);
}

function evidenceNode(e, sentence) {
  const p = el("p", { class: "evidence" });
  let at = 0;
  for (const [start, end, kind] of highlights(e, sentence)) {
    append(p, sentence.slice(at, start));
    append(p, el("mark", { class: kind, title: kind }, sentence.slice(start, end)));
    at = end;
  }
  append(p, sentence.slice(at));
  return p;
}

function row(label, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
  return [el("dt", {}, label), el("dd", {}, Array.isArray(value) ? value.join(", ") : value)];
}

async function showDetail(id, rowNode) {
  const panel = document.getElementById("detail");
  for (const r of document.querySelectorAll("#events tr.selected")) r.classList.remove("selected");
  if (rowNode) rowNode.classList.add("selected");
  clear(panel);
  panel.append(el("h2", { id: "detail-h" }, "Event"));
  let found;
  try {
    found = await api(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    panel.append(el("p", { class: "error" }, `Could not load ${id}: ${err.message}`));
    return;
  }
  const e = found.event;
  const article = found.article || {};
  const sentence = found.evidence || e.event_text || "";
  const loc = e.event_loc || {};
  const size = e.size || {};
  const dl = el("dl");
  const items = [
    row("Type", (e.event || []).concat(e.mode || []).join(" / ")),
    row("Date", e.date ? `${e.date} (${e.date_precision || "?"})` : "undated"),
    row("Status", e.status + (e.condition ? ` — if ${typeof e.condition === "string" ? e.condition : JSON.stringify(e.condition)}` : "")),
    row("Actor", (e.actor || []).map((a) => `${a.entity_text} (${a.code || "?"})`)),
    row("Recipient", (e.recipient || []).map((a) => `${a.entity_text} (${a.code || "?"})`)),
    row("Place", loc.resolved_place ? `${loc.resolved_place}${loc.country && loc.country !== loc.resolved_place ? ", " + loc.country : ""} — ${precisionLabel(loc)}` : loc.extracted_place),
    row("Weapons", (e.weapons || []).map(label)),
    row("Dead", size.dead), row("Injured", size.injured), row("Arrested", size.arrested),
    row("Attribution", typeof e.attribution === "string" ? e.attribution : e.attribution && JSON.stringify(e.attribution)),
    row("CAMEO / ACLED", [e.cameo, e.acled].filter(Boolean).map(label)),
    row("Confidence", e.confidence),
    row("Id", e.id),
  ];
  for (const item of items) if (item) dl.append(...item);
  const reports = el("ul", { class: "reports" });
  const seen = new Set();
  const addReport = (url, title, publisher, published) => {
    const key = url || title;
    if (!key || seen.has(key)) return;
    seen.add(key);
    reports.append(el("li", {}, url ? link(url, title || url) : (title || ""),
      el("span", { class: "muted" }, ` ${[publisher, published].filter(Boolean).join(", ")}`)));
  };
  addReport(article.url, article.title, article.publisher, article.published);
  const cite = e.cite_info || {};
  addReport(cite.url, cite.title, cite.publication, cite.published);
  for (const s of e.sources || found.sources || []) addReport(s.url, s.title || s.citation, s.publication || s.publisher, s.published);
  if (!reports.firstChild) reports.append(el("li", { class: "muted" }, `${article.origin || article.id || "unknown source"} (no URL)`));
  const fused = found.fused;
  const sources = el("div", { class: "sources" });
  if (fused) {
    sources.append(el("p", {}, `${fused.n_independent_sources} independent source(s), ${fused.n_reports} report(s) in ${fused.n_articles} article(s) of this real-world event`));
    for (const [field, options] of Object.entries(fused.disagreements || {})) {
      sources.append(el("p", { class: "disagreement" }, `Sources disagree on ${field}: ` +
        options.map((o) => `${label(o.value)} (${o.sources.join(", ")})`).join(" vs ")));
    }
    const list = el("ul", { class: "fused-reports" });
    for (const r of fused.reports || []) {
      if (r.event_id === e.id) continue;
      const item = el("li", {}, el("a", { href: "#", "data-id": r.event_id }, r.evidence || r.event_id),
        el("span", { class: "muted" }, ` ${[r.publisher, r.published].filter(Boolean).join(", ")}`));
      item.querySelector("a").addEventListener("click", (ev) => { ev.preventDefault(); showDetail(r.event_id); });
      list.append(item);
    }
    if (list.firstChild) sources.append(list);
  } else {
    sources.append(el("p", { class: "muted" }, "Not fused with other reports yet."));
  }
  panel.append(
    el("h3", {}, "Evidence"),
    evidenceNode(e, sentence),
    el("p", { class: "legend" }, el("mark", { class: "trigger" }, "trigger"), " ", el("mark", { class: "actor" }, "actor"), " ",
      el("mark", { class: "recipient" }, "recipient"), " ", el("mark", { class: "place" }, "place"), " ",
      el("mark", { class: "number" }, "number")),
    dl,
    el("h3", {}, `Reports (${reports.children.length})`),
    reports,
    el("h3", {}, "Sources of this event"),
    sources);
}

/** A short text for a value that may be a string or a record. */
function label(value) {
  if (value === null || typeof value !== "object") return String(value);
  if (value.name || value.text || value.resolved_place || value.extracted_place) return value.name || value.text || value.resolved_place || value.extracted_place;
  return Object.values(value).filter((v) => v !== null && typeof v !== "object").join(" / ");
}

function precisionLabel(loc) {
  if (loc.resolution >= 3) return "located to a place";
  if (loc.resolution === 2) return "located only to a region";
  if (loc.resolution === 1) return "located only to a country";
  return "location unresolved";
}

// ---- escalation timeline (inline SVG) ----

async function drawTimeline() {
  const box = document.getElementById("timeline");
  const dyad = document.getElementById("timeline-dyad").value;
  clear(box);
  if (!dyad) { box.append(el("p", { class: "muted" }, "No dyads in the store.")); return; }
  let series;
  try {
    series = (await api("/api/escalation", { dyad })).series || [];
  } catch (err) {
    box.append(el("p", { class: "muted" }, `No escalation series: ${err.message}`));
    return;
  }
  if (!series.length) { box.append(el("p", { class: "muted" }, "No events for this dyad.")); return; }
  const [actor, recipient] = dyad.split("-");
  const crossings = new Map(); // date -> red line ids crossed by this dyad's events
  for (const rl of state.redlines) {
    for (const id of rl.crossing_event_ids || []) {
      const e = state.all.get(id);
      if (e && e.date && codes(e.actor).includes(actor) && codes(e.recipient).includes(recipient)) {
        crossings.set(e.date, (crossings.get(e.date) || []).concat(rl.id));
      }
    }
  }
  const W = 900, H = 220, left = 40, bottom = 40, top = 24;
  const step = (W - left - 10) / series.length;
  const max = Math.max(1, ...series.map((p) => p.conflict || 0));
  const y = (v) => H - bottom - (v / max) * (H - bottom - top);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `Escalation of ${dyad}` });
  chart.append(svg("line", { x1: left, x2: W - 10, y1: y(0), y2: y(0), class: "axis" }),
    svg("text", { x: 4, y: y(max) + 4, class: "tick" }, String(Math.round(max))),
    svg("text", { x: 4, y: y(0) + 4, class: "tick" }, "0"));
  const periodOf = (date) => series.findIndex((p, i) => date >= p.period && (i + 1 === series.length || date < series[i + 1].period));
  series.forEach((p, i) => {
    const x = left + i * step;
    const bar = svg("rect", { x: x + 1, y: y(p.conflict || 0), width: Math.max(1, step - 2), height: y(0) - y(p.conflict || 0),
      class: p.change ? "bar change" : "bar" });
    bar.append(svg("title", {}, `week of ${p.period}: ${p.n} events (${p.reports} reports), conflict ${p.conflict}, index ${p.index}`));
    chart.append(bar);
    if (i % Math.ceil(series.length / 8) === 0) chart.append(svg("text", { x, y: H - bottom + 16, class: "tick" }, p.period));
    p.drivers.filter((d) => d.kind.startsWith("first")).forEach((d, k) => {
      const cx = x + step / 2, cy = top - 6 + k * 9;
      const marker = svg("path", { d: `M${cx - 5},${cy - 4} L${cx + 5},${cy - 4} L${cx},${cy + 4} Z`, class: "first" });
      marker.append(svg("title", {}, `${d.date} first: ${d.kind.slice(6)} — ${d.detail}`));
      chart.append(marker);
    });
  });
  for (const [date, ids] of crossings) {
    const i = periodOf(date);
    if (i < 0) continue;
    const cx = left + i * step + step / 2;
    const mark = svg("line", { x1: cx, x2: cx, y1: top, y2: y(0), class: "crossing" });
    mark.append(svg("title", {}, `${date}: red line crossed (${[...new Set(ids)].join(", ")})`));
    chart.append(mark);
  }
  box.append(chart);
  const firsts = series.flatMap((p) => p.drivers.filter((d) => d.kind.startsWith("first")));
  if (firsts.length) {
    box.append(el("ul", { class: "firsts" }, ...firsts.map((d) => {
      const item = el("li", { tabindex: "0" }, `${d.date} — first ${d.kind.slice(6).replaceAll("_", " ")}: ${d.detail}`);
      item.addEventListener("click", () => showDetail(d.event_id));
      return item;
    })));
  }
}

// ---- map (inline SVG, equirectangular, bundled Natural Earth outlines) ----

function drawMap() {
  const box = document.getElementById("map");
  const note = document.getElementById("map-note");
  clear(box);
  if (!state.countries) { note.textContent = "Country outlines not loaded."; return; }
  const [minLon, minLat, maxLon, maxLat] = [-12, 36, 62, 68]; // the view: Europe to the Urals
  const k = Math.cos((50 * Math.PI) / 180); // equirectangular, standard parallel 50°N
  const S = 10, W = (maxLon - minLon) * k * S, H = (maxLat - minLat) * S;
  const px = (lon) => ((lon - minLon) * k * S).toFixed(1);
  const py = (lat) => ((maxLat - lat) * S).toFixed(1);
  const map = svg("svg", { viewBox: `0 0 ${W.toFixed(0)} ${H}`, class: "map", role: "img", "aria-label": "Map of events" });
  for (let lon = -10; lon <= 60; lon += 10) map.append(svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, class: "grat" }));
  for (let lat = 40; lat <= 60; lat += 10) map.append(svg("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), class: "grat" }));
  const centre = new Map();
  for (const c of state.countries.countries) {
    const d = c.rings.map((r) => "M" + r.map(([lon, lat]) => `${px(lon)},${py(lat)}`).join("L") + "Z").join("");
    const path = svg("path", { d, class: "land" });
    path.append(svg("title", {}, c.name));
    map.append(path);
    const main = c.rings.reduce((a, b) => (b.length > a.length ? b : a));
    centre.set(c.name.toLowerCase(), [main.reduce((s, p) => s + p[0], 0) / main.length, main.reduce((s, p) => s + p[1], 0) / main.length]);
  }
  let drawn = 0, missing = 0, outside = 0;
  const events = [...state.events].sort((a, b) => casualties(b) - casualties(a)); // small on top
  for (const e of events) {
    const loc = e.event_loc || {};
    let lon = loc.lon, lat = loc.lat, kind = loc.resolution >= 3 ? "point" : loc.resolution === 2 ? "region" : "country";
    if ((lon === null || lon === undefined) && loc.resolution === 1 && loc.country && centre.has(loc.country.toLowerCase())) {
      [lon, lat] = centre.get(loc.country.toLowerCase());
    }
    if (lon === null || lon === undefined || lat === null || lat === undefined) { missing += 1; continue; }
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) { outside += 1; continue; }
    const r = 4 + Math.sqrt(casualties(e)) * 1.5;
    const attrs = { class: `marker ${kind} ${(e.event || [""])[0].toLowerCase()}`, "data-id": e.id, tabindex: "0" };
    const marker = kind === "country"
      ? svg("rect", { ...attrs, x: (px(lon) - r).toFixed(1), y: (py(lat) - r).toFixed(1), width: 2 * r, height: 2 * r })
      : svg("circle", { ...attrs, cx: px(lon), cy: py(lat), r: kind === "region" ? r + 6 : r });
    marker.append(svg("title", {}, `${e.date || "undated"} ${(e.event || []).join(", ")} — ${place(e)} (${precisionLabel(loc)}); ` +
      `dead ${e.size && e.size.dead !== null ? e.size.dead : "?"}, injured ${e.size && e.size.injured !== null ? e.size.injured : "?"}`));
    marker.addEventListener("click", () => showDetail(e.id, document.querySelector(`#events tr[data-id="${CSS.escape(e.id)}"]`)));
    map.append(marker);
    drawn += 1;
  }
  box.append(map);
  note.textContent = `${drawn} of ${state.events.length} events drawn; ${missing} have no location and ${outside} lie outside ` +
    `the map. ${state.countries.source}.`;
}

// ---- red-line board ----

function drawRedlines() {
  const box = document.getElementById("redlines");
  clear(box);
  if (!state.redlines.length) { box.append(el("p", { class: "muted" }, "No red lines in the store.")); return; }
  for (const rl of state.redlines) {
    const cond = rl.condition || {};
    const card = el("article", { class: `redline ${rl.status || ""}` },
      el("header", {}, el("strong", {}, `${codes(rl.actor).join(", ") || "?"} → ${codes(rl.recipient).join(", ") || "?"}`),
        el("span", { class: "badge" }, (rl.status || "").replaceAll("_", " "))),
      el("p", {}, `Threatens ${rl.threatened_action || "?"} ${cond.text || ""}`),
      el("blockquote", {}, rl.evidence || ""),
      el("p", { class: "muted" }, `drawn ${rl.drawn_on || "?"} · ${rl.citation || ""} · ${(rl.crossing_event_ids || []).length} crossings · ` +
        `${(rl.response_event_ids || []).length} responses` + (rl.lag_days !== null && rl.lag_days !== undefined ? ` · lag ${rl.lag_days} days` : "")));
    if (rl.threat_event_id) card.addEventListener("click", () => showDetail(rl.threat_event_id));
    box.append(card);
  }
}

// ---- start ----

async function start() {
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
  form.addEventListener("reset", () => setTimeout(loadEvents, 0));
  const [stats, dyads, all, redlines, countries] = await Promise.all([
    api("/api/stats").catch(() => null),
    api("/api/dyads", { limit: "50" }).catch(() => ({ dyads: [] })),
    api("/api/events", { limit: "1000" }).catch(() => ({ events: [] })),
    api("/api/redlines").catch(() => ({ redlines: [] })),
    fetch("countries-ne50m-europe.json").then((r) => r.json()).catch(() => null),
  ]);
  state.all = new Map(all.events.map((e) => [e.id, e]));
  state.redlines = redlines.redlines || [];
  state.countries = countries;
  if (stats) {
    const ev = stats.events || {};
    document.getElementById("stats").textContent =
      `${ev.events ?? "?"} events from ${ev.articles_extracted ?? "?"} articles, ${ev.first_date || "?"} to ${ev.last_date || "?"}`;
    for (const type of Object.keys(ev.by_type || {})) document.getElementById("type-list").append(el("option", { value: type }));
  }
  const select = document.getElementById("timeline-dyad");
  for (const d of dyads.dyads.filter((d) => d.actor !== d.recipient)) {
    const code = `${d.actor}-${d.recipient}`;
    select.append(el("option", { value: code }, `${code} (${d.events})`));
    document.getElementById("dyad-list").append(el("option", { value: code }));
  }
  select.addEventListener("change", drawTimeline);
  drawRedlines();
  await Promise.all([loadEvents(), drawTimeline()]);
  document.body.dataset.ready = "1";
}

start();
