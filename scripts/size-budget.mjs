// Size budget: everything `/` loads (wasm + JS + CSS referenced by dist/index.html), brotli-
// compressed at the quality the server uses. Fails above the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// 450 KiB since 2026-11-29 (was 300): see README, "Tests and budgets", for why and what next.
const BUDGET_BYTES = 450 * 1024;
const dist = path.resolve(import.meta.dirname, '../dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const refs = new Set();
for (const m of html.matchAll(/(?:href|src)=["']\/?([^"'?#]+\.(?:wasm|js|css))["']/g)) refs.add(m[1]);
if (![...refs].some((r) => r.endsWith('.wasm')) || ![...refs].some((r) => r.endsWith('.js'))) {
  console.error(`size budget: could not find the wasm and JS in dist/index.html (found: ${[...refs].join(', ')})`);
  process.exit(1);
}
let total = 0;
for (const ref of [...refs].sort()) {
  const raw = fs.readFileSync(path.join(dist, ref));
  const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total += br;
  console.log(`${ref.padEnd(48)} ${String(raw.length).padStart(9)} B raw ${String(br).padStart(8)} B brotli`);
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`total ${kb(total)} KiB brotli, budget ${kb(BUDGET_BYTES)} KiB`);
if (total > BUDGET_BYTES) {
  console.error(`size budget exceeded by ${kb(total - BUDGET_BYTES)} KiB`);
  process.exit(1);
}
