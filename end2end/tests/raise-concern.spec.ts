import { expect, test, type Page, type Response } from '@playwright/test';
import {
  type Concern,
  fillConcern,
  newConcern,
  openConcernForm,
  shot,
  submitConcern,
  waitForHydration,
} from './helpers';

/** Everything the browser received while showing a case page must be free of personal data. */
function collectResponses(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (type === 'document' || type === 'fetch' || type === 'xhr') seen.push(r);
  });
  return seen;
}

async function expectNoPersonalData(page: Page, responses: Response[], c: Concern): Promise<void> {
  const visible = (await page.locator('html').textContent()) ?? '';
  const dom = await page.content();
  for (const secret of [c.phone, c.name]) {
    expect(visible, `case page text must not contain ${secret}`).not.toContain(secret);
    expect(dom, `case page DOM (incl. hydration data) must not contain ${secret}`).not.toContain(secret);
  }
  for (const r of responses) {
    let body = '';
    try {
      body = await r.text();
    } catch {
      continue; // redirects have no body
    }
    for (const secret of [c.phone, c.name]) {
      expect(body, `response ${r.url()} must not contain ${secret}`).not.toContain(secret);
    }
  }
}

test('raise a concern and follow it with the tracking code', async ({ page }, testInfo) => {
  const concern = newConcern(testInfo);

  const form = await openConcernForm(page, testInfo, async () => {
    await expect(page.locator('h1[data-testid="room-name"]')).toContainText('东风村');
    await shot(page, testInfo, 'room');
  });
  await fillConcern(form, concern);
  const code = await submitConcern(page, form, testInfo);
  await shot(page, testInfo, 'receipt');

  // The case page shows the concern, but never the resident's name or phone.
  const responses = collectResponses(page);
  const res = await page.goto(`/c/${code}`);
  expect(res?.status()).toBe(200);
  await waitForHydration(page, testInfo);
  await expect(page.locator('[data-testid="case-title"]')).toContainText(concern.title);
  await expect(page.locator('[data-testid="case-status"]')).toContainText('受理中');
  const description = page.locator('[data-testid="case-description"]');
  for (const line of concern.description.split('\n')) {
    await expect(description).toContainText(line);
  }
  await expectNoPersonalData(page, responses, concern);
  await shot(page, testInfo, 'case');

  // Codes are normalised: lower case, no dashes.
  const sloppy = code.toLowerCase().replace(/-/g, '');
  const res2 = await page.goto(`/c/${sloppy}`);
  expect(res2?.ok(), `GET /c/${sloppy}`).toBe(true);
  await expect(page.locator('[data-testid="case-title"]')).toContainText(concern.title);
});
