import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUrl, configPath, readLogin, removeLogin, resolveLogin, writeLogin } from './config';

describe('config', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'fl-cli-config-'));

  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' })).toBe('/x/cfg/fedlearn/cli.json');
    expect(configPath({ HOME: '/home/u' })).toBe('/home/u/.config/fedlearn/cli.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.config/fedlearn/cli.json');
  });

  it('writes the login readable by its owner only, and reads it back', () => {
    const path = join(dir(), 'fedlearn', 'cli.json');
    writeLogin(path, { url: 'http://h:1', token: 'sec' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(readLogin(path)).toEqual({ url: 'http://h:1', token: 'sec' });
    expect(removeLogin(path)).toBe(true);
    expect(removeLogin(path)).toBe(false);
    expect(readLogin(path)).toBeNull();
  });

  it('FL_URL / FL_TOKEN override the stored login', () => {
    const path = join(dir(), 'cli.json');
    writeLogin(path, { url: 'http://stored', token: 'stored-token' });
    expect(resolveLogin(path, {})).toEqual({ url: 'http://stored', token: 'stored-token' });
    expect(resolveLogin(path, { FL_URL: 'http://env' })).toEqual({ url: 'http://env', token: 'stored-token' });
    expect(resolveLogin(path, { FL_URL: 'http://env', FL_TOKEN: 'env-token' })).toEqual({ url: 'http://env', token: 'env-token' });
  });

  it('refuses a missing or broken login with a clear code', () => {
    const d = dir();
    expect(() => resolveLogin(join(d, 'none.json'), {})).toThrow(expect.objectContaining({ code: 'NOT_LOGGED_IN' }));
    writeFileSync(join(d, 'bad.json'), '{nope');
    expect(() => readLogin(join(d, 'bad.json'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    writeFileSync(join(d, 'wrong.json'), '{"url": 3}');
    expect(() => readLogin(join(d, 'wrong.json'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(readFileSync(join(d, 'bad.json'), 'utf8')).toBe('{nope');
  });

  it('checkUrl accepts http(s) only and keeps credentials out of URLs', () => {
    expect(checkUrl('http://h:8080/')).toBe('http://h:8080');
    expect(() => checkUrl('h:8080')).toThrow(expect.objectContaining({ code: 'BAD_URL' }));
    expect(() => checkUrl('ftp://h')).toThrow('must be http(s)');
    expect(() => checkUrl('http://u:p@h')).toThrow('not in the URL');
  });
});
