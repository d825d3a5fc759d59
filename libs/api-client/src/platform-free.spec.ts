import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The client must run in a browser (the dashboard): no Node built-ins, no Node globals, in shipped sources. */
describe('@fl/api-client is platform-free', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === 'testing' ? [] : sources(join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
    );

  it.each(sources(__dirname).map((f) => [f.slice(__dirname.length + 1), f]))('%s imports only @fl/protocol and socket.io-client', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((m) => !m.startsWith('.'));
    expect(imports.filter((m) => m !== '@fl/protocol' && m !== 'socket.io-client')).toEqual([]);
    expect(text).not.toMatch(/\b(process|Buffer|require)\s*[.(]/);
  });
});
