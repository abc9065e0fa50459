// The coding screen (templates/practice/coding_document.html): select text with the mouse, a
// finger or the keyboard, pick codes (searchable, keys 1–9 and 0 for the ten most used), apply.
//
// Offsets sent to the server are UTF-16 units into the stored text, which is what a DOM Range
// counts; the server converts them to code points. Each text segment carries its UTF-16 start
// (data-start16), so an offset is the segment's start plus the offset inside it. A CRLF is its
// own segment (data-crlf): the HTML parser shows it as one character, the text has two.
const text = document.getElementById('coding-text')
const form = document.getElementById('apply-form')

function segmentOf (node) {
  let element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node
  while (element && element !== text && !element.dataset.start16) element = element.parentElement
  return element && element !== text ? element : null
}

// The UTF-16 offset into the stored text of a Range boundary (node, offset).
export function boundaryOffset (node, offset) {
  if (node === text) {
    const child = text.childNodes[offset]
    return child ? Number(child.dataset.start16) : Number(text.dataset.units)
  }
  const segment = segmentOf(node)
  if (!segment) return null
  const start = Number(segment.dataset.start16)
  if (segment.dataset.crlf) return offset > 0 ? start + 2 : start
  if (node === segment) { // an element boundary: before or after the segment's text node
    return offset > 0 ? start + segment.textContent.length : start
  }
  return start + offset
}

function currentSelection () {
  const selection = window.getSelection()
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null
  const range = selection.getRangeAt(0)
  if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null
  const start = boundaryOffset(range.startContainer, range.startOffset)
  const end = boundaryOffset(range.endContainer, range.endOffset)
  if (start === null || end === null || start >= end) return null
  return { start, end, words: range.toString() }
}

function remember () {
  const chosen = currentSelection()
  if (!chosen) return // a click on a code clears the selection: keep the last one
  form.elements.start.value = chosen.start
  form.elements.end.value = chosen.end
  form.elements.unit.value = 'utf16'
  form.elements.paragraph.value = ''
  const shown = chosen.words.length > 60 ? chosen.words.slice(0, 57) + '…' : chosen.words
  document.getElementById('selection-status').textContent = `Selected: “${shown}”`
}

function filterCodes (query) {
  const wanted = query.trim().toLowerCase()
  for (const item of form.querySelectorAll('[data-label]')) {
    item.classList.toggle('app-coding-hidden', wanted !== '' && !item.dataset.label.includes(wanted))
  }
}

function shortcut (event) {
  const target = event.target
  if (event.ctrlKey || event.metaKey || event.altKey) return
  if (target.closest('input, textarea, select')) return
  const box = form.querySelector(`input[data-shortcut="${event.key}"]`)
  if (!box || form.elements.unit.value !== 'utf16') return
  event.preventDefault()
  box.checked = true
  form.requestSubmit()
}

function colourMarks () {
  for (const mark of text.querySelectorAll('mark[data-colour]')) {
    // CSSOM, not an inline style attribute: the Content-Security-Policy allows this.
    mark.style.setProperty('--code-colour', mark.dataset.colour)
    // A click marks the excerpt's rows in the table; it does not scroll, so selecting by
    // double-click over a highlight still works.
    mark.addEventListener('click', () => {
      const first = mark.dataset.excerpts.split(' ')[0]
      const row = document.querySelector(`[data-excerpt="${first}"]`)
      if (!row) return
      for (const active of document.querySelectorAll('.app-coding-row--active')) {
        active.classList.remove('app-coding-row--active')
      }
      for (const id of mark.dataset.excerpts.split(' ')) {
        document.querySelector(`[data-excerpt="${id}"]`)?.classList.add('app-coding-row--active')
      }
    })
  }
}

if (text && form) {
  document.addEventListener('selectionchange', remember) // mouse, touch and keyboard alike
  for (const name of ['start', 'end']) {
    form.elements[name].addEventListener('input', () => { form.elements.unit.value = 'chars' })
  }
  form.elements.paragraph.addEventListener('change', () => {
    form.elements.start.value = ''
    form.elements.end.value = ''
    form.elements.unit.value = 'chars'
  })
  document.getElementById('code-search').addEventListener('input', (e) => filterCodes(e.target.value))
  document.addEventListener('keydown', shortcut)
  colourMarks()
  text.dataset.ready = 'true' // for tests and styles: the screen is enhanced
}
