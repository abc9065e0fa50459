// Build Seen & Heard's front-end assets into voice/static/ (git-ignored, built at install).
//
// Offline by design: reads only assets/ and node_modules/ (after `npm ci`), never the network.
// Idempotent: voice/static/{css,js,assets} are rebuilt from scratch on every run.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
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
cpSync(join(root, 'node_modules', 'plotly.js-basic-dist-min', 'plotly-basic.min.js'),
  join(out, 'js', 'plotly-basic.min.js'))

// Our own icons and manifest only: GOV.UK's images are the crown and crest, and
// its fonts are GDS Transport, which only GOV.UK services may use.
cpSync(join(root, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true })
cpSync(join(root, 'assets', 'manifest.json'), join(out, 'assets', 'manifest.json'))

console.log(`Built ${out}: css/app.css (${css.length} bytes), js/, assets/`)
