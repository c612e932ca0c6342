// A call's page (#/calls/{id}): progress and status, live transcript, mindmap, insights, talk
// ratio and exports. The call's stream is opened before the REST reads, and every view merges
// what it gets (by segment, insight and mindmap version), so nothing between the two is lost.
import { authorization, callPath, getJson } from './api.js';
import { announce, h } from './dom.js';
import { follow, EventTypes } from './sse.js';
import { fromDetail, percent, show, withAnalysis, withProgress } from './progress.js';
import { transcript as transcriptView } from './transcript.js';
import { mindmap as mindmapView } from './mindmap.js';
import { insights as insightsView } from './insights.js';
import { talkRatio } from './talkratio.js';
import { exportLinks } from './exports.js';

async function allSegments(callId, signal) {
  const segments = [];
  let cursor;
  do {
    const query = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getJson(callPath(callId, `/transcript${query}`), { signal });
    segments.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && !signal.aborted);
  return segments;
}

/** Resolves null for a 404: a result not made yet. */
async function optional(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

export function showCall(main, callId, signal) {
  const title = h('h1', {}, 'Call');
  const bar = h('progress', {
    'data-testid': 'call-progress', max: 100, value: 0, 'aria-label': 'Analysis progress',
  });
  const status = h('span', { 'data-testid': 'call-status', className: 'status', role: 'status' });
  const notice = h('p', { className: 'error', role: 'alert' });
  const lines = transcriptView();
  const svg = h('svg', {
    'data-testid': 'mindmap', className: 'mindmap', role: 'group', 'aria-label': 'Mindmap',
  });
  const map = mindmapView(svg, (node) => {
    lines.cite(node.citations.map((citation) => citation.segmentId));
    announce(`${node.label}: ${node.citations.length} cited lines highlighted`);
  });
  const found = insightsView((segmentIds) => lines.cite(segmentIds));
  const talk = talkRatio();

  main.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← All calls')),
    title,
    h('div', { className: 'call-head' },
      h('label', {}, 'Progress ', bar), status),
    exportLinks(callId, (message) => { notice.textContent = message; }),
    notice,
    h('div', { className: 'call-grid' },
      h('section', { className: 'panel transcript-panel', 'aria-labelledby': 'transcript-heading' },
        h('h2', { id: 'transcript-heading' }, 'Transcript'), lines.element),
      h('section', { className: 'panel mindmap-panel', 'aria-labelledby': 'mindmap-heading' },
        h('h2', { id: 'mindmap-heading' }, 'Mindmap'),
        h('p', { className: 'muted hint' }, 'Select a topic to highlight the lines it cites.'),
        h('div', { className: 'mindmap-scroll' }, svg)),
      h('section', { className: 'panel', 'aria-labelledby': 'insights-heading' },
        h('h2', { id: 'insights-heading' }, 'Insights'), found.element),
      h('section', { className: 'panel', 'aria-labelledby': 'talk-heading' },
        h('h2', { id: 'talk-heading' }, 'Talk time'), talk.element)));

  let progress = { analyzed: false, stages: {} };
  let mindmapVersion = -1;
  let metricsAt = '';
  const showProgress = () => show(bar, percent(progress));
  const showAnalysis = (analysis) => {
    progress = withAnalysis(progress);
    showProgress();
    status.textContent = analysis.reason ? `${analysis.status}: ${analysis.reason}` : analysis.status;
    announce(`Analysis ${analysis.status}`);
  };
  const showMindmap = (view) => {
    if (view.version <= mindmapVersion) return;
    mindmapVersion = view.version;
    map.update(view.root);
  };
  const showMetrics = (view) => {
    if (view.updatedAt < metricsAt) return;
    metricsAt = view.updatedAt;
    talk.update(view);
  };

  follow(callPath(callId, '/events'), {
    headers: authorization(),
    signal,
    onEvent: (type, view) => {
      switch (type) {
        case EventTypes.SEGMENT: lines.add(view); break;
        case EventTypes.MINDMAP: showMindmap(view); break;
        case EventTypes.INSIGHT: found.add(view); break;
        case EventTypes.METRICS: showMetrics(view); break;
        case EventTypes.PROGRESS:
          progress = withProgress(progress, view);
          showProgress();
          break;
        case EventTypes.ANALYZED: showAnalysis(view); break;
        default: break;
      }
    },
  });

  const load = async () => {
    const detail = await getJson(callPath(callId), { signal });
    title.textContent = detail.title;
    document.title = `${detail.title} · callstream`;
    progress = { ...fromDetail(detail), analyzed: progress.analyzed || detail.analysis != null };
    showProgress();
    if (detail.analysis) showAnalysis(detail.analysis);
    const [segments, mindmap, insightPage, metrics] = await Promise.all([
      allSegments(callId, signal),
      optional(getJson(callPath(callId, '/mindmap'), { signal })),
      optional(getJson(callPath(callId, '/insights'), { signal })),
      optional(getJson(callPath(callId, '/metrics'), { signal })),
    ]);
    segments.forEach(lines.add);
    if (mindmap) showMindmap(mindmap);
    for (const insight of insightPage?.items ?? []) found.add(insight);
    if (metrics) showMetrics(metrics);
  };
  load().catch((error) => {
    if (!signal.aborted) notice.textContent = `Could not load the call: ${error.message}`;
  });
}
