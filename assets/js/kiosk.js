// A shared kiosk goes back to its start page when nobody has used it for a while, so the
// next person never sees what the last one typed. Loaded by survey/layout.html on kiosk pages.
// Touching, typing or scrolling counts as use. Before going back it shows a warning with an
// "I am still here" button (WCAG 2.2.1: a time limit can be extended), for the last part of
// the wait: a fifth of it, at most 30 seconds. Without JavaScript a <noscript> refresh does
// the same without the warning; the server forgets a kiosk draft left idle either way.
const section = document.querySelector('[data-kiosk-idle-seconds]')

if (section) {
  const idleMs = Number(section.dataset.kioskIdleSeconds) * 1000
  const warnMs = Math.min(30000, idleMs / 5)
  let warnTimer = null
  let resetTimer = null

  const goBackToStart = async () => {
    // The service worker's copies of this person's pages go too.
    const registration = await navigator.serviceWorker?.getRegistration()
    registration?.active?.postMessage({ type: 'forget-pages' })
    window.location.replace(section.dataset.kioskStartUrl)
  }

  const warn = () => {
    section.hidden = false
    section.focus()
    resetTimer = setTimeout(goBackToStart, warnMs)
  }

  const restart = () => {
    clearTimeout(warnTimer)
    clearTimeout(resetTimer)
    section.hidden = true
    warnTimer = setTimeout(warn, idleMs - warnMs)
  }

  for (const name of ['pointerdown', 'keydown', 'input', 'scroll', 'touchstart']) {
    window.addEventListener(name, () => { if (section.hidden) restart() }, { passive: true })
  }
  section.querySelector('[data-kiosk-stay]').addEventListener('click', restart)
  restart()
}
