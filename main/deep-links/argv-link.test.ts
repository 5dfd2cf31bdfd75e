import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLinkInArgv } from './argv-link';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const LINK = `sealroom://meet.example.com/r/${ROOM}#v1.${SECRET}`;
const WIN_EXE = 'C:\\Program Files\\Sealroom\\Sealroom.exe';

const linkOf = (argv: string[]) => {
  const found = findLinkInArgv(argv);
  return found.kind === 'link' ? `${found.link.scheme}://${found.link.host}/r/${found.link.room}` : found.kind;
};

describe('finding the room link in a command line', () => {
  it.each([
    ['Windows, installed, cold start', [WIN_EXE, LINK]],
    ['Windows, registered with "--" before the link', [WIN_EXE, '--', LINK]],
    ['Windows, second instance with the switches Chromium adds', [WIN_EXE, '--allow-file-access-from-files', '--original-process-start-time=13350000000000000', LINK]],
    ['Windows, development (electron.exe + app path)', ['C:\\src\\sealroom\\node_modules\\electron\\dist\\electron.exe', 'C:\\src\\sealroom', LINK]],
    ['Windows, trailing slash added by the shell', [WIN_EXE, `sealroom://meet.example.com/r/${ROOM}/#v1.${SECRET}`]],
    ['Linux, xdg-open', ['/opt/Sealroom/sealroom', LINK]],
    ['Linux AppImage with its own switch first', ['/tmp/.mount_Sealro/sealroom', '--no-sandbox', LINK]],
    ['Linux development', ['/repo/node_modules/electron/dist/electron', '/repo', LINK]],
  ])('%s', (_shape, argv) => {
    expect(linkOf(argv)).toBe(`sealroom://meet.example.com/r/${ROOM}`);
  });

  it('accepts an https room link handed over by the OS', () => {
    expect(linkOf(['/usr/bin/sealroom', `https://meet.example.com/r/${ROOM}#v1.off`])).toBe(`https://meet.example.com/r/${ROOM}`);
  });

  it.each([
    ['no arguments', [WIN_EXE]],
    ['macOS process serial number', ['/Applications/Sealroom.app/Contents/MacOS/Sealroom', '-psn_0_1234567']],
    ['only switches', ['/opt/Sealroom/sealroom', '--enable-features=Foo', '--ozone-platform=wayland']],
    ['development with no link', ['/repo/node_modules/electron/dist/electron', '.']],
  ])('finds nothing in %s', (_shape, argv) => {
    expect(findLinkInArgv(argv)).toEqual({ kind: 'none' });
  });
});

describe('hostile command lines (argv injection, CVE-2018-1000006 class)', () => {
  const corpus: Array<[string, string[]]> = [
    ['quote breaks out of "%1", unsplit', [WIN_EXE, 'sealroom://x" --gpu-launcher="calc.exe" --']],
    ['quote breaks out of "%1", split by the shell', [WIN_EXE, 'sealroom://x', '--gpu-launcher=calc.exe', '--']],
    ['quote breaks out after "--"', [WIN_EXE, '--', LINK, '--gpu-launcher=calc.exe']],
    ['valid link followed by --gpu-launcher', [WIN_EXE, LINK, '--gpu-launcher=cmd /c calc']],
    ['valid link followed by --renderer-cmd-prefix', [WIN_EXE, LINK, '--renderer-cmd-prefix=calc']],
    ['valid link followed by --inspect', [WIN_EXE, LINK, '--inspect=9229']],
    ['valid link followed by --remote-debugging-port', ['/opt/Sealroom/sealroom', LINK, '--remote-debugging-port=9222']],
    ['valid link followed by --no-sandbox', ['/opt/Sealroom/sealroom', LINK, '--no-sandbox']],
    ['valid link followed by a short switch', [WIN_EXE, LINK, '-e', 'require("child_process")']],
    ['switch with leading spaces after the link', [WIN_EXE, LINK, '  --inspect']],
    ['link then a second link', [WIN_EXE, LINK, `sealroom://evil.example/r/${ROOM}#v1.off`]],
    ['link smuggled inside a switch', [WIN_EXE, `--proxy-server=${LINK}`]],
    ['trailing quote', [WIN_EXE, `${LINK}"`]],
    ['wrapped in quotes', [WIN_EXE, `"${LINK}"`]],
    ['single quotes', [WIN_EXE, `'${LINK}'`]],
    ['newline then a switch', [WIN_EXE, `${LINK}\n--inspect`]],
    ['carriage return inside', [WIN_EXE, `sealroom://meet.example.com/r/${ROOM}\r#v1.${SECRET}`]],
    ['NUL byte', [WIN_EXE, `${LINK}\u0000--inspect`]],
    ['tab inside', [WIN_EXE, `sealroom://meet.example.com/r/${ROOM}\t#v1.${SECRET}`]],
    ['space and switch inside', [WIN_EXE, `${LINK} --inspect`]],
    ['overlong key', [WIN_EXE, `${LINK}${'A'.repeat(600)}`]],
    ['overlong host', [WIN_EXE, `sealroom://${'a'.repeat(100_000)}.example/r/${ROOM}#v1.off`]],
    ['javascript: wearing our name', [WIN_EXE, 'sealroom:javascript:alert(1)']],
    ['file URL', [WIN_EXE, 'sealroom://../../etc/passwd']],
    ['credentials', [WIN_EXE, `sealroom://user:pass@meet.example.com/r/${ROOM}#v1.off`]],
    ['plain http to a remote host', ['/opt/Sealroom/sealroom', `http://meet.example.com/r/${ROOM}#v1.off`]],
    ['look-alike host (Cyrillic e)', [WIN_EXE, `sealroom://m\u0435et.example.com/r/${ROOM}#v1.off`]],
    ['percent-encoded host', [WIN_EXE, `sealroom://meet%2eexample.com/r/${ROOM}#v1.off`]],
    ['query string', [WIN_EXE, `sealroom://meet.example.com/r/${ROOM}?next=--inspect#v1.off`]],
    ['path traversal', [WIN_EXE, `sealroom://meet.example.com/r/../../${ROOM}#v1.off`]],
    ['missing key', [WIN_EXE, `sealroom://meet.example.com/r/${ROOM}`]],
  ];

  it.each(corpus)('rejects: %s', (_name, argv) => {
    const found = findLinkInArgv(argv);
    expect(found.kind).toBe('rejected');
  });

  it('never opens a link that has any switch after it, whatever the switch', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3 }), fc.string(), (between, switchBody) => {
        const argv = [WIN_EXE, LINK, ...between.map((arg) => arg.replace(/sealroom:|^https?:\/\//gi, '')), `-${switchBody}`];
        expect(findLinkInArgv(argv).kind).toBe('rejected');
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }), (argv) => void findLinkInArgv(argv)));
  });
});
