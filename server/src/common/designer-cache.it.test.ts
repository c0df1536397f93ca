/**
 * The designer as the server serves it: index.html is checked on every use, and the files it
 * names (content-hashed scripts and styles, versioned package assets) are kept for a year.
 */
import { testDesignerBuild } from '#test/harness/designer-build';
import { useFlowcard } from '#test/harness/index';
import { IMMUTABLE } from './designer-cache';

const { flowcard } = useFlowcard({ worker: false, designerDir: testDesignerBuild() });

async function get(path: string) {
  const response = await fetch(`${flowcard.baseUrl}${path}`);
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: await response.text(),
  };
}

describe('cache headers of the designer', () => {
  it('serves index.html with no-cache, at / and under its own name', async () => {
    for (const path of ['/', '/index.html']) {
      const page = await get(path);
      expect(page).toMatchObject({ status: 200, cacheControl: 'no-cache' });
      expect(page.body).toContain('<div id="app">');
    }
  });

  it('serves every file index.html names, and the chunks the app loads later, as immutable', async () => {
    const page = await get('/');
    const named = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
      ([, file]) => file,
    );
    expect(named).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app-[A-Z0-9]{8}\.js$/),
        expect.stringMatching(/^app-[A-Z0-9]{8}\.css$/),
        expect.stringMatching(/^vendor\/bpmn-js-\d+\.\d+\.\d+\/bpmn-js\.css$/),
      ]),
    );
    const script = named.find((file) => file.endsWith('.js'));
    const app = await get(`/${script}`);
    const chunk = /"\.\/(chunks\/modeler-view-[A-Z0-9]{8}\.js)"/.exec(app.body)?.[1];
    expect(chunk).toBeDefined();
    for (const file of [...named, chunk]) {
      const { status, cacheControl } = await get(`/${file}`);
      expect({ file, status, cacheControl }).toEqual({
        file,
        status: 200,
        cacheControl: IMMUTABLE,
      });
    }
  });

  it('keeps API answers out of it', async () => {
    const me = await fetch(`${flowcard.baseUrl}/api/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get('cache-control')).not.toBe(IMMUTABLE);
  });
});
