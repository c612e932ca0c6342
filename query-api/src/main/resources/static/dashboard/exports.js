// Export buttons: links cannot carry the Authorization header, so a click fetches the export with
// the credential and saves the answer under the file name the API gives.
import { authorization, callPath, problemOf } from './api.js';
import { h } from './dom.js';

const FORMATS = [
  ['json', 'JSON'], ['md', 'Markdown (markmap)'], ['opml', 'OPML'], ['mm', 'FreeMind'],
  ['mermaid', 'Mermaid'],
];

function fileName(response, fallback) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) return decodeURIComponent(utf8[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

export function exportLinks(callId, onError) {
  const links = FORMATS.map(([format, label]) => {
    const path = callPath(callId, `/export?format=${format}`);
    return h('a', {
      href: path, 'data-format': format, className: 'button', download: '',
      onclick: async (event) => {
        event.preventDefault();
        try {
          const response = await fetch(path, { headers: authorization() });
          if (!response.ok) throw await problemOf(response);
          const url = URL.createObjectURL(await response.blob());
          const save = h('a', { href: url, download: fileName(response, `${callId}.${format}`) });
          document.body.append(save);
          save.click();
          save.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        } catch (error) {
          onError(`Export failed: ${error.message}`);
        }
      },
    }, label);
  });
  return h('nav', { 'data-testid': 'export', className: 'export', 'aria-label': 'Export' },
    h('span', {}, 'Export: '), ...links);
}
