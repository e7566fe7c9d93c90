import { expect, test } from '@playwright/test';

test('unknown room answers 404 with a friendly message', async ({ page }) => {
  const res = await page.goto('/r/no-such-room');
  expect(res?.status()).toBe(404);
  await expect(page.locator('body')).toContainText('找不到');
});

test('unknown tracking code says it cannot be found', async ({ page }) => {
  await page.goto('/c/SY-2026-000000');
  await expect(page.locator('body')).toContainText(/找不到|查询码有误/);
});
