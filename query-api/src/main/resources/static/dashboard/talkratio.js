// Talk time per speaker as a horizontal bar chart (SVG), redrawn in place from the latest metrics.
import { h, speakerColour } from './dom.js';

const BAR = 22;
const GAP = 8;
const LABEL = 120; // room for the speaker's name, in viewBox units
const WIDTH = 400;

export function talkRatio() {
  const svg = h('svg', {
    'data-testid': 'talk-ratio', className: 'talk-ratio', role: 'img',
    'aria-label': 'Talk time per speaker: no metrics yet', viewBox: `0 0 ${WIDTH} ${BAR}`,
  });

  /** Draws a MetricsView's talkMsBySpeaker. */
  function update(metrics) {
    const entries = Object.entries(metrics.talkMsBySpeaker).sort((a, b) => b[1] - a[1]);
    const total = entries.reduce((sum, [, ms]) => sum + ms, 0) || 1;
    const bars = entries.map(([speaker, ms], index) => {
      const share = ms / total;
      const y = index * (BAR + GAP);
      const width = Math.max(1, share * (WIDTH - LABEL - 50));
      const percent = Math.round(share * 100);
      return h('g', { 'data-speaker': speaker },
        h('title', {}, `${speaker}: ${percent}% (${Math.round(ms / 1000)} s)`),
        h('text', { x: LABEL - 6, y: y + BAR / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
          speaker.length > 16 ? `${speaker.slice(0, 15)}…` : speaker),
        h('rect', { x: LABEL, y, width, height: BAR, rx: 3, fill: speakerColour(speaker) }),
        h('text', { x: LABEL + width + 6, y: y + BAR / 2, 'dominant-baseline': 'middle' }, `${percent}%`));
    });
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${Math.max(BAR, entries.length * (BAR + GAP))}`);
    svg.setAttribute('aria-label', `Talk time per speaker: ${entries
      .map(([speaker, ms]) => `${speaker} ${Math.round((100 * ms) / total)}%`).join(', ')}`);
    svg.replaceChildren(...bars);
  }

  return { element: svg, update };
}
