import { expect, test } from '@playwright/test';
import { shot, waitForHydration } from './helpers';

const COUNCILS = ['三塬镇政协委员工作站', '东风村协商议事会', '粤海街道委员工作站', '妇联界别委员工作站', '资溪街道'];

test('home lists the demo councils and their rooms', async ({ page }, testInfo) => {
  const res = await page.goto('/');
  expect(res?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  const councils = page.locator('[data-testid="council"]');
  for (const name of COUNCILS) {
    await expect(councils.filter({ hasText: name }).first(), `council ${name}`).toBeVisible();
  }

  const roomLinks = page.locator('a[href^="/r/"]');
  expect(await roomLinks.count(), 'number of room links').toBeGreaterThanOrEqual(28);
  await expect(page.locator('a[href="/r/ns-yuehai"]').first()).toBeAttached();
  await shot(page, testInfo, 'home');

  await waitForHydration(page, testInfo);
  const dongfeng = page.locator('a[href="/r/sy-dongfeng"]').first();
  await expect(dongfeng).toContainText('东风村');
  await dongfeng.scrollIntoViewIfNeeded();
  await dongfeng.click();
  await expect(page).toHaveURL(/\/r\/sy-dongfeng$/);
  await expect(page.locator('h1[data-testid="room-name"]')).toContainText('东风村');
});
