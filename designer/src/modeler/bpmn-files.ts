/** BPMN files in and out of the browser: a download of XML, and reading a chosen file. */
import { h } from '../dom';

/** Saves `xml` as `<name>.bpmn` through the browser's download. */
export function downloadXml(name: string, xml: string): void {
  const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  h('a', { href: url, download: `${name}.bpmn` }).click();
  URL.revokeObjectURL(url);
}

/**
 * A button that opens the file picker for `.bpmn` files (as Camunda Modeler saves them) and
 * hands the chosen file's text to `onFile`.
 */
export function importButton(onFile: (xml: string, fileName: string) => void): HTMLElement {
  const input = h('input', {
    type: 'file',
    accept: '.bpmn,.xml,application/xml,text/xml',
    hidden: true,
    'data-testid': 'import-file',
    'aria-label': 'BPMN file to import',
  });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const xml = await file.text();
    input.value = '';
    onFile(xml, file.name);
  });
  const button = h(
    'button',
    { type: 'button', class: 'secondary', title: 'Open a .bpmn file, e.g. from Camunda Modeler' },
    'Import .bpmn',
  );
  button.addEventListener('click', () => input.click());
  return h('span', {}, button, input);
}
