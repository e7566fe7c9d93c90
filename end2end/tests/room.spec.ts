import { expect, test } from '@playwright/test';
import { openConcernForm, submitButton } from './helpers';

test('room page leads to a labelled concern form', async ({ page }, testInfo) => {
  const form = await openConcernForm(page, testInfo, async () => {
    await expect(page.locator('h1[data-testid="room-name"]')).toContainText('东风村');
  });

  await expect(form.locator('input[name="title"]')).toBeVisible();
  await expect(form.locator('textarea[name="description"]')).toBeVisible();
  await expect(form.locator('input[name="resident_name"]')).toBeVisible();
  await expect(form.locator('input[name="resident_phone"]')).toBeVisible();
  await expect(form.locator('input[type="checkbox"][name="consent"]')).toBeVisible();
  await expect(form.locator('input[type="checkbox"][name="consent"]')).not.toBeChecked();

  const sid = form.locator('input[type="hidden"][name="submission_id"]');
  await expect(sid).toHaveCount(1);
  expect((await sid.inputValue()).trim(), 'submission_id must be pre-filled').not.toBe('');

  await expect(submitButton(form)).toBeVisible();

  // Labels are associated with the right controls.
  await expect(form.getByLabel('标题')).toHaveAttribute('name', 'title');
  await expect(form.getByLabel('详细情况')).toHaveAttribute('name', 'description');
  await expect(form.getByLabel('姓名（选填）')).toHaveAttribute('name', 'resident_name');
  await expect(form.getByLabel('手机号（选填）')).toHaveAttribute('name', 'resident_phone');
  await expect(form.getByLabel('隐私')).toHaveAttribute('name', 'consent');
});
