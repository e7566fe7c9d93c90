#!/usr/bin/env node
// Page weight of Bandeng pages as a phone would download them.
//
//   BASE_URL=http://127.0.0.1:3000 node page-weight.mjs [/extra/path ...]
//
// Pages: '/', the first room page linked from '/', '/rooms', plus any paths given as arguments.
// For each page prints one line:
//   page=/ html=N css=N js=N wasm=N map=N total=N total_br=N
// map: Leaflet's files, which only pages with a map fetch (named in data-map-assets).
// html/css/js/wasm/total are raw (uncompressed) bytes; total_br is the sum of the
// brotli transfer sizes. When the server did not answer with Content-Encoding: br,
// the brotli size is estimated with zlib and a footnote line starting with '*' says so.
// No dependencies: node's http/https and zlib only (fetch() would hide the real bytes).

import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

class Unreachable extends Error {}

/** GET url with the given Accept-Encoding; resolves { status, headers, body: Buffer, url }. */
function get(url, acceptEncoding, redirects = 0) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.get(
      u,
      { headers: { 'Accept-Encoding': acceptEncoding, 'User-Agent': 'bandeng-page-weight' } },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && redirects < MAX_REDIRECTS) {
          res.resume();
          resolve(get(new URL(res.headers.location, u).href, acceptEncoding, redirects + 1));
          return;
        }
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks), url: u.href }));
        res.on('error', reject);
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms: ${url}`)));
    req.on('error', (err) => {
      const code = /** @type {any} */ (err).code;
      if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'ETIMEDOUT'].includes(code)) {
        reject(new Unreachable(`${url}: ${code}`));
      } else {
        reject(err);
      }
    });
  });
}

function decode(body, encoding) {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return body;
    case 'br':
      return zlib.brotliDecompressSync(body);
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    default:
      throw new Error(`unsupported content-encoding ${encoding}`);
  }
}

function brotliEstimate(raw) {
  return zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
}

/** Measure one URL: raw bytes and brotli transfer bytes. */
async function measure(url) {
  const plain = await get(url, 'identity');
  if (plain.status < 200 || plain.status >= 300) {
    console.error(`warning: ${url} answered HTTP ${plain.status}`);
  }
  // A server should not compress when asked for identity, but be safe.
  const raw = decode(plain.body, plain.headers['content-encoding']);
  const brRes = await get(url, 'br');
  const sentBr = (brRes.headers['content-encoding'] ?? '').trim().toLowerCase() === 'br';
  const br = sentBr ? brRes.body.length : brotliEstimate(raw);
  return { raw, rawBytes: raw.length, br, estimated: !sentBr, contentType: String(plain.headers['content-type'] ?? '') };
}

function decodeEntities(s) {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/gi, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Attributes of one start tag, lower-cased names. */
function attrs(tag) {
  const out = {};
  const re = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  const body = tag.replace(/^<\s*[a-zA-Z0-9-]+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(body))) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Asset URLs (absolute, deduped, same order as found) referenced by an HTML page. */
function findAssets(html, pageUrl) {
  const found = [];
  const add = (ref) => {
    if (!ref || ref.startsWith('data:')) return;
    try {
      const u = new URL(ref, pageUrl);
      u.hash = '';
      found.push(u.href);
    } catch {
      /* not a URL */
    }
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attrs(tag);
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('stylesheet') || rel.includes('modulepreload')) add(a.href);
    else if (rel.includes('preload') && (a.as ?? '').toLowerCase() === 'fetch') add(a.href);
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const a = attrs(tag);
    if (a.src) add(a.src);
  }
  // Any href/src pointing at a .js/.css/.wasm file under /pkg/.
  for (const m of html.matchAll(/\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const ref = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
    if (/\/pkg\/[^?#]*\.(?:js|mjs|css|wasm)(?:[?#]|$)/i.test(ref)) add(ref);
  }
  // Modules started from inline scripts, e.g. import('/pkg/bandeng.js').
  for (const m of html.matchAll(/\/pkg\/[^'"`\s)]+\.(?:js|wasm)/g)) {
    if (!m[0].includes('${')) add(m[0]);
  }
  return [...new Set(found)];
}

function kindOf(url, contentType) {
  const path = new URL(url).pathname.toLowerCase();
  if (path.endsWith('.css')) return 'css';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'js';
  if (path.endsWith('.wasm')) return 'wasm';
  const ct = contentType.toLowerCase();
  if (ct.includes('text/css')) return 'css';
  if (ct.includes('javascript') || ct.includes('ecmascript')) return 'js';
  if (ct.includes('application/wasm')) return 'wasm';
  return null;
}

async function weigh(path) {
  const pageUrl = new URL(path, BASE_URL).href;
  const html = await measure(pageUrl);
  const sizes = { html: html.rawBytes, css: 0, js: 0, wasm: 0, map: 0 };
  let totalBr = html.br;
  const estimated = html.estimated ? [new URL(pageUrl).pathname] : [];
  const queue = findAssets(html.raw.toString('utf8'), pageUrl);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const asset = queue.shift();
    const m = await measure(asset);
    const kind = kindOf(asset, m.contentType);
    if (!kind) {
      console.error(`note: ignoring ${asset} (${m.contentType || 'unknown type'})`);
      continue;
    }
    sizes[kind] += m.rawBytes;
    totalBr += m.br;
    if (m.estimated) estimated.push(new URL(asset).pathname);
    // A module's static imports load with it (the split build's chunk loader, for one).
    if (kind === 'js') {
      for (const [, ref] of m.raw.toString('utf8').matchAll(/\bimport\s*(?:[\w*{}\s,$]+\sfrom\s*)?['"]([^'"]+\.m?js)['"]/g)) {
        const next = new URL(ref, asset).href;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  // Leaflet: fetched by the page's script, only where a map is drawn (data-map-assets="css js").
  for (const [, list] of html.raw.toString('utf8').matchAll(/data-map-assets="([^"]*)"/g)) {
    for (const ref of new Set(decodeEntities(list).split(/\s+/).filter(Boolean))) {
      const m = await measure(new URL(ref, pageUrl).href);
      sizes.map += m.rawBytes;
      totalBr += m.br;
      if (m.estimated) estimated.push(ref);
    }
  }
  const total = sizes.html + sizes.css + sizes.js + sizes.wasm + sizes.map;
  return { path, ...sizes, total, totalBr, estimated, rawHtml: html.raw.toString('utf8') };
}

async function main() {
  const pages = ['/'];
  const results = [];

  const home = await weigh('/');
  results.push(home);
  const room = home.rawHtml.match(/\bhref\s*=\s*["']?(\/r\/[^"'\s>]+)/i);
  if (room) pages.push(decodeEntities(room[1]));
  else console.error('warning: no room link (href="/r/...") found on the home page');
  pages.push('/rooms');
  for (const arg of process.argv.slice(2)) pages.push(arg.startsWith('/') ? arg : `/${arg}`);

  for (const p of pages.slice(1)) results.push(await weigh(p));

  for (const r of results) {
    console.log(
      `page=${r.path} html=${r.html} css=${r.css} js=${r.js} wasm=${r.wasm} map=${r.map} total=${r.total} total_br=${r.totalBr}`,
    );
  }
  const estimated = [...new Set(results.flatMap((r) => r.estimated))];
  if (estimated.length > 0) {
    console.log(
      `* total_br includes brotli sizes estimated locally (zlib, quality 11) because the server sent no ` +
        `Content-Encoding: br for: ${estimated.join(' ')}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    if (err instanceof Unreachable) {
      console.error(`page-weight: server unreachable at ${BASE_URL} (${err.message}). Start it or set BASE_URL.`);
    } else {
      console.error(`page-weight: ${err?.stack ?? err}`);
    }
    process.exit(1);
  },
);
