// Progressive enhancement for survey pages: pages kept for offline use, and answers that are
// never lost. Loaded as <script type="module"> by the survey templates; without JavaScript
// the plain form posts do the same job.
//
// The contract with the templates (data- attributes only, no inline script):
//   [data-offline-survey]           any element on a survey page: register the service worker.
//       data-sw-url, data-sw-scope  where it is served and what it controls (default /sw.js, /s/)
//       data-keep-urls              JSON list of this survey's pages to keep for offline use
//   [data-survey-finished]          the thank-you page: forget this survey's cached pages
//   form[data-offline-submit]       the final "Send" form on the check-your-answers page.
//       data-client-uuid            the response's id, made once per completion
//       data-submission             JSON: survey_key, survey_version, language, consents, answers
//       data-token                  the invitation token (sent as a Bearer token)
//       data-api-url                default /api/v1/responses/<uuid>
//       data-done-url               where to go once the server has acknowledged
//       data-after-send="submit"    post the plain form after the acknowledgement instead
//   [data-offline-status]           a GOV.UK notification region for "saved on this device".
//
// Exactly once: the submission goes into IndexedDB (the outbox) before it is sent, is sent
// with PUT under its client-made UUID (the server stores a UUID once), and is deleted only
// after a 2xx. While offline it is retried with backoff and when the browser comes online.
const DB_NAME = 'seen-heard'
const OUTBOX = 'outbox'
const MAX_DELAY_MS = 60000
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504])

let retryTimer = null
let attempt = 0
let flushing = null // one flush at a time, so a record is never sent twice at once
let flushAgain = false
let waitingForm = null // the Send form on this page whose record is still in the outbox

function openDb () {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(OUTBOX, { keyPath: 'uuid' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function withStore (mode, work) {
  const db = await openDb()
  return new Promise((resolve, reject) => {
    const tx = db.transaction(OUTBOX, mode)
    const result = work(tx.objectStore(OUTBOX))
    tx.oncomplete = () => { db.close(); resolve(result && result.result) }
    tx.onerror = () => { db.close(); reject(tx.error) }
  })
}

const outbox = {
  put: (record) => withStore('readwrite', (store) => store.put(record)),
  remove: (uuid) => withStore('readwrite', (store) => store.delete(uuid)),
  all: () => withStore('readonly', (store) => store.getAll())
}

// Send one record. Returns 'sent', 'retry' (offline or server busy) or 'rejected' (a 4xx
// the device cannot fix by sending again; the plain form post will show the person why).
async function send (record) {
  let response
  try {
    response = await fetch(record.url, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${record.token}` },
      body: JSON.stringify(record.body)
    })
  } catch (error) {
    return 'retry'
  }
  if (response.ok) {
    await outbox.remove(record.uuid)
    return 'sent'
  }
  if (RETRYABLE.has(response.status)) return 'retry'
  record.status = 'rejected'
  record.httpStatus = response.status
  await outbox.put(record)
  return 'rejected'
}

// Send everything still waiting (this survey's and any left from an earlier visit).
function flush () {
  if (flushing) {
    flushAgain = true // something was added while sending: go round once more
    return flushing
  }
  flushing = (async () => {
    do {
      flushAgain = false
      await sendWaiting()
    } while (flushAgain)
  })().finally(() => { flushing = null })
  return flushing
}

async function sendWaiting () {
  clearTimeout(retryTimer)
  let waiting = false
  for (const record of await outbox.all()) {
    if (record.status === 'rejected') continue
    const outcome = await send(record)
    if (outcome === 'retry') waiting = true
    else if (waitingForm?.dataset.clientUuid === record.uuid) settle(outcome)
  }
  if (waiting) scheduleRetry()
  else attempt = 0
  return waiting
}

function scheduleRetry () {
  // Exponential backoff with jitter, so a room of tablets coming back online do not all
  // send at the same instant.
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2)
  attempt += 1
  retryTimer = setTimeout(flush, delay)
}

function showStatus (key) {
  const region = document.querySelector('[data-offline-status]')
  if (!region) return
  const message = region.querySelector(`[data-message="${key}"]`)
  region.querySelectorAll('[data-message]').forEach((el) => { el.hidden = el !== message })
  region.hidden = !message
  if (message) region.focus()
}

function recordFor (form) {
  const uuid = form.dataset.clientUuid
  const body = JSON.parse(form.dataset.submission || '{}')
  body.submitted_at = new Date().toISOString()
  return {
    uuid,
    url: form.dataset.apiUrl || `/api/v1/responses/${uuid}`,
    token: form.dataset.token,
    body,
    status: 'pending'
  }
}

// The record of this page's Send form has left the outbox: go on to the thank-you page,
// or (rejected) post the plain form so the server tells the person why, in their language.
function settle (outcome) {
  const form = waitingForm
  waitingForm = null
  if (outcome === 'rejected' || form.dataset.afterSend === 'submit' || !form.dataset.doneUrl) {
    form.submit()
  } else {
    showStatus('sent')
    window.location.assign(form.dataset.doneUrl)
  }
}

async function submitOnce (form, event) {
  event.preventDefault()
  if (waitingForm) return // already sending this one
  const button = form.querySelector('[type="submit"], button:not([type])')
  if (button) button.disabled = true
  waitingForm = form
  try {
    // Keep the copy first: if the tab closes while sending, the next visit sends it.
    await outbox.put(recordFor(form))
    await flush()
  } catch (error) {
    waitingForm = null
    return form.submit() // no IndexedDB here (a private window): the plain post still works
  }
  // Still waiting: offline. flush() goes on trying, with backoff and when back online.
  if (waitingForm === form) showStatus('offline')
}

// Start, consent and question pages post plain forms. Offline, such a post would end on the
// browser's error page and the answer would look lost; the service worker never stores or
// replays a POST (a replay could arrive twice). So hold the form on its page, with the answer
// still in it, and post it once, when the connection is back.
let heldPost = null

function holdWhileOffline (form, event) {
  if (navigator.onLine !== false) return // online: the plain post
  event.preventDefault()
  if (heldPost) return // already waiting to send this page
  heldPost = { form, submitter: event.submitter }
  showNotice(true)
}

function sendHeldPost () {
  if (!heldPost) return
  const { form, submitter } = heldPost
  heldPost = null
  showNotice(false)
  form.requestSubmit(submitter?.form === form ? submitter : null)
}

function showNotice (show) {
  const notice = document.querySelector('[data-offline-notice]')
  if (!notice) return
  notice.hidden = !show
  if (show) notice.focus()
}

async function forgetPages () {
  const registration = await navigator.serviceWorker?.getRegistration()
  registration?.active?.postMessage({ type: 'forget-pages' })
}

async function registerWorker (root) {
  if (!('serviceWorker' in navigator)) return
  const url = root?.dataset.swUrl || '/sw.js'
  const scope = root?.dataset.swScope || '/s/'
  try {
    const registration = await navigator.serviceWorker.register(url, { scope, type: 'classic' })
    const keep = JSON.parse(root?.dataset.keepUrls || '[]')
    const assets = [...document.querySelectorAll('script[src], link[rel="stylesheet"][href]')]
      .map((el) => el.src || el.href)
    const worker = registration.active || registration.installing || registration.waiting
    worker?.postMessage({ type: 'keep', urls: [window.location.href, ...keep, ...assets] })
  } catch (error) {
    // No service worker (private browsing, an old browser): the survey still works online.
  }
}

function start () {
  for (const form of document.querySelectorAll('form[method="post"]:not([data-offline-submit])')) {
    form.addEventListener('submit', (event) => holdWhileOffline(form, event))
  }
  window.addEventListener('online', sendHeldPost)
  if (!('indexedDB' in window)) return // the plain form posts still work
  const root = document.querySelector('[data-offline-survey]')
  registerWorker(root)
  for (const form of document.querySelectorAll('form[data-offline-submit]')) {
    form.addEventListener('submit', (event) => submitOnce(form, event))
  }
  // After a completion nothing of this person's survey should stay in the page cache.
  if (document.querySelector('[data-survey-finished]')) forgetPages()
  window.addEventListener('online', () => { attempt = 0; flush() })
  flush().catch(() => {})
}

start()
