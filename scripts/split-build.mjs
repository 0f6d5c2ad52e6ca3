// Trunk post_build hook: cut the app into its sections and write the files `dist/` serves.
//
// Trunk 0.21 cannot split a wasm module (trunk-rs/trunk#1022), so this redoes the last steps of
// its Rust pipeline from cargo's raw output, in the order cargo-leptos uses:
//   1. wasm-split-cli: the split points of src/sections.rs become one `split_<section>.wasm` each,
//      code shared by several sections `chunk_<n>.wasm`, plus the loader `__wasm_split.js`, which
//      we make take each section's modules out of one file, its pack;
//   2. wasm-bindgen --keep-lld-exports on the main module (the chunks link against its exports);
//   3. wasm-opt -Oz on the main module and every chunk (release);
//   4. every file named by the hash of its content (`name-<16 hex>.ext`), references rewritten;
//   5. the boot code appended to the main JS: it preloads the current route's section files
//      (fetched in parallel with the main module, not after it) and starts the app; index.html
//      gets no inline script; a section's modules are compiled by a worker (the loader itself),
//      off the main thread;
//   6. icons, the web app manifest and (release) the service worker (scripts/pwa-build.mjs);
//   7. precompressed `.br` (quality 11) and `.gz` (level 9) beside each file (release), and a
//      manifest of what each route loads for scripts/size-budget.mjs.
// SPLIT_KEEP_NAMES=1 keeps the wasm name sections (for profiling; not for the budget).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { precompress, pwaScript, writePwa } from './pwa-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('split-build: run by trunk (TRUNK_STAGING_DIR is not set)');
const release = process.env.TRUNK_PROFILE === 'release';
const target = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const rawWasm = path.join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'kepuri.wasm');
// One work folder per profile, so a `trunk serve` build never overwrites the release manifest.
const work = path.join(target, 'split', release ? 'release' : 'debug');

// The first URL segment → the section (split name in src/sections.rs) its pages live in; a
// key of two segments (`me/saved`) wins over its first. A segment that is not here (`/`, unknown
// routes) needs only the main module.
export const SECTION_OF_SEGMENT = {
  activities: 'activities',
  live: 'live',
  challenge: 'challenge',
  volunteers: 'volunteers',
  topics: 'topics',
  login: 'account',
  legal: 'account',
  me: 'account',
  // 我的收藏: activity cards with their save buttons.
  'me/saved': 'activities',
  organiser: 'organiser',
  review: 'review',
  moderation: 'moderation',
  stats: 'stats', // stats
  // summary: 工作总结 (issue 17), a pack of its own beside the organiser's.
  'organiser/summary': 'summary',
};

// Sections no URL opens: a page loads them once it has painted, so no first visit preloads them.
// `now`: home's "what can I do now?" lists (src/pages/now.rs), loaded by `/` after the shell.
// `near`: the 附近 city picker's body (src/pages/near_me.rs), loaded when a picker first opens.
// `en`: the English UI table (src/i18n.rs EN), loaded before mounting when the locale is English
// (the boot script preloads it then).
// `saved`: 收藏's work and 我的收藏 (src/pages/saved.rs), loaded when a logged-in visit first shows
// a save button, a button is tapped or /me/saved opens (the activities pack keeps the buttons).
// `after`: an activity page's after-the-week parts (src/pages/activity_after/: 反馈评价), loaded
// when the page of an activity that has started shows them.
// `results`: 活动回顾's editor (/organiser/activities/:id/results) and the organiser's 活动评价
// (…/feedback), after the organiser pack.
// `reserve`: the logged-in part of an activity's reservation panel (src/pages/reservations/),
// loaded when someone logged in opens an activity that takes reservations.
export const LATE_SECTIONS = ['now', 'near', 'en', 'saved', 'after', 'results', 'reserve'];

const say = (msg) => console.log(`[split-build] ${msg}`);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const hashedName = (stem, ext, digest) => `${stem}-${digest}${ext}`;

fs.rmSync(work, { recursive: true, force: true });
const splitDir = path.join(work, 'split');
const bindgenDir = path.join(work, 'bindgen');
fs.mkdirSync(splitDir, { recursive: true });

say(`splitting ${path.relative(root, rawWasm)}`);
run('wasm-split-cli', ['--target', 'web', '--out-name', 'main', rawWasm, splitDir]);
say('wasm-bindgen on the main module');
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', bindgenDir,
  '--out-name', 'main', path.join(splitDir, 'main.wasm')]);

// Short import names (release). wasm-bindgen names each JS function the main module imports
// `__wbg_<name>_<16 hex digits>`: unique, but the hex digits do not compress, and every name is
// written twice, in the main wasm's import section and as a key of the main JS's imports object
// (~270 names, ~4 KiB brotli of `/`). Each becomes `_<n>` in both; nothing else refers to them
// (checked: each name must appear exactly once in the JS, as that key).
function shortenImports(wasmPath, jsPath) {
  const wasm = fs.readFileSync(wasmPath);
  let js = fs.readFileSync(jsPath, 'utf8');
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return [value, at];
    }
  };
  const uleb = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return Buffer.from(out);
  };
  const str = (s) => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([uleb(b.length), b]);
  };
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  let renamed = 0;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    let size;
    [size, at] = leb(at);
    const end = at + size;
    if (id !== 2) {
      parts.push(wasm.subarray(start, end));
      at = end;
      continue;
    }
    let count;
    [count, at] = leb(at);
    const entries = [uleb(count)];
    for (let i = 0; i < count; i++) {
      let len;
      [len, at] = leb(at);
      const module = wasm.toString('utf8', at, at + len);
      at += len;
      [len, at] = leb(at);
      let name = wasm.toString('utf8', at, at + len);
      at += len;
      // The import's kind and type: copied as they are.
      const descStart = at;
      const kind = wasm[at++];
      if (kind === 0) [, at] = leb(at); // function: type index
      else if (kind === 1) { at += 1; const [flags, a] = leb(at); [, at] = leb(a); if (flags & 1) [, at] = leb(at); } // table
      else if (kind === 2) { const [flags, a] = leb(at); [, at] = leb(a); if (flags & 1) [, at] = leb(at); } // memory
      else if (kind === 3) at += 2; // global
      else throw new Error(`split-build: import kind ${kind} of ${module}.${name}`);
      if (module === './main_bg.js') {
        const key = new RegExp(`\\n {8}${name.replace(/\$/g, '\\$')}: function\\(`);
        const uses = js.split(name).length - 1;
        if (uses !== 1 || !key.test(js)) throw new Error(`split-build: import ${name} is not once a key of the main JS's imports`);
        const short = `_${renamed.toString(36)}`;
        js = js.replace(key, (m) => m.replace(`${name}:`, `${short}:`));
        name = short;
        renamed += 1;
      }
      entries.push(str(module), str(name), wasm.subarray(descStart, at));
    }
    const body = Buffer.concat(entries);
    parts.push(Buffer.from([2]), uleb(body.length), body);
    at = end;
  }
  fs.writeFileSync(wasmPath, Buffer.concat(parts));
  fs.writeFileSync(jsPath, js);
  say(`short names for ${renamed} imports of the main module`);
}
if (release) shortenImports(path.join(bindgenDir, 'main_bg.wasm'), path.join(bindgenDir, 'main.js'));

const chunkFiles = fs.readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== 'main.wasm').sort();
const wasmFiles = [path.join(bindgenDir, 'main_bg.wasm'), ...chunkFiles.map((f) => path.join(splitDir, f))];
if (release) {
  // binaryen's own JS API in this process (npm binaryen@132, the wasm-opt of scripts/setup): the
  // same -Oz pipeline as the wasm-opt command without its start-up cost, paid once instead of
  // once per module.
  say(`wasm-opt -Oz on ${wasmFiles.length} modules (binaryen.js)`);
  const { default: binaryen } = await import(path.join(root, '.tools/node_modules/binaryen/index.js'));
  const F = binaryen.Features;
  // What rustc's wasm32 target enables by default.
  const features = F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory
    | F.BulkMemoryOpt | F.ReferenceTypes | F.Multivalue;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  if (process.env.SPLIT_KEEP_NAMES) binaryen.setDebugInfo(true);
  for (const f of wasmFiles) {
    const module = binaryen.readBinary(fs.readFileSync(f));
    module.setFeatures(features);
    module.optimize();
    if (!module.validate()) throw new Error(`split-build: ${f} does not validate after wasm-opt`);
    fs.writeFileSync(f, module.emitBinary());
    module.dispose();
  }
}

// The loader: which files each section's load waits for (its split module and the chunks of code
// it shares with other sections; a chunk is loaded once, whichever section asks first).
let loader = fs.readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8');
const chunkOfVar = {};
for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)\.wasm"/g)) {
  chunkOfVar[m[1]] = m[2];
}
const sectionParts = {};
loader = loader.replace(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g,
  (_, section, fetcher, deps) => {
    const own = fetcher.match(/new URL\("\.\/([^"]+)\.wasm"/);
    const parts = own ? [own[1]] : [];
    for (const d of deps.split(',').map((x) => x.trim()).filter(Boolean)) {
      if (!chunkOfVar[d]) throw new Error(`split-build: no file for ${d} in the loader`);
      parts.push(chunkOfVar[d]);
    }
    sectionParts[section] = parts;
    return `export const __wasm_split_load_${section} = wrapAsyncCb(__inPack("${section}", makeLoad(${fetcher}, [${deps}])));`;
  });
for (const section of new Set(Object.values(SECTION_OF_SEGMENT))) {
  if (!sectionParts[section]) throw new Error(`split-build: the loader has no section "${section}" (src/sections.rs)`);
}
for (const section of Object.keys(sectionParts)) {
  if (!Object.values(SECTION_OF_SEGMENT).includes(section) && !LATE_SECTIONS.includes(section)) {
    throw new Error(`split-build: section "${section}" has no URL segment in SECTION_OF_SEGMENT (nor is in LATE_SECTIONS)`);
  }
}

// One file per section ("pack"): its split module and all its chunks back to back, so a first
// visit fetches one file for its section instead of dozens of small ones one after another. A
// chunk shared by two sections travels in both packs but is instantiated once.
const files = new Map(); // dist name → contents
const packs = {};
for (const [section, parts] of Object.entries(sectionParts)) {
  // The pack starts with its own table of contents (4 bytes of length, then JSON: each part's
  // name and length, in the order they follow the table), so what `/` loads names only the
  // pack files.
  const datas = parts.map((part) => fs.readFileSync(path.join(splitDir, `${part}.wasm`)));
  const toc = Buffer.from(JSON.stringify(parts.map((part, i) => [part, datas[i].length])));
  const tocLength = Buffer.alloc(4);
  tocLength.writeUInt32LE(toc.length);
  const pack = Buffer.concat([tocLength, toc, ...datas]);
  const name = hashedName(`section_${section}`, '.bin', hash(pack));
  files.set(name, pack);
  packs[section] = name;
}
const sections = Object.fromEntries(Object.entries(packs).map(([s, file]) => [s, [file]]));
loader = loader.replace(/fetch\(new URL\("\.\/([^"]+)\.wasm", import\.meta\.url\)\)/g, (_, part) => `__packPart(${JSON.stringify(part)})`);
if (/\.wasm"/.test(loader)) throw new Error('split-build: the loader still fetches a .wasm file of its own');
// The shared chunks' loaders are all alike (one block and a comment listing its sections each,
// more than a hundred of them): one function makes them, so each section added to the app does
// not add its chunks' boilerplate to what `/` loads.
const chunkBlock = /(?:\/\* [^*\n]*\*\/\n)?const (__chunk_\d+) = makeLoad\(\(\) => \{\n {4}const src = __packPart\("(chunk_\d+)"\);\n {4}src\.catch\(\(\) => \{\}\);\n {4}return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[\]\);/g;
loader = loader.replace(chunkBlock, (_, name, part) => `const ${name} = __chunkLoad(${JSON.stringify(part)});`);
loader += `
// Added by scripts/split-build.mjs: the loader of one shared chunk (see chunkBlock).
function __chunkLoad(part) {
    return makeLoad(() => {
        const src = __packPart(part);
        src.catch(() => {});
        return async (imports) => (WebAssembly.instantiate(await src, imports));
    }, []);
}
`;
// Then, instead of one `const __chunk_<n> = __chunkLoad("chunk_<n>");` per chunk (more than 350)
// and each section's list of them by name (`[__chunk_15, __chunk_16, …]`, a hundred or more
// each), a section names its chunks by number ranges (`__deps("15-21,23")`) and a chunk's loader
// is made when a section first names it, once (all at the loader's start, as before, but ~1 KiB
// brotli less of what `/` loads).
const chunkNumbers = [];
loader = loader.replace(/^const __chunk_(\d+) = __chunkLoad\("chunk_(\d+)"\);\n/gm, (_, n, part) => {
  if (n !== part) throw new Error(`split-build: __chunk_${n} loads chunk_${part}`);
  chunkNumbers.push(Number(n));
  return chunkNumbers.length === 1 ? '/* __CHUNKS__ */\n' : '';
});
const numberRanges = (numbers) => {
  const out = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    out.push(i === j ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`);
    i = j;
  }
  return out.join(',');
};
let sectionsWithDeps = 0;
loader = loader.replace(/\n, \[((?:__chunk_\d+(?:, )?)*)\](\)+;)/g, (_, list, end) => {
  const numbers = list.split(', ').filter(Boolean).map((v) => Number(v.slice('__chunk_'.length)))
    .sort((a, b) => a - b);
  for (const n of numbers) {
    if (!chunkNumbers.includes(n)) throw new Error(`split-build: a section needs __chunk_${n}, which the loader does not make`);
  }
  sectionsWithDeps += 1;
  return `\n, __deps(${JSON.stringify(numberRanges(numbers))})${end}`;
});
if (sectionsWithDeps !== Object.keys(sectionParts).length || /__chunk_\d/.test(loader)
  || !(loader.indexOf('/* __CHUNKS__ */') >= 0 && loader.indexOf('/* __CHUNKS__ */') < loader.indexOf('__deps('))) {
  throw new Error('split-build: could not rewrite the sections\' chunk lists');
}
// Declared where the chunks' constants were: before the sections' loaders, which call __deps.
loader = loader.replace('/* __CHUNKS__ */\n', `// The shared chunks' loaders, by number (see __deps).
const __chunks = {};
function __deps(ranges) {
    const out = [];
    for (const range of ranges ? ranges.split(',') : []) {
        const [first, last = first] = range.split('-').map(Number);
        for (let n = first; n <= last; n++) out.push(__chunks[n] || (__chunks[n] = __chunkLoad(\`chunk_\${n}\`)));
    }
    return out;
}
`);
// Each part arrives as a compiled WebAssembly.Module (see __compile below), so it is instantiated,
// not compiled again (the shared chunks' loaders above already do so; these are the sections').
const streaming = /WebAssembly\.instantiateStreaming\(src, imports\)/g;
if ((loader.match(streaming) || []).length !== Object.keys(sectionParts).length) {
  throw new Error('split-build: the loader does not instantiate each part as expected');
}
loader = loader.replace(streaming, 'WebAssembly.instantiate(await src, imports)');
loader += `
// Added by scripts/split-build.mjs: every module of a section comes out of the section's pack.
const __PACKS = ${JSON.stringify(packs)};
const __packBytes = {};
let __packSection;
function __inPack(section, load) {
    return () => {
        __packSection = section;
        try { return load(); } finally { __packSection = undefined; }
    };
}
function __packPart(part) {
    const section = __packSection;
    const file = __PACKS[section];
    let bytes = __packBytes[section];
    if (bytes === undefined) {
        bytes = fetch(new URL(\`./\${file}\`, import.meta.url)).then((res) => {
            if (!res.ok) throw new Error(\`\${file}: HTTP \${res.status}\`);
            return res.arrayBuffer();
        }).then((b) => {
            // The pack's table of contents (see scripts/split-build.mjs).
            const tocLength = new DataView(b).getUint32(0, true);
            const parts = {};
            let at = 4 + tocLength;
            for (const [part, length] of JSON.parse(new TextDecoder().decode(new Uint8Array(b, 4, tocLength)))) {
                parts[part] = [at, length];
                at += length;
            }
            return { b, parts };
        });
        // A failed download is not kept: the next load of the section fetches it again.
        bytes.catch(() => { if (__packBytes[section] === bytes) delete __packBytes[section]; });
        __packBytes[section] = bytes;
    }
    return bytes.then(({ b, parts }) => {
        const [start, length] = parts[part];
        return __compile(new Uint8Array(b, start, length));
    });
}

// A pack arrives whole, so compiling its modules cannot overlap the download as the main
// module's streaming compile does: on the main thread it blocked a phone for a few hundred ms
// (Lighthouse TBT). A worker compiles them and hands back WebAssembly.Module objects, which
// leaves only instantiation to the main thread. The worker is this very file (no extra file to
// fetch; its imports come from the HTTP cache); where module workers are missing or fail, the
// main thread compiles as before.
if (typeof document === 'undefined' && typeof self === 'object' && typeof self.postMessage === 'function') {
    self.onmessage = async ({ data: { id, bytes } }) => {
        try {
            self.postMessage({ id, module: await WebAssembly.compile(bytes) });
        } catch (e) {
            self.postMessage({ id, error: String(e) });
        }
    };
}
let __compiler;
let __compileSeq = 0;
const __compiling = new Map();
function __compileHere(bytes) {
    return WebAssembly.compile(bytes);
}
function __compile(view) {
    if (__compiler === undefined) {
        try {
            __compiler = new Worker(new URL(import.meta.url), { type: 'module' });
            __compiler.onmessage = ({ data: { id, module, error } }) => {
                const job = __compiling.get(id);
                __compiling.delete(id);
                if (error === undefined) job.resolve(module);
                else job.reject(new Error(error));
            };
            __compiler.onerror = (event) => {
                event.preventDefault();
                __compiler = null;
                for (const job of __compiling.values()) __compileHere(job.bytes).then(job.resolve, job.reject);
                __compiling.clear();
            };
        } catch {
            __compiler = null;
        }
    }
    // A copy of the part, handed over (transferred) to the worker.
    const bytes = view.slice();
    if (__compiler === null) return __compileHere(bytes);
    return new Promise((resolve, reject) => {
        const id = ++__compileSeq;
        __compiling.set(id, { resolve, reject, bytes: view });
        __compiler.postMessage({ id, bytes }, [bytes.buffer]);
    });
}
`;

// The main wasm, then the main JS and the loader, which import each other: both are named by
// one hash over both contents (the cross references left as placeholders while hashing).
const mainWasm = fs.readFileSync(path.join(bindgenDir, 'main_bg.wasm'));
const mainWasmName = hashedName('kepuri', '_bg.wasm', hash(mainWasm));
files.set(mainWasmName, mainWasm);

let mainJs = fs.readFileSync(path.join(bindgenDir, 'main.js'), 'utf8');
if (!/^import \* as \w+ from ["']\.\/__wasm_split\.js["']/m.test(mainJs)) {
  throw new Error('split-build: the main JS does not import ./__wasm_split.js');
}
const boot = fs.readFileSync(path.join(root, 'src/boot.js'), 'utf8')
  .replace('__MAIN_WASM__', JSON.stringify(`./${mainWasmName}`))
  .replace('__SECTIONS__', JSON.stringify(sections))
  .replace('__SECTION_OF_SEGMENT__', JSON.stringify(SECTION_OF_SEGMENT))
  // The app's API base (src/api/client.rs, API_BASE: KEPURI_API_BASE at build time).
  .replace('__API_BASE__', JSON.stringify(process.env.KEPURI_API_BASE || '/api/v1'))
  .replace('__PWA__', release ? JSON.stringify(`./${pwaScript().name}`) : 'null');
mainJs = `${mainJs}\n${boot}`;
// Release: both files minified by terser (npm, scripts/setup): comments, indentation and local
// names were a quarter of their brotli size. Export names and property keys stay as they are
// (the wasm imports by the imports object's keys; the loader and the main JS import each other's
// exports).
if (release) {
  const terser = await import(path.join(root, '.tools/node_modules/terser/main.js'));
  const minify = async (code, name) => {
    const out = await terser.minify(code, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
    if (!out.code) throw new Error(`split-build: terser gave nothing for ${name}`);
    return out.code;
  };
  mainJs = await minify(mainJs, 'the main JS');
  loader = await minify(loader, 'the loader');
}
// (The build script itself is hashed too: how it rewrites the two files is part of their content.)
const pairHash = hash(mainJs, '\0', loader, '\0', fs.readFileSync(import.meta.filename));
const mainJsName = hashedName('kepuri', '.js', pairHash);
const loaderName = hashedName('wasm_split', '.js', pairHash);
// Only the module specifiers: the imports object keeps the wasm's own import name.
const loaderImport = /(import\s*\*\s*as\s*[\w$]+\s*from\s*)["']\.\/__wasm_split\.js["']/g;
if (!loaderImport.test(mainJs)) throw new Error('split-build: the main JS does not import ./__wasm_split.js');
mainJs = mainJs.replace(loaderImport, `$1"./${loaderName}"`);
if (!loader.includes('"./main.js"')) throw new Error('split-build: the loader does not import ./main.js');
loader = loader.replaceAll('"./main.js"', `"./${mainJsName}"`);
files.set(mainJsName, mainJs);
files.set(loaderName, loader);

// index.html: Trunk's unsplit module and its inline start-up script make way for ours.
const indexPath = path.join(staging, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
const before = html;
html = html
  .replace(/<link rel="modulepreload"[^>]*href="[^"]*kepuri-[0-9a-f]+\.js"[^>]*>\s*/g, '')
  .replace(/<link rel="preload"[^>]*href="[^"]*kepuri-[0-9a-f]+_bg\.wasm"[^>]*>\s*/g, '')
  .replace(/<script type="module"[^>]*>[^<]*kepuri-[0-9a-f]+\.js[^<]*<\/script>\s*/g, '');
if (html === before || /kepuri-[0-9a-f]+(_bg\.wasm|\.js)/.test(html)) {
  throw new Error('split-build: could not find Trunk\'s wasm and JS tags in index.html');
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const tags = [
  `<link rel="modulepreload" href="${publicUrl}${mainJsName}">`,
  `<link rel="modulepreload" href="${publicUrl}${loaderName}">`,
  `<link rel="preload" href="${publicUrl}${mainWasmName}" as="fetch" type="application/wasm" crossorigin>`,
  `<script type="module" src="${publicUrl}${mainJsName}"></script>`,
].join('\n    ');
html = html.replace('</head>', `    ${tags}\n  </head>`);
// Release: index.html's stylesheets as one file, minified by csso (npm, scripts/setup; rules
// kept in their order): one render-blocking request instead of nine, and no comments or
// indentation. The sheets packs load by name (copied as they are: /public.css, /organiser.css…)
// are minified in place.
if (release) {
  const csso = await import(path.join(root, '.tools/node_modules/csso/lib/index.js'));
  const minifyCss = (text, name) => {
    const { css } = csso.minify(text, { restructure: false, comments: false });
    if (!css) throw new Error(`split-build: csso gave nothing for ${name}`);
    return css;
  };
  const links = [...html.matchAll(/<link rel="stylesheet" href="\/?([^"]+\.css)"[^>]*>\s*/g)];
  if (links.length > 1) {
    const all = links.map(([, f]) => fs.readFileSync(path.join(staging, f), 'utf8')).join('\n');
    const min = minifyCss(all, 'the stylesheets');
    const name = hashedName('app', '.css', hash(min));
    const integrity = `sha384-${createHash('sha384').update(min).digest('base64')}`;
    html = html.replace(links[0][0], `<link rel="stylesheet" href="${publicUrl}${name}" integrity="${integrity}"/>\n    `);
    for (const [tag] of links.slice(1)) html = html.replace(tag, '');
    for (const [, f] of links) fs.rmSync(path.join(staging, f));
    files.set(name, min);
    say(`stylesheets: ${links.length} files → ${name} (${all.length} → ${min.length} B)`);
  }
  for (const f of fs.readdirSync(staging).filter((f) => /^[a-z]+\.css$/.test(f))) {
    fs.writeFileSync(path.join(staging, f), minifyCss(fs.readFileSync(path.join(staging, f), 'utf8'), f));
  }
}
fs.writeFileSync(indexPath, html);

// Trunk's own unsplit files are not served.
for (const f of fs.readdirSync(staging)) {
  if (/^kepuri-[0-9a-f]+(_bg\.wasm|\.js)$/.test(f)) fs.rmSync(path.join(staging, f));
}
for (const [name, data] of files) fs.writeFileSync(path.join(staging, name), data);

const css = [...html.matchAll(/<link rel="stylesheet" href="\/?([^"]+\.css)"/g)].map((m) => m[1]);
const manifest = {
  index: 'index.html',
  main: [...css, mainJsName, loaderName, mainWasmName],
  sections,
  section_parts: sectionParts,
  section_of_segment: SECTION_OF_SEGMENT,
  late_sections: LATE_SECTIONS,
};
fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));

// Icons, the web app manifest, and (release) the service worker with the list of every file
// written above: last, so that list is the build's (scripts/pwa-build.mjs).
const pwa = writePwa(staging, { release });
say(`pwa: build ${pwa.build}, ${pwa.written.length} files${release ? ' (with sw.js)' : ''}`);

if (release) {
  let n = 0;
  for (const f of fs.readdirSync(staging, { recursive: true })) {
    const p = path.join(staging, f);
    if (!fs.statSync(p).isFile() || /\.(br|gz)$/.test(f)) continue;
    precompress(p);
    n += 1;
  }
  say(`precompressed ${n} files (.br quality 11, .gz level 9)`);
}
say(`main ${mainJsName} + ${loaderName} + ${mainWasmName}; sections: ${Object.entries(sectionParts)
  .map(([s, l]) => `${s} (${l.length} modules)`).join(', ')}`);
