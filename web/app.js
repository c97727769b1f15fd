/* corridor's web map: pick two places, see the corridors compared on an
 * offline map (Natural Earth from world-atlas), change scenarios and what-if
 * sliders (sent to the API as an inline scenario overlay), copy a quote.
 * The page's state lives in its URL, so a link reproduces the view.  Every
 * figure comes from the API (/v1/compare, /v1/route), which answers as the
 * command line does. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const MODE_COLOURS = { sea: "#1f5fa8", feeder: "#17a2b8", rail: "#c62828", road: "#ef8a17", ferry: "#7b3fa0", iww: "#2e7d32" };
  const state = { rows: [], sortKey: "days", sortUp: true, selected: null, geo: null };

  const map = L.map("map", { worldCopyJump: true, zoomSnap: 0.25 }).setView([40, 55], 3);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  const routeLayer = L.layerGroup().addTo(map);
  fetch("/node_modules/world-atlas/countries-50m.json").then((r) => r.json()).then((topo) => {
    const land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, { style: { color: "#9a9a8a", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 }, interactive: false })
      .addTo(map).bringToBack();
  });
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const d = L.DomUtil.create("div", "legend");
    d.innerHTML = Object.entries(MODE_COLOURS).map(([m, c]) => `<i style="background:${c}"></i>${m}`).join("<br>");
    return d;
  };
  legend.addTo(map);

  // ---- the page's state <-> its URL ----
  function readForm() {
    const sc = [...document.querySelectorAll("#scenarios input:checked")].map((x) => x.value);
    return { from: $("from").value.trim(), to: $("to").value.trim(), by: $("by").value, year: $("year").value, box: $("box").value,
             vot: $("vot").value, cp: $("cp").value, sc, astara: $("astara").value, rail: $("rail").value,
             close: $("close").value };
  }
  function writeUrl(s) {
    const p = new URLSearchParams();
    for (const k of ["from", "to", "by", "year"]) if (s[k]) p.set(k, s[k]);
    if (s.box !== "20") p.set("box", s.box);
    if (s.by === "generalized") { p.set("vot", s.vot); p.set("cp", s.cp); }
    if (s.sc.length) p.set("scenario", s.sc.join(","));
    if (+s.astara !== 1) p.set("astara", s.astara);
    if (+s.rail !== 1) p.set("rail", s.rail);
    if (s.close) p.set("close", s.close);
    if (state.selected) p.set("show", state.selected);
    history.replaceState(null, "", "?" + p.toString());
  }
  function readUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of ["from", "to", "by", "year", "box", "vot", "cp", "astara", "rail", "close"]) if (p.has(k)) $(k).value = p.get(k);
    state.selected = p.get("show");
    return (p.get("scenario") || "").split(",").filter(Boolean);
  }

  // ---- the API ----
  function overlay(s) {
    const o = { name: "what-if", description: "the page's what-if controls", source: "assumption: the user's what-if" };
    const scale = [];
    if (+s.astara !== 1) scale.push({ what: "border_dwell_hours", factor: +s.astara, nodes: ["IR-ASTARA"] });
    if (+s.rail !== 1) scale.push({ what: "rate_usd_per_teu_km", factor: +s.rail, modes: ["rail"] });
    if (scale.length) o.scale = scale;
    if (s.close) o.close_passages = [s.close];
    return scale.length || s.close ? o : null;
  }
  function query(s, extra) {
    const p = new URLSearchParams({ from: s.from, to: s.to, by: s.by });
    if (s.year) p.set("year", s.year);
    if (s.box && s.box !== "20") p.set("box", s.box);
    if (s.by === "generalized") { p.set("value-of-time", s.vot); p.set("carbon-price", s.cp); }
    for (const x of s.sc) p.append("scenario", x);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p.toString();
  }
  async function api(path, s, extra) {
    const o = overlay(s);
    const res = await fetch(`${path}?${query(s, extra)}`, o ? { method: "POST", headers: { "content-type": "application/json" },
                                                              body: JSON.stringify(o) } : {});
    const type = res.headers.get("content-type") || "";
    const body = /json/.test(type) ? await res.json() : /^image/.test(type) ? await res.blob() : await res.text();
    if (!res.ok) {
      const e = body && body.error ? body.error : { message: String(body) };
      let msg = e.message;
      if (e.closest && e.closest.length) msg += "";
      throw Object.assign(new Error(msg), { info: e });
    }
    return body;
  }

  // ---- results ----
  function fmt(v, d) { return v == null ? "" : v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }); }
  function renderTable() {
    const t = $("corridors"), tb = t.querySelector("tbody");
    const k = state.sortKey, up = state.sortUp ? 1 : -1;
    const rows = [...state.rows].sort((a, b) => {
      if (a.feasible !== b.feasible) return a.feasible ? -1 : 1;
      const x = a[k], y = b[k];
      return (typeof x === "string" ? x.localeCompare(y) : x - y) * up;
    });
    for (const b of t.querySelectorAll("th button")) { /* which column sorts, for eyes and screen readers */
      const on = b.dataset.key === k;
      b.parentElement.setAttribute("aria-sort", on ? (state.sortUp ? "ascending" : "descending") : "none");
      b.textContent = b.textContent.replace(/ [▲▼]$/, "") + (on ? (state.sortUp ? " ▲" : " ▼") : "");
    }
    tb.innerHTML = "";
    for (const r of rows) {
      const tr = document.createElement("tr");
      tr.dataset.corridor = r.name;
      tr.tabIndex = 0;
      if (!r.feasible) tr.className = "infeasible";
      else if (r.best) tr.className = "best";
      if (state.selected === r.name) tr.classList.add("selected");
      const range = isFinite(r.p50) && isFinite(r.p95) ? `${fmt(r.p50, 1)}\u2013${fmt(r.p95, 1)}` : "";
      const cells = r.feasible ? [r.name, fmt(r.days, 1), range, fmt(r.usd, 0), fmt(r.co2, 0), fmt(r.km, 0)]
                               : [r.name, "no route", "", "", "", ""];
      cells.forEach((c, i) => { const td = document.createElement("td"); td.textContent = c; if (i === 0 && !r.feasible) td.title = r.reason || ""; tr.appendChild(td); });
      if (!r.feasible) { for (let k = 0; k < 4; k++) tr.lastChild.remove(); tr.children[1].colSpan = 5; tr.children[1].title = r.reason || ""; }
      const pick = () => { state.selected = state.selected === r.name ? null : r.name; writeUrl(readForm()); renderTable(); drawMap(); };
      tr.addEventListener("click", pick);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
      tb.appendChild(tr);
    }
    t.hidden = false;
  }
  function drawMap() {
    routeLayer.clearLayers();
    if (!state.geo) return;
    const bounds = [];
    for (const f of state.geo.features) {
      const p = f.properties;
      const on = !state.selected || p.corridor === state.selected;
      if (f.geometry.type === "LineString") {
        const ll = f.geometry.coordinates.map(([x, y]) => [y, x]);
        const line = L.polyline(ll, { color: MODE_COLOURS[p.mode] || "#555", weight: on ? 5 : 2, opacity: on ? 0.9 : 0.25,
                                      className: "leg leg-" + p.mode });
        line.bindPopup(`<b>${esc(p.corridor)}</b><br>${esc(p.from_name)} &rarr; ${esc(p.to_name)} (${esc(p.mode)})<br>` +
                       `${fmt(p.distance_km, 0)} km, ${fmt(p.hours, 1)} h, USD ${fmt(p.cost_usd, 0)}, ${fmt(p.co2e_kg, 0)} kg CO2e`);
        line.addTo(routeLayer);
        if (on) bounds.push(...ll);
      } else if (on) {
        const [x, y] = f.geometry.coordinates;
        L.circleMarker([y, x], { radius: 5, color: "#222", weight: 1, fillColor: "#fff", fillOpacity: 1, className: "stop" })
          .bindPopup(`<b>${esc(p.name)}</b>: ${esc(p.kind)}<br>dwell ${fmt(p.dwell_hours, 1)} h, USD ${fmt(p.cost_usd, 0)}, ` +
                     `${fmt(p.co2e_kg, 1)} kg CO2e<br><i>${esc(p.corridor)}</i>`)
          .addTo(routeLayer);
      }
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 6 });
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`); }

  async function run() {
    const s = readForm();
    writeUrl(s);
    $("status").className = "";
    $("status").textContent = "Computing...";
    try {
      const [cmp, geo] = await Promise.all([api("/v1/compare", s), api("/v1/compare", s, { format: "geojson" })]);
      state.geo = geo;
      state.rows = cmp.corridors.map((c) => ({ name: c.name, feasible: c.feasible, reason: c.reason || "",
        days: c.totals ? c.totals.days : Infinity, usd: c.totals ? c.totals.cost_usd : Infinity,
        p50: c.totals && c.totals.days_p50 != null ? c.totals.days_p50 : Infinity,
        p95: c.totals && c.totals.days_p95 != null ? c.totals.days_p95 : Infinity,
        co2: c.totals ? c.totals.co2e_kg : Infinity, km: c.totals ? c.totals.distance_km : Infinity,
        best: c.feasible && c.difference_to_best === 0 }));
      if (state.selected && !state.rows.some((r) => r.name === state.selected)) state.selected = null;
      renderTable();
      drawMap();
      const n = state.rows.filter((r) => r.feasible).length;
      $("status").textContent = `${cmp.from.name} to ${cmp.to.name}: ${n} of ${state.rows.length} corridors have a route` +
        (overlay(s) ? " (what-if applied)" : "") + ".";
      $("exports").hidden = false;
      $("pareto-box").hidden = true;
      drawChart(s);
    } catch (e) {
      $("status").className = "error";
      let m = e.message;
      if (e.info && e.info.closest) m += " Closest: " + e.info.closest.map((c) => c.name).join(", ") + ".";
      $("status").textContent = m;
      $("corridors").hidden = true;
      state.geo = null;
      drawMap();
    }
  }

  // ---- the time/cost-distance chart of the corridors, and the trade-offs ----
  let chartUrl = null;
  async function drawChart(s) {
    try {
      const svg = await api("/v1/tcd", s, { compare: "true", format: "svg" });
      if (chartUrl) URL.revokeObjectURL(chartUrl);
      chartUrl = URL.createObjectURL(svg);
      $("tcd").src = chartUrl;
      $("tcd-link").href = chartUrl;
      $("tcd-fig").hidden = false;
    } catch (e) { $("tcd-fig").hidden = true; }
  }
  $("pareto-btn").addEventListener("click", async () => {
    try {
      const set = await api("/v1/route", readForm(), { pareto: "true" });
      const tb = $("pareto").querySelector("tbody");
      tb.innerHTML = "";
      set.routes.forEach((r, i) => {
        const modes = [...new Set(r.legs.map((l) => l.mode))].join(", ");
        const tr = document.createElement("tr");
        for (const c of [i + 1, fmt(r.totals.days, 1), fmt(r.totals.cost_usd, 0), fmt(r.totals.co2e_kg, 0), modes]) {
          const td = document.createElement("td"); td.textContent = c; tr.appendChild(td);
        }
        tb.appendChild(tr);
      });
      $("pareto-box").hidden = false;
    } catch (e) { $("status").className = "error"; $("status").textContent = e.message; }
  });
  $("chart-btn").addEventListener("click", async () => {
    const svg = await api("/v1/tcd", readForm(), { compare: "true", format: "svg" });
    download("corridors-tcd.svg", svg, "image/svg+xml");
  });

  // ---- exports ----
  function download(name, text, type) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  $("csv-btn").addEventListener("click", async () => download("corridors.csv", await api("/v1/compare", readForm(), { format: "csv" }), "text/csv"));
  $("geojson-btn").addEventListener("click", () => download("corridors.geojson", JSON.stringify(state.geo), "application/geo+json"));
  $("quote-btn").addEventListener("click", async () => {
    try {
      const q = await api("/v1/route", readForm(), { format: "md" });
      $("quote").value = q;
      $("quote").hidden = false;
      $("copy-btn").hidden = false;
    } catch (e) { $("status").className = "error"; $("status").textContent = e.message; }
  });
  $("copy-btn").addEventListener("click", async () => {
    const t = $("quote");
    try { await navigator.clipboard.writeText(t.value); } catch { t.select(); document.execCommand("copy"); }
    $("status").textContent = "Quote copied.";
  });

  // ---- controls ----
  for (const [id, out] of [["astara", "astara-out"], ["rail", "rail-out"]]) {
    const show = () => { $(out).textContent = "x" + (+$(id).value); };
    $(id).addEventListener("input", show);
    $(id).addEventListener("change", run);
    show();
  }
  $("by").addEventListener("change", () => { $("generalized").hidden = $("by").value !== "generalized"; });
  $("box").addEventListener("change", run);
  $("query").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  for (const el of document.querySelectorAll("#corridors th button"))
    el.addEventListener("click", () => {
      const k = el.dataset.key;
      state.sortUp = state.sortKey === k ? !state.sortUp : true;
      state.sortKey = k;
      renderTable();
    });
  let timer = null;
  for (const id of ["from", "to"])
    $(id).addEventListener("input", () => {
      clearTimeout(timer);
      const q = $(id).value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        const r = await fetch("/v1/nodes?q=" + encodeURIComponent(q));
        if (!r.ok) return;
        const nodes = await r.json();
        $(id + "-list").innerHTML = nodes.slice(0, 20).map((n) => `<option value="${esc(n.name)}">${esc(n.id)}, ${esc(n.country)}</option>`).join("");
      }, 150);
    });

  // ---- start: scenarios, then the view the URL asks for ----
  const wanted = readUrl();
  if (!$("year").value) $("year").value = new Date().getUTCFullYear();
  $("generalized").hidden = $("by").value !== "generalized";
  fetch("/v1/scenarios").then((r) => r.json()).then((d) => {
    $("scenarios").innerHTML = "";
    for (const sc of d.scenarios) {
      const id = "sc-" + sc.name;
      const div = document.createElement("div");
      div.innerHTML = `<input type="checkbox" id="${esc(id)}" value="${esc(sc.name)}"> <label for="${esc(id)}" title="${esc(sc.description)}">${esc(sc.name)}</label>`;
      div.querySelector("input").checked = wanted.includes(sc.name);
      div.querySelector("input").addEventListener("change", run);
      $("scenarios").appendChild(div);
    }
    for (const id of ["astara-out", "rail-out"]) $(id).textContent = "x" + (+$(id.replace("-out", "")).value);
    run();
  });
})();
