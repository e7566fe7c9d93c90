import { defineConfig, devices } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE } from './tests/admin-helpers';
import { SMS_LOG } from './tests/helpers';

// The app binary is built separately (cargo build -p server, and `cargo run -p site` for its browser files); point BANDENG_BIN at it.
const BIN = process.env.BANDENG_BIN;
if (!BIN) {
  throw new Error(
    'BANDENG_BIN is not set. Build the app first and run e.g.\n' +
      '  BANDENG_BIN=../target/release/bandeng npx playwright test\n' +
      '(BANDENG_SITE_ROOT defaults to ../target/site; E2E_PORT defaults to 3100)',
  );
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) {
  throw new Error(`E2E_PORT must be a TCP port number, got ${JSON.stringify(process.env.E2E_PORT)}`);
}
const SITE_ROOT = process.env.BANDENG_SITE_ROOT ?? '../target/site';

const BASE_URL = `http://127.0.0.1:${PORT}`;

// Playwright cannot download its own browsers here: use the system (Debian) chromium.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const shared = {
  browserName: 'chromium' as const,
  launchOptions,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1, // 2-core machine
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'off',
    video: 'off',
    screenshot: 'only-on-failure', // failure shots go to test-results/; journey shots to screenshots/
  },
  // Pixel 5's user agent and touch, at 360 px wide: the narrowest phones the councils' residents carry.
  projects: [
    {
      name: 'phone-js',
      use: { ...devices['Pixel 5'], ...shared, viewport: { width: 360, height: 780 }, javaScriptEnabled: true },
    },
    {
      name: 'phone-nojs',
      use: { ...devices['Pixel 5'], ...shared, viewport: { width: 360, height: 780 }, javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: 'bash ./start-server.sh',
    env: {
      BANDENG_BIN: BIN,
      BANDENG_SITE_ROOT: SITE_ROOT,
      E2E_PORT: String(PORT),
      E2E_ADMIN_PHONE: ADMIN_PHONE,
      E2E_ADMIN_PASSWORD: ADMIN_PASSWORD,
      E2E_SMS_LOG: SMS_LOG,
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
