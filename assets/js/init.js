// Progressive enhancement for GOV.UK Frontend, loaded as <script type="module">.
// It lives in a file (not inline in base.html) so the Content-Security-Policy can
// stay `script-src 'self'`. Pages work without it; it only adds behaviour.
import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend's CSS and JS switch on only when both classes are present. A
// browser that runs module scripts is one GOV.UK Frontend supports.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
