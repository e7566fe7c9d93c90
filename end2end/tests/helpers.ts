import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';

export const ROOM_CODE = 'sy-dongfeng';
export const ROOM_PATH = `/r/${ROOM_CODE}`;
export const CONCERN_POST_PATH = `${ROOM_PATH}/concern`;
/** A tracking code as issued now: PREFIX-NNNNN-NNNNN-NNNNN (fourteen random digits and a check digit). */
export const CODE_RE = /^[A-Z]{2,4}-\d{5}-\d{5}-\d{5}$/;
/** Path of the no-JS receipt the form POST redirects to: /c/{code}?new=1 */
export const RECEIPT_URL_RE = /\/c\/([A-Z]{2,4}-\d{5}-\d{5}-\d{5})\?new=1$/;

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Full-page screenshot to end2end/screenshots/{project}-{name}.png */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const root = testInfo.config.configFile ? path.dirname(testInfo.config.configFile) : process.cwd();
  await page.screenshot({
    path: path.join(root, 'screenshots', `${testInfo.project.name}-${name}.png`),
    fullPage: true,
  });
}

/** In the JS project, wait until Leptos has hydrated the page (it marks <html data-hydrated>). No-op without JS. */
export async function waitForHydration(page: Page, testInfo: TestInfo): Promise<void> {
  if (!jsEnabled(testInfo)) return;
  // The app sets data-hydrated on <html> once hydration has finished (app/src/lib.rs).
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** The 我要反映 entry point: a link (works without JS) or a button. */
export function raiseEntry(page: Page): Locator {
  return page
    .getByRole('link', { name: '我要反映' })
    .or(page.getByRole('button', { name: '我要反映' }))
    .first();
}

export function concernForm(page: Page): Locator {
  return page.locator('form[data-testid="concern-form"]');
}

/**
 * Open the room page and get to the concern form via 我要反映.
 * `onRoomPage` runs on the (hydrated) room page before 我要反映 is pressed.
 */
export async function openConcernForm(
  page: Page,
  testInfo: TestInfo,
  onRoomPage?: () => Promise<void>,
): Promise<Locator> {
  const res = await page.goto(ROOM_PATH);
  expect(res?.status(), `GET ${ROOM_PATH}`).toBe(200);
  await waitForHydration(page, testInfo);
  if (onRoomPage) await onRoomPage();
  await raiseEntry(page).click();
  const form = concernForm(page);
  await expect(form).toBeVisible();
  // If 我要反映 was a real link to another page, that page needs to hydrate too.
  await waitForHydration(page, testInfo);
  return form;
}

export interface Concern {
  title: string;
  description: string;
  name: string;
  phone: string;
}

export function newConcern(testInfo: TestInfo): Concern {
  const suffix = `${Date.now()}`;
  return {
    title: `路灯坏了🙏 村口晚上太黑 ${suffix}`,
    description: [
      '东风村村口的路灯已经坏了两个多星期。',
      '晚上老人和孩子出门很不方便，上周还有人摔倒了。',
      `希望尽快派人来修一修。（${testInfo.project.name}）`,
    ].join('\n'),
    name: '王大妈',
    phone: '13900001234',
  };
}

export async function fillConcern(form: Locator, c: Concern, consent = true): Promise<void> {
  await form.locator('input[name="title"]').fill(c.title);
  await form.locator('textarea[name="description"]').fill(c.description);
  await form.locator('input[name="resident_name"]').fill(c.name);
  await form.locator('input[name="resident_phone"]').fill(c.phone);
  await form.locator('input[name="consent"]').setChecked(consent);
}

export function submitButton(form: Locator): Locator {
  return form.getByRole('button', { name: '提交' });
}

/** Read a tracking code shown on the page and check its format. */
export async function readTrackingCode(page: Page): Promise<string> {
  const el = page.locator('[data-testid="tracking-code"]');
  await expect(el).toBeVisible({ timeout: 20_000 });
  await expect(el).toHaveText(CODE_RE);
  const code = ((await el.textContent()) ?? '').trim();
  expect(code).toMatch(CODE_RE);
  return code;
}

/**
 * Submit the filled concern form and return the tracking code.
 * With JS: the receipt must appear without a document navigation (same page).
 * Without JS: the browser must end on /c/{code}?new=1.
 */
export async function submitConcern(page: Page, form: Locator, testInfo: TestInfo): Promise<string> {
  if (jsEnabled(testInfo)) {
    const pathBefore = new URL(page.url()).pathname;
    // A marker on window survives client-side updates but not a full page load.
    await page.evaluate(() => ((window as unknown as Record<string, unknown>).__bandengE2E = 1));
    await submitButton(form).click();
    const code = await readTrackingCode(page);
    const marker = await page.evaluate(() => (window as unknown as Record<string, unknown>).__bandengE2E);
    expect(marker, 'with JS the receipt must appear without a page navigation').toBe(1);
    expect(new URL(page.url()).pathname, 'with JS the receipt stays on the form page').toBe(pathBefore);
    return code;
  }
  await submitButton(form).click();
  await page.waitForURL(RECEIPT_URL_RE);
  const code = await readTrackingCode(page);
  expect(new URL(page.url()).pathname).toBe(`/c/${code}`);
  return code;
}

/** Turn off the browser's own constraint validation (required, maxlength, ...). */
export async function bypassBrowserValidation(form: Locator, testInfo: TestInfo): Promise<void> {
  if (jsEnabled(testInfo)) {
    // Brief: in the JS project remove the `required` attributes.
    await form.evaluate((f) => {
      for (const el of Array.from(f.querySelectorAll('[required]'))) el.removeAttribute('required');
    });
  }
  // Playwright's evaluate also works with page JS disabled (it runs over CDP), and a
  // native form submission needs no page script, so noValidate covers the no-JS project.
  await form.evaluate((f) => {
    (f as HTMLFormElement).noValidate = true;
  });
}

/** Set a field's value directly (bypasses maxlength) and fire input/change for hydrated forms. */
export async function setValueDirectly(field: Locator, value: string): Promise<void> {
  await field.evaluate((el, v) => {
    const input = el as HTMLInputElement | HTMLTextAreaElement;
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** Where the test server writes text messages (start-server.sh passes it as --sms-log). */
export const SMS_LOG = path.join(os.tmpdir(), `bandeng-e2e-sms-${process.env.E2E_PORT ?? 3100}.log`);

/** The text messages sent to `phone` so far. */
export function smsTo(phone: string): string[] {
  const lines = fs.existsSync(SMS_LOG) ? fs.readFileSync(SMS_LOG, 'utf8').split('\n') : [];
  return lines.filter((l) => l.startsWith(`${phone}\t`));
}

/** The one-time codes (找回查询码) sent to `phone` so far; other texts (receipts, progress) are
 * left out. */
export function codesTo(phone: string): string[] {
  return smsTo(phone).filter((l) => l.includes('验证码'));
}

/** The six-digit code in the last code text to `phone`, once more than `before` were sent;
 * the server delivers once a second. */
export async function smsCode(phone: string, before = 0): Promise<string> {
  let code = '';
  await expect
    .poll(
      () => {
        const sent = codesTo(phone);
        const last = sent.length > before ? sent[sent.length - 1] : '';
        code = last.split('\t')[1]?.match(/\d{6}/)?.[0] ?? '';
        return code;
      },
      { timeout: 10_000 },
    )
    .toMatch(/^\d{6}$/);
  return code;
}

/** The files of a .zip (an .xlsx is one), by name: read from its central directory. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
