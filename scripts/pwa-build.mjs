// The installable, offline part of a build: icons, the web app manifest, the service worker and
// the script that registers it. scripts/split-build.mjs calls writePwa() on Trunk's staging dir
// after it has written every other file (so the precache list is what dist/ holds, and can never
// go stale), before it precompresses them all.
//
// As a command, `node scripts/pwa-build.mjs <dist dir>` redoes only this step on a built dir (and
// precompresses what it wrote): tests/e2e/specs/pwa.spec.js deploys a "new build" that way.
//
// What it writes:
//   - icon-<hash>.svg (assets/icon.svg), icon-{192,512}-<hash>.png and their maskable variants
//     icon-maskable-{192,512}-<hash>.png, apple-touch-icon-<hash>.png (180 px, opaque: iOS adds
//     its own corners). The PNGs are rendered from the SVG with rsvg-convert (librsvg, Debian's
//     librsvg2-bin, installed by scripts/setup). The maskable drawing is the same SVG with the
//     background's corners squared and the mark scaled into the safe zone (the central circle
//     whose radius is 40% of the icon).
//   - manifest.webmanifest: name, colours from style/tokens.css (--brand, --bg), the icons.
//   - sw.js from src/sw.js (release only): the build id and the list of files to precache.
//   - pwa-<hash>.js from src/pwa.js (release only): the registration and the update prompt,
//     imported by the boot code once the app has rendered (so `/` loads none of it up front).
//   - index.html: the manifest and apple-touch-icon links and `<meta name="kepuri-build">`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');

const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};

/** `.br` (quality 11) and `.gz` (level 9) beside a file, as the server sends them. */
export function precompress(file) {
  const data = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
}

// Sections only staff open (登记填报, 审核, 内容审核): not precached for every visitor on a weak
// signal; the service worker keeps them once they have been used.
const STAFF_SECTIONS = ['organiser', 'review', 'moderation'];

function token(name) {
  const css = fs.readFileSync(path.join(root, 'style/tokens.css'), 'utf8');
  const m = css.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,8})`));
  if (!m) throw new Error(`pwa-build: style/tokens.css has no --${name} colour`);
  return m[1];
}

function maskable(svg) {
  const out = svg
    .replace(/(<rect id="icon-bg"[^>]*?) rx="[^"]*"/, '$1')
    .replace(/<g id="icon-mark"( transform="([^"]*)")?>/, (_, __, t) =>
      `<g id="icon-mark" transform="translate(256 256) scale(0.72) translate(-256 -256)${t ? ` ${t}` : ''}">`);
  if (out === svg || /id="icon-bg"[^>]* rx=/.test(out) || !out.includes('scale(0.72)')) {
    throw new Error('pwa-build: assets/icon.svg must keep <rect id="icon-bg" rx=…> and <g id="icon-mark">');
  }
  return out;
}

/** The registration script's file name (the boot code imports it by this name). */
export function pwaScript() {
  const data = fs.readFileSync(path.join(root, 'src/pwa.js'), 'utf8');
  return { name: `pwa-${hash(data)}.js`, data };
}

function render(svg, size) {
  return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png'], {
    input: svg,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * Writes the PWA files into `dir` (a build's dist or Trunk's staging dir) and returns the names
 * it wrote. `release` adds the service worker and its registration.
 */
export function writePwa(dir, { release }) {
  const written = [];
  const write = (name, data) => {
    fs.writeFileSync(path.join(dir, name), data);
    written.push(name);
    return name;
  };
  // Files of an earlier run (the command on a built dir) make way for this one's.
  for (const f of fs.readdirSync(dir)) {
    if (/^(icon(-maskable)?(-\d+)?|apple-touch-icon|pwa)-[0-9a-f]{16}\.(svg|png|js)(\.br|\.gz)?$/.test(f)) {
      fs.rmSync(path.join(dir, f));
    }
  }

  const svg = fs.readFileSync(path.join(root, 'assets/icon.svg'), 'utf8');
  const mask = maskable(svg);
  const named = (stem, ext, data) => write(`${stem}-${hash(data)}${ext}`, data);
  const svgName = named('icon', '.svg', svg);
  const icons = [{ src: `/${svgName}`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' }];
  for (const size of [192, 512]) {
    icons.push({ src: `/${named(`icon-${size}`, '.png', render(svg, size))}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' });
  }
  for (const size of [192, 512]) {
    icons.push({ src: `/${named(`icon-maskable-${size}`, '.png', render(mask, size))}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'maskable' });
  }
  const appleIcon = named('apple-touch-icon', '.png', render(mask, 180));

  const manifest = {
    id: '/',
    name: '云上科普日',
    short_name: '云上科普日',
    description: '2021全国科普日线上平台：身边的科普活动、科普直播、短视频征集与科技志愿者。',
    lang: 'zh-CN',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: token('brand'),
    background_color: token('bg'),
    icons,
  };
  write('manifest.webmanifest', `${JSON.stringify(manifest, null, 2)}\n`);

  // index.html: the links, and the build id (of everything else in the build, this step's
  // previous output left out, so running the command twice on the same files gives the same id).
  const indexPath = path.join(dir, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8')
    .replace(/\s*<link rel="manifest"[^>]*>/g, '')
    .replace(/\s*<link rel="apple-touch-icon"[^>]*>/g, '')
    .replace(/\s*<meta name="kepuri-build"[^>]*>/g, '');
  const isOwn = (f) => f === 'index.html' || f === 'sw.js' || /\.(br|gz)$/.test(f);
  const files = fs.readdirSync(dir, { recursive: true })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile() && !isOwn(f))
    .sort();
  let pwaName = null;
  if (release) {
    const pwa = pwaScript();
    pwaName = write(pwa.name, pwa.data);
    files.push(pwaName);
    files.sort();
  }
  const build = hash(html, '\0', files.join('\n'));
  html = html.replace('</head>', [
    `  <meta name="kepuri-build" content="${build}">`,
    '<link rel="manifest" href="/manifest.webmanifest">',
    `<link rel="apple-touch-icon" href="/${appleIcon}">`,
  ].join('\n    ').concat('\n  </head>'));
  fs.writeFileSync(indexPath, html);
  written.push('index.html');

  if (release) {
    // The staff sections' packs (named by the split build: section_<name>-<hash>.bin) wait
    // until they are used; everything else is precached.
    const staff = new RegExp(`^section_(${STAFF_SECTIONS.join('|')})-[0-9a-f]{16}\\.bin$`);
    const precache = files.filter((f) => !staff.test(f)).map((f) => `/${f}`);
    const onUse = files.filter((f) => staff.test(f)).map((f) => `/${f}`);
    if (onUse.length !== STAFF_SECTIONS.length) throw new Error(`pwa-build: found ${onUse.length} staff packs, expected ${STAFF_SECTIONS.length}`);
    const sw = fs.readFileSync(path.join(root, 'src/sw.js'), 'utf8')
      .replace('__BUILD__', JSON.stringify(build))
      .replace('__PRECACHE__', JSON.stringify(precache))
      .replace('__ON_USE__', JSON.stringify(onUse));
    if (/__[A-Z_]+__/.test(sw)) throw new Error('pwa-build: src/sw.js has a placeholder left');
    write('sw.js', sw);
  }
  return { written, build, pwa: pwaName };
}

if (process.argv[1] === import.meta.filename) {
  const dir = path.resolve(process.argv[2] || path.join(root, 'dist'));
  const { written, build } = writePwa(dir, { release: true });
  for (const f of written) precompress(path.join(dir, f));
  console.log(`[pwa-build] build ${build}: wrote ${written.length} files in ${dir}`);
}
