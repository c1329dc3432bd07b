import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAppUrl } from '../../../electron/host/desktop/app-origin';
import { answerAppRequest, APP_CONTENT_SECURITY_POLICY } from '../../../electron/host/desktop/app-protocol';
import { isAllowedExternalUrl } from '../../../electron/host/desktop/external-links';
import { decideNavigation, navigationGuards } from '../../../electron/host/desktop/navigation-guard';
import { isPermissionGranted } from '../../../electron/host/desktop/permission-policy';

const HOSTILE_URLS = [
  'http://docs.aws.amazon.com/amazondynamodb/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://attacker/share', 'ms-msdt:/id PCWDiagnostic',
  'https://docs.aws.amazon.com.evil.example/', 'https://user:pw@docs.aws.amazon.com/', 'https://docs.aws.amazon.com:8443/', 'https://evil.example/?u=https://docs.aws.amazon.com',
  'capstan://app/index.html', 'data:text/html,<script>1</script>', 'not a url', '',
];

describe('desktop: links the app may open in the browser', () => {
  it('opens the AWS documentation over https only', () => {
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html')).toBe(true);
    expect(isAllowedExternalUrl('https://aws.amazon.com/dynamodb/pricing/')).toBe(true);
    for (const url of HOSTILE_URLS) expect(isAllowedExternalUrl(url), url).toBe(false);
  });

  it('never lets a window navigate, and hands only allowed links to the browser', () => {
    expect(decideNavigation('https://docs.aws.amazon.com/x')).toEqual({ allowInWindow: false, openExternally: true });
    for (const url of [...HOSTILE_URLS, APP_INDEX_URL]) expect(decideNavigation(url), url).toEqual({ allowInWindow: false, openExternally: false });
  });
});

describe('desktop: the guards on every window', () => {
  /** A fake navigation event that records whether it was stopped. */
  const attempt = (url?: string, isMainFrame = true) => {
    const event = { url, isMainFrame, prevented: false, preventDefault: () => void (event.prevented = true) };
    return event;
  };

  it('stop every navigation, window, redirect and webview; only allowed links reach the browser', () => {
    const opened: string[] = [];
    const guards = navigationGuards((url) => opened.push(url));
    const docs = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html';
    for (const url of [docs, ...HOSTILE_URLS]) {
      expect(guards.windowOpen({ url })).toEqual({ action: 'deny' });
      const navigation = attempt(url);
      guards.willNavigate(navigation);
      expect(navigation.prevented, url).toBe(true);
    }
    for (const guard of [guards.willFrameNavigate, guards.willRedirect, guards.willAttachWebview]) {
      const event = attempt('https://evil.example/', false);
      guard(event);
      expect(event.prevented).toBe(true);
    }
    expect(opened).toEqual([docs, docs]);
  });
});

describe('desktop: permissions', () => {
  it('grants notifications to the app\'s own pages and nothing else to anyone', () => {
    expect(isPermissionGranted('notifications', 'capstan://app')).toBe(true);
    expect(isPermissionGranted('notifications', APP_INDEX_URL)).toBe(true);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionGranted(permission, 'capstan://app'), permission).toBe(false);
    }
    for (const origin of ['https://evil.example', 'file://', 'capstan://app.evil', 'capstan://evil', 'null', '', null, undefined]) {
      expect(isPermissionGranted('notifications', origin), String(origin)).toBe(false);
    }
  });
});

describe('desktop: the capstan://app protocol', () => {
  let dir: string;
  let rendererDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-app-protocol-'));
    rendererDir = join(dir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Capstan</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(dir, 'secret.txt'), 'not for the page');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer\'s files with the CSP header', async () => {
    const index = await answerAppRequest(rendererDir, APP_INDEX_URL);
    expect(index.status).toBe(200);
    expect(index.headers['Content-Security-Policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(Buffer.from(index.body as Uint8Array).toString()).toContain('<title>Capstan</title>');
    const script = await answerAppRequest(rendererDir, 'capstan://app/assets/app.js');
    expect(script).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
  });

  it('serves nothing outside the renderer folder and answers bad requests without throwing', async () => {
    for (const url of ['capstan://app/../secret.txt', 'capstan://app/%2e%2e/secret.txt', 'capstan://app/..%2fsecret.txt', 'capstan://app/assets/..%5c..%5csecret.txt', 'capstan://app/secret.txt', 'capstan://other/index.html', 'capstan://app.evil/index.html', 'https://app/index.html']) {
      const answer = await answerAppRequest(rendererDir, url);
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(String(answer.body), url).not.toContain('not for the page');
      expect(answer.headers['Content-Security-Policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    }
    expect((await answerAppRequest(rendererDir, 'capstan://app/%')).status).toBe(400);
    expect((await answerAppRequest(rendererDir, 'not a url')).status).toBe(400);
    expect((await answerAppRequest(rendererDir, APP_INDEX_URL, 'POST')).status).toBe(405);
    expect((await answerAppRequest(rendererDir, 'capstan://app/missing.js')).status).toBe(404);
  });
});
