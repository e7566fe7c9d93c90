import { expect, test } from '@playwright/test';
import path from 'node:path';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { fillConcern, jsEnabled, newConcern, openConcernForm, shot, submitConcern, waitForHydration } from './helpers';

test('a resident adds a photo on a link that drops, and only the council sees it, downscaled', async ({ browser, page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'photos are made small on the phone, which needs JavaScript; the concern itself works without');
  const concern = newConcern(testInfo);
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  const code = await submitConcern(page, form, testInfo);

  // The link drops on the first try of every chunk: each is sent again, and kept once.
  const tried = new Set<string>();
  let dropped = 0;
  await page.route(/\/c\/[^/]+\/photos\/[0-9a-f]{32}\/\d+/, async (route) => {
    const url = route.request().url();
    if (!tried.has(url)) {
      tried.add(url);
      dropped += 1;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  const photos = page.getByTestId('photos');
  await expect(photos.getByText('添加照片（选填，最多 3 张）')).toBeVisible();
  await photos.getByTestId('photo-input').setInputFiles(path.join(__dirname, '..', 'fixtures', 'lane.png'));
  await expect(photos.getByTestId('photo-state')).toContainText('已上传 ✓', { timeout: 30_000 });
  expect(dropped).toBeGreaterThan(0);
  await shot(page, testInfo, 'photo-sent');

  // The council's desk shows it, no wider than 1280 px; the resident's public page does not.
  const staff = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signIn(staff, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await staff.goto(`/admin/councils/sy_dongfeng/cases/${code}`);
  await waitForHydration(staff, testInfo);
  const img = staff.getByTestId('case-photos').locator('img');
  await expect(img).toHaveCount(1);
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)))
    .toBe(1280);
  await staff.close();
  await page.goto(`/c/${code}`);
  await expect(page.locator('img[src^="/photos/"]')).toHaveCount(0);
});
