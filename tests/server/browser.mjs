// The web map in a real headless Chromium (Debian's chromium, driven by
// playwright-core): open the page, choose Nhava Sheva -> Moscow, see the
// routes drawn and the table filled; open Suez (a shipped scenario) and see
// the Suez corridors change; move the Astara slider and see INSTC West
// change; reload from the URL and get the same view; a quote; an unknown
// place; no request leaves the machine.  Screenshots go to docs/img (or
// $SCREENSHOT_DIR).  Usage: node browser.mjs CORRIDOR_BINARY WEB_DIR
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { chromium } from "playwright-core";

const [bin, webDir] = process.argv.slice(2);
const shots = process.env.SCREENSHOT_DIR || resolve(webDir, "../docs/img");
mkdirSync(shots, { recursive: true });
let fails = 0, checks = 0;
const check = (cond, m) => { checks++; if (!cond) { fails++; console.error("FAIL: " + m); } };

process.on("unhandledRejection", (e) => { console.error("FAIL: unhandled: " + (e && e.stack || e)); process.exit(1); });
const server = spawn(bin, ["serve", "--port", "0", "--web", webDir, "--threads", "2"], { stdio: ["ignore", "ignore", "pipe"] });
let browser = null;
const stop = () => { server.kill("SIGKILL"); };
process.on("exit", stop);
const port = await new Promise((res, rej) => {
  let err = "";
  server.stderr.on("data", (d) => { err += d; const m = /listening on http:\/\/[^ ]*:(\d+)\//.exec(err); if (m) res(+m[1]); });
  server.on("exit", () => rej(new Error("server exited: " + err)));
});
const base = `http://127.0.0.1:${port}`;

try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const outside = [], errors = [];
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "blob:") return route.continue();
    outside.push(u.href);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  const rows = async () => page.$$eval("#corridors tbody tr", (trs) => trs.map((tr) => ({
    name: tr.dataset.corridor, feasible: !tr.classList.contains("infeasible"),
    days: tr.classList.contains("infeasible") ? null : parseFloat(tr.children[1].textContent.replace(/,/g, "")) })));
  const settle = async (before) => {
    await page.waitForFunction((b) => { const s = document.getElementById("status").textContent; return s && s !== b && !/Computing/.test(s); },
                               before, { timeout: 15000 });
    await page.waitForTimeout(300);
  };

  // 1. Nhava Sheva -> Moscow
  await page.goto(`${base}/?year=2026`);
  await page.waitForSelector("#scenarios input", { timeout: 15000 });
  await page.waitForSelector("#corridors tbody tr", { timeout: 15000 });
  await page.fill("#from", "Nhava Sheva");
  await page.fill("#to", "Moscow");
  let status = await page.textContent("#status");
  await page.click("#go");
  await settle(status === "Computing..." ? "" : "__none__").catch(() => {});
  await page.waitForSelector("path.leg", { timeout: 15000 });
  const legs = await page.$$eval("path.leg", (p) => p.length);
  check(legs >= 5, `routes drawn: ${legs} leg paths`);
  check((await page.$$eval("path.stop", (p) => p.length)) >= 3, "stops marked");
  check((await page.$$eval("path.leg-rail", (p) => p.length)) > 0 && (await page.$$eval("path.leg-sea", (p) => p.length)) > 0,
        "legs coloured by mode (sea and rail)");
  const land = await page.$$eval(".leaflet-overlay-pane path", (p) => p.length);
  check(land > legs + 50, `offline base map drawn (${land} paths)`);
  let r1 = await rows();
  check(r1.length >= 5, `the table has a row per corridor (${r1.length})`);
  const west1 = r1.find((r) => r.name === "INSTC West");
  check(west1 && west1.feasible && west1.days > 5, "INSTC West has a route");
  check(/Nhava Sheva to Moscow/.test(await page.textContent("#status")), "status names the trip");
  await page.screenshot({ path: `${shots}/web-nhava-sheva-moscow.png` });

  // each feasible corridor shows its P50-P95 range of days (the API's days_p50, days_p95) around its mean
  const ranges = await page.$$eval("#corridors tbody tr:not(.infeasible)", (trs) => trs.map((tr) => ({
    days: parseFloat(tr.children[1].textContent.replace(/,/g, "")), range: tr.children[2].textContent })));
  check(ranges.length > 0 && ranges.every((r) => {
    const m = /^([\d,.]+)\u2013([\d,.]+)$/.exec(r.range);
    if (!m) return false;
    const p50 = parseFloat(m[1].replace(/,/g, "")), p95 = parseFloat(m[2].replace(/,/g, ""));
    return p50 <= p95 && p95 >= r.days && p50 > 0;
  }), `P50-P95 ranges: ${JSON.stringify(ranges)}`);

  // sort by cost, keyboard-usable
  await page.focus('th button[data-key="usd"]');
  await page.keyboard.press("Enter");
  const byCost = (await rows()).filter((r) => r.feasible);
  const usd = await page.$$eval("#corridors tbody tr:not(.infeasible)", (trs) => trs.map((tr) => parseFloat(tr.children[3].textContent.replace(/,/g, ""))));
  check(usd.every((v, i) => i === 0 || usd[i - 1] <= v) && byCost.length === usd.length, `sorted by cost: ${usd}`);
  check((await page.getAttribute('th:has(button[data-key="usd"])', "aria-sort")) === "ascending", "aria-sort on the sorted column");

  // 2. the Red Sea: in 2026 it is closed (a default regime); open Suez and the Suez corridors change
  const suez1 = r1.filter((r) => /Suez/.test(r.name));
  status = await page.textContent("#status");
  await page.check("#sc-suez-open");
  await settle(status);
  await page.waitForTimeout(300);
  const r2 = await rows();
  const suez2 = r2.filter((r) => /Suez/.test(r.name));
  check(suez1.length > 0 && JSON.stringify(suez1) !== JSON.stringify(suez2), `Suez corridors change: ${JSON.stringify(suez1)} -> ${JSON.stringify(suez2)}`);
  check(suez2.some((r) => r.feasible), "with Suez open a Suez corridor has a route");
  await page.screenshot({ path: `${shots}/web-suez-open.png` });
  await page.uncheck("#sc-suez-open");
  await settle(await page.textContent("#status")).catch(() => {});

  // 3. the Astara slider: INSTC West changes (an inline overlay)
  status = await page.textContent("#status");
  await page.$eval("#astara", (el) => { el.value = "3"; el.dispatchEvent(new Event("input")); el.dispatchEvent(new Event("change")); });
  await settle(status);
  const west3 = (await rows()).find((r) => r.name === "INSTC West");
  check(west3 && west1 && west3.days > west1.days, `Astara dwell x3: INSTC West ${west1 && west1.days} -> ${west3 && west3.days} days`);
  check(/what-if/.test(await page.textContent("#status")), "status says the what-if applies");
  check(await page.$eval("#generalized", (e) => e.hidden && getComputedStyle(e).display === "none"),
        "value of time and carbon price hidden unless by generalized");
  check(/astara=3/.test(page.url()), "the slider is in the URL");
  await page.click('#corridors tbody tr[data-corridor="INSTC West"]');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shots}/web-astara-slow.png` });

  // 4. reload from the URL: the same view
  const before = await rows();
  const url = page.url();
  const page2 = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page2.goto(url);
  await page2.waitForSelector("#corridors tbody tr", { timeout: 15000 });
  await page2.waitForTimeout(500);
  const after = await page2.$$eval("#corridors tbody tr", (trs) => trs.map((tr) => ({
    name: tr.dataset.corridor, feasible: !tr.classList.contains("infeasible"),
    days: tr.classList.contains("infeasible") ? null : parseFloat(tr.children[1].textContent.replace(/,/g, "")) })));
  const sortByName = (a) => [...a].sort((x, y) => x.name.localeCompare(y.name));
  check(JSON.stringify(sortByName(before)) === JSON.stringify(sortByName(after)), "reload from the URL gives the same table");
  check((await page2.$eval("#astara", (e) => e.value)) === "3", "reload keeps the slider");
  check((await page2.$$eval("tr.selected", (t) => t.map((x) => x.dataset.corridor))).join() === "INSTC West", "reload keeps the selected corridor");
  await page2.close();

  // 5. a quote to copy
  await page.click("#quote-btn");
  await page.waitForSelector("#quote:not([hidden])", { timeout: 10000 });
  const quote = await page.inputValue("#quote");
  check(/Nhava Sheva/.test(quote) && /Moscow/.test(quote) && /USD/.test(quote), "the quote names the trip and its price");
  await page.$eval("#copy-btn", (el) => el.scrollIntoView());
  await page.screenshot({ path: `${shots}/web-quote.png` });

  check(errors.length === 0, `no errors in the page: ${errors.join("; ")}`);

  // the corridors' time/cost-distance chart and the trade-offs
  await page.waitForFunction(() => { const i = document.getElementById("tcd"); return i && i.complete && i.naturalWidth > 0; },
                             null, { timeout: 15000 });
  check(await page.$eval("#tcd", (i) => i.naturalWidth >= 1000), "the TCD chart is drawn");
  await page.click("#pareto-btn");
  await page.waitForSelector("#pareto-box:not([hidden]) tbody tr", { timeout: 15000 });
  const tradeoffs = await page.$$eval("#pareto tbody tr", (t) => t.length);
  check(tradeoffs >= 2, `trade-offs listed (${tradeoffs})`);
  await page.$eval("#pareto-box", (el) => el.scrollIntoView());
  await page.screenshot({ path: `${shots}/web-chart-tradeoffs.png` });

  // 6. an unknown place: the closest names
  status = await page.textContent("#status");
  await page.fill("#to", "Moscw");
  await page.click("#go");
  await settle(status);
  check(/unknown place/.test(await page.textContent("#status")) && /Moscow/.test(await page.textContent("#status")),
        "unknown place with the closest names");

  check(outside.length === 0, `no request left the machine: ${outside.join(", ")}`);
} catch (e) {
  fails++;
  console.error("FAIL: " + (e && e.stack || e));
} finally {
  if (browser) await browser.close();
}
console.log(`browser: ${checks - fails}/${checks} checks passed; screenshots in ${shots}`);
process.exit(fails ? 1 : 0);
