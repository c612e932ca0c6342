// The live transcript: segments in call order, a revised segment replacing its earlier text, and
// auto-scroll that follows new lines while the reader is at the bottom and stops once they scroll
// up (it resumes when they scroll back down).
import { h, speakerColour } from './dom.js';

function time(ms) {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export function transcript() {
  const list = h('ol', {
    'data-testid': 'transcript', className: 'transcript', tabindex: 0,
    'aria-label': 'Transcript', 'aria-live': 'polite', 'aria-relevant': 'additions',
  });
  const lines = new Map(); // segmentId -> {element, sequence}
  let following = true;
  list.addEventListener('scroll', () => {
    following = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
  });

  /** Adds or revises one segment (a TranscriptSegmentView). */
  function add(segment) {
    const element = h('li', {
      'data-segment-id': segment.segmentId, className: segment.finalResult ? '' : 'interim',
      style: `--speaker: ${speakerColour(segment.speaker)}`,
    },
    h('span', { className: 'time' }, time(segment.startMs)),
    h('span', { className: 'speaker' }, segment.speaker),
    h('span', { className: 'text' }, segment.text));
    const known = lines.get(segment.segmentId);
    if (known) {
      element.classList.toggle('cited', known.element.classList.contains('cited'));
      known.element.replaceWith(element);
      known.element = element;
      return;
    }
    lines.set(segment.segmentId, { element, sequence: segment.sequence });
    // usually the last; a late or replayed segment goes to its place
    let next = null;
    for (let child = list.lastElementChild; child; child = child.previousElementSibling) {
      if (lines.get(child.dataset.segmentId).sequence <= segment.sequence) break;
      next = child;
    }
    list.insertBefore(element, next);
    if (following) list.scrollTop = list.scrollHeight;
  }

  /** Marks the lines {@code segmentIds} cite, unmarking the rest; shows the first. */
  function cite(segmentIds) {
    const cited = new Set(segmentIds);
    for (const [id, line] of lines) line.element.classList.toggle('cited', cited.has(id));
    const first = segmentIds.map((id) => lines.get(id)).find(Boolean);
    if (first) {
      following = false;
      first.element.scrollIntoView({ block: 'nearest' });
    }
  }

  return { element: list, add, cite };
}
