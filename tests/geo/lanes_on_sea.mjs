// lanes_on_sea.mjs -- sea lanes stay at sea.
//
// Every lane of NETWORK/sealanes.csv is followed along its great circle
// (d3-geo's geoInterpolate) in steps of STEP_KM; each point is tested
// against Natural Earth's 1:50m land polygons (world-atlas, public domain;
// d3-geo's spherical geoContains).  A lane with a point on land fails, and
// the first such point is printed.  Every waypoint node must be at sea too.
//
// Tolerance, at port ends only (never at a waypoint, never mid-lane):
//   - PORT_END_KM: the first and last PORT_END_KM of a lane that ends at a
//     port (any node that is not kind "waypoint") may be on land.  Ports are
//     placed at their town or terminal, which the 1:50m coastline (a few km
//     off, river mouths closed) often puts inland.
//   - Ports up a river or an estuary (river_ports.csv beside this script:
//     port, approach_km, waterway, source) may be on land for approach_km
//     instead, on lanes to a waypoint only: the river is not water at 1:50m.
// Lanes through a canal (a passage tag in CANALS on the lane or its ends)
// cross land by design and are skipped.
//
//   node tests/geo/lanes_on_sea.mjs [NETWORK]     (default data/instc)
//
// Prints one line per failure and then "N passed, N failed, N skipped";
// exits 0 when every lane is at sea, 1 when one is not, 2 when an input is
// missing or malformed.  Runs on node 18 or later.
//
// Speed: the land test is d3's geoContains, which walks every vertex of a
// polygon (the largest 1:50m land polygon has about 11,000), some 2 ms a
// point.  So the world is cut into CELL-degree cells; a cell that no
// coastline edge passes through, nor through one of its eight neighbours, is
// all land or all sea, and so is every such cell connected to it: the first
// time one is needed, its centre is tested and the answer is flooded through
// its block.  Only points in cells by a coast are tested one by one (about
// 1,500 of the 100,000 points of the shipped network; about 5 s in all).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { feature } from 'topojson-client';
import { geoContains, geoDistance, geoInterpolate } from 'd3-geo';

const STEP_KM = 1, PORT_END_KM = 30, EARTH_KM = 6371.0088, CELL = 0.05;
const CANALS = new Set(['suez', 'panama', 'kiel', 'volgadon', 'volga_don']);

const here = path.dirname(fileURLToPath(import.meta.url));
const net = process.argv[2] || path.join(here, '..', '..', 'data', 'instc');

function die(msg) {
  console.error(`lanes_on_sea: ${msg}`);
  process.exit(2);
}

function rows(file) {
  if (!existsSync(file))
    die(`${file}: no such file`);
  try {
    return parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
  } catch (e) {
    return die(`${file}: ${e.message}`);
  }
}

// ---- land -------------------------------------------------------------
const atlas = path.join(here, 'node_modules', 'world-atlas', 'land-50m.json');
if (!existsSync(atlas))
  die(`${atlas} is missing: run 'npm ci' in tests/geo`);
const landAll = feature(JSON.parse(readFileSync(atlas, 'utf8')), 'land');
// one polygon a piece, with its bounding box, so that a point is tested only
// against the few polygons whose box holds it
const pieces = (landAll.geometry ? [landAll] : landAll.features).flatMap(f =>
  f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.map(c => ({ type: 'Polygon', coordinates: c }))
                                      : [f.geometry]).map(g => {
  let x0 = 180, x1 = -180, y0 = 90, y1 = -90;
  for (const [x, y] of g.coordinates[0]) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return { g, x0, x1, y0, y1, wide: x1 - x0 > 180 };
});
const exactOnLand = ([x, y]) => pieces.some(p => (p.wide || (x >= p.x0 && x <= p.x1)) && y >= p.y0 && y <= p.y1 &&
                                                 geoContains(p.g, [x, y]));

const NX = Math.round(360 / CELL), NY = Math.round(180 / CELL);
const cellOf = ([x, y]) => {
  const i = Math.min(NX - 1, Math.max(0, Math.floor((((x + 180) % 360 + 360) % 360) / CELL)));
  const j = Math.min(NY - 1, Math.max(0, Math.floor((y + 90) / CELL)));
  return j * NX + i;
};
// coast[c] = 1 when a coastline edge passes through cell c or a neighbour
const coast = new Uint8Array(NX * NY);
for (const p of pieces)
  for (const ring of p.g.coordinates)
    for (let k = 0; k + 1 < ring.length; k++) {
      const [xa, ya] = ring[k];
      let [xb, yb] = ring[k + 1];
      if (xb - xa > 180) // an edge across the antimeridian: sample it unwrapped
        xb -= 360;
      else if (xa - xb > 180)
        xb += 360;
      const n = Math.max(1, Math.ceil(Math.max(Math.abs(xb - xa), Math.abs(yb - ya)) / (CELL / 4)));
      for (let s = 0; s <= n; s++) {
        const c = cellOf([xa + (xb - xa) * s / n, ya + (yb - ya) * s / n]), i = c % NX, j = (c - i) / NX;
        for (let dj = -1; dj <= 1; dj++)
          for (let di = -1; di <= 1; di++)
            if (j + dj >= 0 && j + dj < NY)
              coast[(j + dj) * NX + (i + di + NX) % NX] = 1;
      }
    }
// A cell away from every coast is all land or all sea, and so is every such
// cell that it touches: the first time one is needed, its centre is tested
// and the answer flooded through its connected block of such cells.
const state = new Uint8Array(NX * NY); // 0 unknown, 1 sea, 2 land (for non-coast cells)
function flood(c0, v) {
  const stack = [c0];
  state[c0] = v;
  while (stack.length) {
    const c = stack.pop(), i = c % NX, j = (c - i) / NX;
    const next = [j * NX + (i + 1) % NX, j * NX + (i + NX - 1) % NX];
    if (j > 0)
      next.push(c - NX);
    if (j < NY - 1)
      next.push(c + NX);
    for (const d of next)
      if (!coast[d] && !state[d]) {
        state[d] = v;
        stack.push(d);
      }
  }
}
function onLand(p) {
  const c = cellOf(p);
  if (coast[c])
    return exactOnLand(p);
  if (!state[c]) {
    const i = c % NX, j = (c - i) / NX;
    flood(c, exactOnLand([-180 + (i + 0.5) * CELL, -90 + (j + 0.5) * CELL]) ? 2 : 1);
  }
  return state[c] === 2;
}

// ---- the network --------------------------------------------------------
const nodes = new Map(rows(path.join(net, 'nodes.csv')).map(n => [n.id, n]));
const approach = new Map();
for (const r of rows(path.join(here, 'river_ports.csv'))) {
  const km = Number(r.approach_km);
  if (!nodes.has(r.port) && r.port)
    continue; // a port of another network
  if (!(km >= PORT_END_KM && km <= 200) || !r.waterway || !r.source)
    die(`river_ports.csv: port ${r.port}: approach_km must be ${PORT_END_KM}-200, with a waterway and a source`);
  approach.set(r.port, km);
}
const coordOf = n => {
  const lat = Number(n.lat), lon = Number(n.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon))
    die(`nodes.csv: node ${n.id}: bad coordinates`);
  return [lon, lat];
};

let pass = 0, fail = 0, skip = 0;
for (const n of nodes.values())
  if (n.kind === 'waypoint' && onLand(coordOf(n))) {
    fail++;
    console.log(`FAIL waypoint ${n.id} is on land (${n.lat} N ${n.lon} E)`);
  }
for (const lane of rows(path.join(net, 'sealanes.csv'))) {
  const a = nodes.get(lane.from), b = nodes.get(lane.to);
  if (!a || !b)
    die(`sealanes.csv: lane ${lane.from} - ${lane.to}: unknown node`);
  const tags = [lane.passages, a.passage, b.passage].join('|').split('|');
  if (tags.some(t => CANALS.has(t))) {
    skip++;
    continue;
  }
  // land allowed at an end: none at a waypoint, PORT_END_KM at a port, the
  // river approach at a river port on a lane to a waypoint
  const endKm = (n, other) => n.kind === 'waypoint' ? 0
                            : approach.has(n.id) && other.kind === 'waypoint' ? approach.get(n.id) : PORT_END_KM;
  const pa = coordOf(a), pb = coordOf(b);
  const km = geoDistance(pa, pb) * EARTH_KM;
  const interp = geoInterpolate(pa, pb);
  let onLandAt = null;
  for (let d = endKm(a, b); d <= km - endKm(b, a) && !onLandAt; d += STEP_KM) {
    const p = interp(d / km);
    if (onLand(p))
      onLandAt = { p, d };
  }
  if (onLandAt) {
    fail++;
    console.log(`FAIL lane ${lane.from} - ${lane.to} (${km.toFixed(0)} km): on land at ${onLandAt.d.toFixed(0)} km, ` +
                `${onLandAt.p[1].toFixed(2)} N ${onLandAt.p[0].toFixed(2)} E`);
  } else {
    pass++;
  }
}
console.log(`${pass} passed, ${fail} failed, ${skip} skipped`);
process.exit(fail ? 1 : 0);
