import { expect, test } from '@playwright/test';

test('/healthz answers 200', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
});
