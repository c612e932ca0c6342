// The upload form: creates a call on the ingest service, sends its transcript (POST) or audio
// (PUT) with XMLHttpRequest, whose upload events drive the progress bar, ends the call and opens
// its page. Ingest is another origin: it allows the dashboard's by CORS.
import { authorization, credential, dashboardConfig, problemOf, ProblemError } from './api.js';
import { h, announce } from './dom.js';
import { show } from './progress.js';

/** Transcript formats by file extension (the ingest's format parameter). */
const TRANSCRIPT_FORMATS = { json: 'json', vtt: 'vtt', srt: 'srt', txt: 'text', tsv: 'ami-da' };
const AUDIO = /^(audio|video)\/|^application\/ogg$/;
const AUDIO_EXTENSIONS = /\.(wav|mp3|ogg|oga|opus|flac|m4a|aac|webm|mp4)$/i;

async function ingestUrl() {
  const configured = (await dashboardConfig()).ingestUrl;
  return configured || `${location.protocol}//${location.hostname}:8081`;
}

/** What to send for {@code file}: {kind: 'audio'} or {kind: 'transcript', format}. */
export function uploadKind(file, chosenFormat) {
  if (chosenFormat && chosenFormat !== 'auto') return { kind: 'transcript', format: chosenFormat };
  if (AUDIO.test(file.type) || AUDIO_EXTENSIONS.test(file.name)) return { kind: 'audio' };
  const extension = file.name.split('.').pop().toLowerCase();
  const format = TRANSCRIPT_FORMATS[extension];
  if (!format) {
    throw new ProblemError(415, {
      title: 'Unsupported file',
      detail: `cannot tell the format of '${file.name}': choose one under Format`,
    });
  }
  return { kind: 'transcript', format };
}

/** Sends {@code body} with XMLHttpRequest, reporting upload progress; resolves the response. */
function send(method, url, body, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
    });
    xhr.addEventListener('load', () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') || '' },
      });
      resolve(response);
    });
    xhr.addEventListener('error', () => reject(new ProblemError(0, {
      title: 'Upload failed',
      detail: 'the ingest service could not be reached',
    })));
    xhr.send(body);
  });
}

async function upload(form, parts) {
  const file = parts.file.files[0];
  if (!file) throw new ProblemError(400, { title: 'No file', detail: 'choose a file to upload' });
  const kind = uploadKind(file, parts.format.value);
  const base = `${await ingestUrl()}/v1/workspaces/${encodeURIComponent(credential().workspaceId)}`;
  const title = parts.title.value.trim() || file.name;
  const created = await fetch(`${base}/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authorization() },
    body: JSON.stringify({ title, source: 'upload' }),
  }).catch(() => {
    throw new ProblemError(0, { title: 'Upload failed', detail: 'the ingest service could not be reached' });
  });
  if (!created.ok) throw await problemOf(created);
  const { callId } = await created.json();
  const callUrl = `${base}/calls/${encodeURIComponent(callId)}`;
  const onProgress = (value) => show(parts.progress, value);
  const response = kind.kind === 'audio'
    ? await send('PUT', `${callUrl}/audio`, file,
      { 'Content-Type': file.type || 'application/octet-stream', ...authorization() }, onProgress)
    : await send('POST', `${callUrl}/transcript?format=${encodeURIComponent(kind.format)}`, file,
      { 'Content-Type': file.type || 'application/octet-stream', ...authorization() }, onProgress);
  if (!response.ok) throw await problemOf(response);
  show(parts.progress, 100);
  const ended = await fetch(`${callUrl}/end`, { method: 'POST', headers: authorization() });
  if (!ended.ok && ended.status !== 409) throw await problemOf(ended);
  return callId;
}

export function uploadForm() {
  const parts = {
    title: h('input', { id: 'upload-title', name: 'title', type: 'text', autocomplete: 'off' }),
    file: h('input', {
      id: 'upload-file', name: 'file', type: 'file', required: true,
      accept: '.json,.vtt,.srt,.txt,.tsv,audio/*,video/*,.wav,.mp3,.ogg,.opus,.flac,.m4a,.webm',
    }),
    format: h('select', { id: 'upload-format', name: 'format' },
      ...[['auto', 'By file name'], ['json', 'callstream JSON'], ['qmsum', 'QMSum JSON'],
        ['vtt', 'WebVTT'], ['srt', 'SRT'], ['text', 'Plain text (Speaker: text)'],
        ['ami-da', 'AMI dialogue acts']]
        .map(([value, label]) => h('option', { value }, label))),
    progress: h('progress', { id: 'upload-progress', max: 100, value: 0, 'aria-label': 'Upload progress' }),
    error: h('p', { id: 'upload-error', role: 'alert', className: 'error' }),
    button: h('button', { type: 'submit' }, 'Upload'),
  };
  const form = h('form', { id: 'upload', className: 'upload', 'aria-labelledby': 'upload-heading' },
    h('h2', { id: 'upload-heading' }, 'Upload a call'),
    h('div', { className: 'field' }, h('label', { for: 'upload-title' }, 'Title'), parts.title),
    h('div', { className: 'field' },
      h('label', { for: 'upload-file' }, 'Transcript or audio file'), parts.file),
    h('div', { className: 'field' }, h('label', { for: 'upload-format' }, 'Format'), parts.format),
    h('div', { className: 'actions' }, parts.button, parts.progress),
    parts.error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    parts.error.textContent = '';
    parts.button.disabled = true;
    show(parts.progress, 0);
    try {
      const callId = await upload(form, parts);
      announce('Upload complete');
      location.hash = `#/calls/${encodeURIComponent(callId)}`;
    } catch (error) {
      parts.error.textContent = error.message;
    } finally {
      parts.button.disabled = false;
    }
  });
  return form;
}
