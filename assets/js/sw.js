// Seen & Heard's service worker: keeps an opened survey usable when the signal drops.
//
// Served at /sw.js (the app root) and registered by offline-survey.js with the scope of the
// survey pages, so it controls only respondents' pages, never staff screens. It caches:
//   - static assets (CSS, JS, icons): cache first, refreshed in the background;
//   - survey pages the respondent has opened, or that the page asked it to keep: network
//     first, the cached copy only when the network fails.
// It never touches the API or any non-GET request: answers are sent by offline-survey.js,
// which keeps them in IndexedDB until the server acknowledges them.
const VERSION = 'v1'
const PAGES = `seen-heard-pages-${VERSION}`
const ASSETS = `seen-heard-assets-${VERSION}`

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting())
})

self.addEventListener('activate', (event) => {
  // Drop caches of older versions, then take over open survey pages straight away.
  event.waitUntil((async () => {
    const keep = new Set([PAGES, ASSETS])
    for (const name of await caches.keys()) {
      if (name.startsWith('seen-heard-') && !keep.has(name)) await caches.delete(name)
    }
    await self.clients.claim()
  })())
})

self.addEventListener('message', (event) => {
  const data = event.data || {}
  if (data.type === 'keep' && Array.isArray(data.urls)) {
    event.waitUntil(keepUrls(data.urls))
  } else if (data.type === 'forget-pages') {
    // A kiosk after each completion: the next person must not find this person's pages.
    event.waitUntil(caches.delete(PAGES))
  }
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/')) return
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirst(request, ASSETS))
  } else if (isSurveyPage(url)) {
    event.respondWith(networkFirst(request, PAGES))
  }
})

function isSurveyPage (url) {
  const scope = new URL(self.registration.scope)
  return url.pathname.startsWith(scope.pathname)
}

async function keepUrls (urls) {
  const pages = await caches.open(PAGES)
  const assets = await caches.open(ASSETS)
  await Promise.all(urls.map(async (href) => {
    const url = new URL(href, self.location.origin)
    if (url.origin !== self.location.origin) return
    const cache = url.pathname.startsWith('/static/') ? assets : pages
    if (await cache.match(url.href)) return
    try {
      // The header tells the server not to set the cookie: this copy's cookie would be stale.
      const response = await fetch(url.href, {
        credentials: 'same-origin', headers: { 'X-Offline-Copy': '1' }
      })
      if (response.ok) await cache.put(url.href, response)
    } catch (error) {
      // Offline already: what is cached is what there is.
    }
  }))
}

async function cacheFirst (request, name) {
  const cache = await caches.open(name)
  const cached = await cache.match(request)
  const refresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone())
    return response
  })
  if (cached) {
    refresh.catch(() => {})
    return cached
  }
  return refresh
}

async function networkFirst (request, name) {
  const cache = await caches.open(name)
  try {
    const response = await fetch(request)
    // Only successful pages are kept: an error or a redirect to sign in is not the survey.
    if (response.ok && response.type === 'basic' && !response.redirected) {
      await cache.put(request, response.clone())
    }
    return response
  } catch (error) {
    const cached = await cache.match(request, { ignoreVary: true })
    if (cached) return cached
    throw error
  }
}
