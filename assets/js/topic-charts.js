// Draw the topic charts of the research area's chart page with plotly.js (basic bundle,
// served from the app: no CDN). Each chart's data sits in its element's data-chart attribute,
// because the Content-Security-Policy forbids inline script. Suppressed counts are null: gaps.
/* global Plotly */

function draw (element) {
  const data = JSON.parse(element.dataset.chart)
  const traces = data.series.map((series) => ({
    name: series.name,
    x: data.groups,
    y: series.values,
    type: data.kind === 'line' ? 'scatter' : 'bar',
    mode: data.kind === 'line' ? 'lines+markers' : undefined,
    connectgaps: false
  }))
  const layout = {
    barmode: 'stack',
    height: 420,
    margin: { t: 20, r: 10, b: 80, l: 50 },
    yaxis: { title: { text: 'Documents' }, rangemode: 'tozero' },
    legend: { orientation: 'h', y: -0.25 },
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' }
  }
  Plotly.newPlot(element, traces, layout, { responsive: true, displaylogo: false })
  element.dataset.drawn = 'true'
}

document.querySelectorAll('.app-topic-chart[data-chart]').forEach(draw)
