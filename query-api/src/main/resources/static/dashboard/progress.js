// What a call's progress bar shows, 0..100.
//
// The rule: 100 once the call's analysis has ended (CallAnalyzed, whatever its status). Before
// that, the ANALYZED stage's done/total (chunks analysed of the chunks cut so far), capped at 99
// since more chunks may come while the call runs; a call that has reported no ANALYZED progress
// yet shows 0. Other stages (RECEIVED, TRANSCRIBED, CHUNKED) count inputs, not work left, so they
// do not move the bar.

export function percent({ analyzed, stages }) {
  if (analyzed) return 100;
  const analysis = stages.ANALYZED;
  if (!analysis || !(analysis.total > 0)) return 0;
  return Math.min(99, Math.floor((100 * analysis.done) / analysis.total));
}

/** The progress state of a call detail (GET calls/{id}). */
export function fromDetail(detail) {
  const stages = {};
  for (const stage of detail.progress || []) stages[stage.stage] = stage;
  return { analyzed: detail.analysis != null, stages };
}

/** The state after a progress event's view ({stage, done, total}). */
export function withProgress(state, view) {
  return { ...state, stages: { ...state.stages, [view.stage]: view } };
}

export function withAnalysis(state) {
  return { ...state, analyzed: true };
}

/** Sets a <progress>, its attribute as well as its property, so both readings agree. */
export function show(bar, value) {
  bar.value = value;
  bar.setAttribute('value', String(value));
  bar.textContent = `${value}%`;
}
