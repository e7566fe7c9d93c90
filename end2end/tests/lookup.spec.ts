import { expect, test } from '@playwright/test';
import { CONCERN_POST_PATH, RECEIPT_URL_RE, shot, waitForHydration } from './helpers';
import { randomBytes } from 'node:crypto';

test('a resident finds their case from the home page, however they type the code', async ({ page }, testInfo) => {
  // Raise a concern the way a phone without JavaScript does: a plain form POST.
  const title = `水渠堵了 ${Date.now()} ${testInfo.project.name}`;
  const res = await page.request.post(CONCERN_POST_PATH, {
    form: {
      submission_id: randomBytes(16).toString('hex'),
      title,
      description: '下雨就淹地，麻烦看一下。',
      resident_name: '',
      resident_phone: '',
      consent: 'on',
    },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  const code = RECEIPT_URL_RE.exec(res.headers()['location'] ?? '')?.[1];
  expect(code, 'tracking code in the redirect').toBeTruthy();

  await page.goto('/');
  await waitForHydration(page, testInfo);
  // Lower case, no dashes, spaces around: as typed on a phone keypad.
  await page.locator('#lookup-code').fill(`  ${code!.toLowerCase().replace(/-/g, '')} `);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('[data-testid="case-title"]')).toContainText(title);
  await expect(page.locator('[data-testid="case-status"]')).toContainText('受理中');
  await shot(page, testInfo, 'lookup');

  // One mistyped digit is caught by the check digit and said plainly.
  const digits = code!.slice(-6);
  const wrong = code!.slice(0, -6) + digits.slice(0, 5) + String((Number(digits[5]) + 1) % 10);
  await page.goto(`/c?code=${encodeURIComponent(wrong)}`);
  await expect(page.getByText('查询码有误')).toBeVisible();
  await expect(page.locator('#lookup-code')).toHaveValue(wrong);
});
