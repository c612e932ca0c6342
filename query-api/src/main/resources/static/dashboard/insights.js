// Insights grouped by type, one section per type in a fixed order, each insight once.
import { h } from './dom.js';

const TYPES = ['ACTION_ITEM', 'DECISION', 'NEXT_STEP', 'OPEN_QUESTION', 'OBJECTION', 'RISK',
  'SUMMARY'];
const NAMES = {
  ACTION_ITEM: 'Action items', DECISION: 'Decisions', NEXT_STEP: 'Next steps',
  OPEN_QUESTION: 'Open questions', OBJECTION: 'Objections', RISK: 'Risks', SUMMARY: 'Summary',
};

export function insights(onCite) {
  const element = h('div', { 'data-testid': 'insights', className: 'insights' });
  const empty = h('p', { className: 'muted' }, 'No insights yet.');
  element.append(empty);
  const sections = new Map();
  const seen = new Set();

  const sectionOf = (type) => {
    if (!sections.has(type)) {
      const list = h('ul');
      const section = h('section', { 'data-insight-type': type, 'aria-label': NAMES[type] || type },
        h('h3', {}, NAMES[type] || type), list);
      sections.set(type, { section, list });
      const order = (t) => (TYPES.includes(t) ? TYPES.indexOf(t) : TYPES.length);
      const after = [...sections.keys()].filter((t) => order(t) > order(type))
        .map((t) => sections.get(t).section).find((s) => s.isConnected);
      element.insertBefore(section, after || null);
    }
    return sections.get(type).list;
  };

  /** Adds one insight (an InsightView) unless shown already. */
  function add(insight) {
    if (seen.has(insight.insightId)) return;
    seen.add(insight.insightId);
    empty.remove();
    const details = [insight.owner && `owner: ${insight.owner}`, insight.due && `due: ${insight.due}`]
      .filter(Boolean).join(', ');
    const cite = insight.citedSegmentIds.length > 0
      ? h('button', {
        type: 'button', className: 'link',
        'aria-label': `Show the lines this insight cites: ${insight.text}`,
        onclick: () => onCite(insight.citedSegmentIds),
      }, 'show lines')
      : null;
    sectionOf(insight.type).append(h('li', { 'data-insight-id': insight.insightId },
      h('span', { className: 'text' }, insight.text),
      details ? h('span', { className: 'muted' }, ` (${details})`) : null, ' ', cite));
  }

  return { element, add };
}
