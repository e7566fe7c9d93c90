import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { jsEnabled, waitForHydration } from './helpers';

// The staff screens' browser code is split out (the site builder splits it): a resident's phone
// downloads only the main wasm; a staff screen fetches its own chunk when it is opened.
test('a resident’s pages fetch no staff code, and a staff screen fetches its own', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'code is only fetched with JavaScript');
  const wasm: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  await page.goto('/');
  await waitForHydration(page, testInfo);
  await page.goto('/r/yj-zixi');
  await waitForHydration(page, testInfo);
  expect(new Set(wasm)).toEqual(new Set(['/pkg/bandeng.wasm']));

  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  wasm.length = 0;
  await page.goto('/admin/audit');
  await waitForHydration(page, testInfo);
  expect(wasm).toContain('/pkg/bandeng.wasm');
  expect(wasm.some((path) => /^\/pkg\/split___audit_route_view_\d+\.wasm$/.test(path))).toBe(true);
  expect(wasm.some((path) => path.includes('split___work_route'))).toBe(false);
});
