// Build Seen & Heard's front-end assets into voice/static/ (git-ignored, built at install).
//
// Offline by design: reads only assets/ and node_modules/ (after `npm ci`), never the network.
// Idempotent: voice/static/{css,js,assets} are rebuilt from scratch on every run.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const out = join(root, 'voice', 'static')

for (const dir of ['css', 'js', 'assets']) {
  rmSync(join(out, dir), { recursive: true, force: true })
  mkdirSync(join(out, dir), { recursive: true })
}

// quietDeps: GOV.UK Frontend's own deprecation notices are not ours to act on.
const { css } = sass.compile(join(root, 'assets', 'scss', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true
})
writeFileSync(join(out, 'css', 'app.css'), css + '\n')

// govuk-frontend.min.js is an ES module that init.js imports; its source map avoids a 404.
for (const name of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  cpSync(join(govuk, name), join(out, 'js', name))
}
cpSync(join(root, 'assets', 'js'), join(out, 'js'), { recursive: true })
// plotly.js's basic bundle (bar, scatter, pie; ~1.1 MB) for the topic chart page only: served
// from the app, never a CDN, and loaded by no other page.
const plotly = join(root, 'node_modules', 'plotly.js-basic-dist-min', 'plotly-basic.min.js')
cpSync(plotly, join(out, 'js', 'plotly-basic.min.js'))
writeFileSync(join(out, 'css', 'plotly.css'), plotlyStylesheet(readFileSync(plotly, 'utf8')))

// Our own icons and manifest only: GOV.UK's images are the crown and crest, and
// its fonts are GDS Transport, which only GOV.UK services may use.
cpSync(join(root, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true })
cpSync(join(root, 'assets', 'manifest.json'), join(out, 'assets', 'manifest.json'))

// plotly.js adds its CSS rules to a <style> element it makes at load, which our CSP
// (style-src 'self') refuses. It skips that when the page already has an element with id
// plotly.js-style-global and class no-inline-styles, so we write the same rules into a file the
// chart page links with that id. The rules are the bundle's own object literal (its keys use X
// for the plot's root selector), read here so they always match the installed version.
function plotlyStylesheet (bundle) {
  const start = bundle.indexOf('{"X,X div":')
  const end = bundle.indexOf('};for(', start)
  if (start < 0 || end < 0) throw new Error('plotly.js: its CSS rules were not found; check the bundle version')
  const rules = new Function(`return ${bundle.slice(start, end + 1)}`)() // eslint-disable-line no-new-func
  return Object.entries(rules).map(([selector, body]) => {
    const full = selector.replace(/^,/, ' ,').replace(/X/g, '.js-plotly-plot .plotly').replace(/Y/g, '.plotly-notifier')
    return `${full}{${body}}`
  }).join('\n') + '\n'
}

console.log(`Built ${out}: css/app.css (${css.length} bytes), js/, assets/`)
