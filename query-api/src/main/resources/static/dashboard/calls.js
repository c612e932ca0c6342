// The calls list (#/): one row per call with a live progress bar, fed by the workspace stream.
import { callPath, getJson, workspacePath, authorization } from './api.js';
import { h } from './dom.js';
import { follow, EventTypes } from './sse.js';
import { fromDetail, percent, show, withAnalysis, withProgress } from './progress.js';
import { uploadForm } from './upload.js';

export function showCalls(main, signal) {
  const list = h('ul', { 'data-testid': 'calls', className: 'calls', 'aria-label': 'Calls' });
  const status = h('p', { className: 'muted', role: 'status' }, 'Loading calls…');
  main.replaceChildren(
    h('h1', {}, 'Calls'),
    uploadForm(),
    h('section', { 'aria-labelledby': 'calls-heading' },
      h('h2', { id: 'calls-heading' }, 'Recent calls'), status, list),
  );
  const rows = new Map(); // callId -> {element, bar, label, state}
  let reloading;

  const update = (row) => {
    const value = percent(row.state);
    show(row.bar, value);
    row.label.textContent = row.state.analyzed ? row.analysisStatus || 'analysed' : `${value}%`;
  };

  const rowOf = (call) => {
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `Progress of ${call.title}` });
    const label = h('span', { className: 'percent' });
    const element = h('li', { 'data-call-id': call.id, className: 'call-row' },
      h('a', { href: `#/calls/${encodeURIComponent(call.id)}`, className: 'title' }, call.title),
      h('span', { className: 'muted created' }, new Date(call.createdAt).toLocaleString()),
      bar, label);
    const row = {
      element, bar, label, analysisStatus: call.analysisStatus,
      state: { analyzed: call.analysisStatus != null, stages: {} },
    };
    update(row);
    return row;
  };

  const load = async () => {
    const page = await getJson(workspacePath('/calls?limit=50'), { signal });
    status.textContent = page.items.length === 0 ? 'No calls yet: upload one above.' : '';
    const fresh = page.items.map((call) => rows.get(call.id) || rowOf(call));
    rows.clear();
    for (const row of fresh) rows.set(row.element.dataset.callId, row);
    list.replaceChildren(...fresh.map((row) => row.element));
    // a call in flight: its stages come with its detail
    await Promise.all(fresh.filter((row) => !row.state.analyzed).map(async (row) => {
      const detail = await getJson(callPath(row.element.dataset.callId), { signal });
      row.state = fromDetail(detail);
      row.analysisStatus = detail.analysis?.status;
      update(row);
    }));
  };

  // An event of a call the list does not show yet: a new call; read the list again, once.
  const reload = () => {
    reloading ??= setTimeout(() => {
      reloading = undefined;
      load().catch(() => {});
    }, 500);
  };

  load().catch((error) => {
    if (!signal.aborted) status.textContent = `Could not load the calls: ${error.message}`;
  });

  follow(workspacePath('/events'), {
    headers: authorization(),
    signal,
    onEvent: (type, view) => {
      if (type !== EventTypes.PROGRESS && type !== EventTypes.ANALYZED) return;
      const row = rows.get(view.callId);
      if (!row) {
        reload();
        return;
      }
      if (type === EventTypes.PROGRESS) row.state = withProgress(row.state, view);
      else {
        row.state = withAnalysis(row.state);
        row.analysisStatus = view.status;
      }
      update(row);
    },
  });
}
