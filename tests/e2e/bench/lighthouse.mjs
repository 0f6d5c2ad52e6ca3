// Lighthouse (mobile, simulated slow 4G and 4× CPU) over the public routes of two builds served
// side by side, alternating runs so both see the same machine load; prints the median of each
// figure per route and build, as a Markdown table for BENCHMARKS.md.
//   node bench/lighthouse.mjs <label>=<base URL> [<label>=<base URL> …]
// Environment: LH_RUNS (runs per route and build, default 3), CHROME_PATH (default /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROUTES = ['/', '/activities', '/live', '/challenge', '/volunteers', '/topics', '/activities/act_000001'];
const runs = Number(process.env.LH_RUNS || 3);
const builds = process.argv.slice(2).map((a) => {
  const [label, url] = a.split('=');
  return { label, url: url.replace(/\/$/, '') };
});
if (!builds.length) {
  console.error('usage: node bench/lighthouse.mjs <label>=<base URL> …');
  process.exit(2);
}
const lighthouse = path.resolve(import.meta.dirname, '../../../.tools/node_modules/.bin/lighthouse');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-lh-'));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const results = {}; // route → label → [{score, lcp, tbt, cls, bytes, requests}]
for (const route of ROUTES) {
  results[route] = {};
  for (let i = 0; i < runs; i += 1) {
    for (const { label, url } of builds) {
      const file = path.join(out, `${label}-${i}.json`);
      execFileSync(lighthouse, [`${url}${route}`, '--quiet', '--only-categories=performance', '--output=json',
        `--output-path=${file}`, '--form-factor=mobile', '--throttling-method=simulate',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking'],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] });
      const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
      const a = lhr.audits;
      (results[route][label] ||= []).push({
        score: Math.round(lhr.categories.performance.score * 100),
        lcp: a['largest-contentful-paint'].numericValue,
        tbt: a['total-blocking-time'].numericValue,
        cls: a['cumulative-layout-shift'].numericValue,
        bytes: a['total-byte-weight'].numericValue,
        requests: a['network-requests'].details.items.length,
      });
      process.stderr.write('.');
    }
  }
}
process.stderr.write('\n');

console.log(`| route | build | perf | LCP | TBT | CLS | bytes on the wire | requests |`);
console.log(`|---|---|---:|---:|---:|---:|---:|---:|`);
for (const route of ROUTES) {
  for (const { label } of builds) {
    const r = results[route][label];
    const m = (k) => median(r.map((x) => x[k]));
    console.log(`| \`${route}\` | ${label} | ${m('score')} | ${(m('lcp') / 1000).toFixed(1)} s | ${Math.round(m('tbt'))} ms | ${m('cls').toFixed(3)} | ${(m('bytes') / 1024).toFixed(0)} KiB | ${m('requests')} |`);
  }
}
console.log(`\nmedian of ${runs} runs per route and build (Lighthouse ${JSON.parse(fs.readFileSync(path.join(path.dirname(lighthouse), '../lighthouse/package.json'), 'utf8')).version}, mobile, simulated throttling)`);
