// lanes_on_sea.mjs -- sea lanes stay at sea.
//
// Every lane of NETWORK/sealanes.csv is followed along its great circle
// (d3-geo's geoInterpolate) in steps of STEP_KM; each point is tested
// against Natural Earth's 1:50m land polygons (world-atlas, public domain;
// d3-geo's spherical geoContains).  Points within END_KM of either end are
// skipped (ports sit on the coast, and a coastline at 1:50m is a few km
// off), and so are lanes through a canal (they cross land by design).
// A lane with land on it fails, with the first point on land.
//
//   node tests/geo/lanes_on_sea.mjs [NETWORK]     (default data/instc)
//
// Prints "N passed, N failed" and exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { feature } from 'topojson-client';
import { geoContains, geoDistance, geoInterpolate } from 'd3-geo';

const here = path.dirname(fileURLToPath(import.meta.url));
const net = process.argv[2] || path.join(here, '..', '..', 'data', 'instc');
const STEP_KM = 10, END_KM = 30, EARTH_KM = 6371.0088;
const CANALS = new Set(['suez', 'panama', 'kiel', 'volgadon', 'volga_don']);

const landAll = feature(JSON.parse(readFileSync(path.join(here, 'node_modules', 'world-atlas', 'land-50m.json'), 'utf8')),
                        'land');
// one polygon a piece, with its bounding box, so that a point is tested
// only against the few polygons whose box holds it
const pieces = (landAll.geometry ? [landAll] : landAll.features).flatMap(f =>
  f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.map(c => ({ type: 'Polygon', coordinates: c }))
                                      : [f.geometry]).map(g => {
  let x0 = 180, x1 = -180, y0 = 90, y1 = -90;
  for (const [x, y] of g.coordinates[0]) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  return { g, x0, x1, y0, y1, wide: x1 - x0 > 180 };
});
const land = { onLand: ([x, y]) => pieces.some(p => (p.wide || (x >= p.x0 && x <= p.x1)) && y >= p.y0 && y <= p.y1 &&
                                                  geoContains(p.g, [x, y])) };
const rows = f => parse(readFileSync(path.join(net, f), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
const nodes = new Map(rows('nodes.csv').map(n => [n.id, n]));

let pass = 0, fail = 0;
for (const lane of rows('sealanes.csv')) {
  const a = nodes.get(lane.from), b = nodes.get(lane.to);
  const tags = [lane.passages, a.passage, b.passage].join('|').split('|');
  if (tags.some(t => CANALS.has(t))) { pass++; continue; }
  const pa = [+a.lon, +a.lat], pb = [+b.lon, +b.lat];
  const km = geoDistance(pa, pb) * EARTH_KM;
  const interp = geoInterpolate(pa, pb);
  let onLand = null;
  for (let d = END_KM; d <= km - END_KM && !onLand; d += STEP_KM) {
    const p = interp(d / km);
    if (land.onLand(p)) onLand = { p, d };
  }
  if (onLand) {
    fail++;
    console.log(`FAIL lane ${lane.from} - ${lane.to} (${km.toFixed(0)} km): on land at ${onLand.d.toFixed(0)} km, ` +
                `${onLand.p[1].toFixed(2)} N ${onLand.p[0].toFixed(2)} E`);
  } else {
    pass++;
  }
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
