// Bandeng's service worker: keeps the app (script, wasm, styles, code chunks) and the pages a member
// works on without signal (sessions, activities, reception days, linked households), so they open again with no signal. Everything else goes to the network as usual.
// Network first: a fresh page whenever there is a connection, the kept copy only when there is none.
const PAGES = 'bandeng-pages-v4';
const SHELL = ['/pkg/bandeng.js', '/pkg/bandeng.wasm', '/pkg/bandeng.css', '/favicon.svg'];
// With the code split (cargo run -p site), bandeng.js imports the loader of the staff screens' chunks;
// without it there is no such file, so it is kept when it is there.
const LOADER = '/pkg/__wasm_split.______________________.js';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(PAGES)
      .then((cache) => cache.addAll(SHELL).then(() => cache.add(LOADER).catch(() => undefined)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== PAGES).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A page a member works on without signal (a session, the activities, the reception days; not
// their streams or posts), or the app's own files, the staff screens' code chunks included.
function kept(url) {
  return /^\/s\/[A-Za-z0-9_]+$/.test(url.pathname)
    || url.pathname === '/activities' || url.pathname === '/receptions' || url.pathname === '/contacts'
    || SHELL.includes(url.pathname) || url.pathname.startsWith('/pkg/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !kept(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(PAGES).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())),
  );
});
