// End-to-end test of the web UI in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): a real `lmis serve` over a fresh database of synthetic people, the built
// UI from web/dist, and an officer's day — sign in, enter a Mẫu 03 sheet whose CCCD disagrees
// with the sex, fix it, save, find it by its name without diacritics, see the dashboard count
// rise, download the XLSX report and read its cells, import a file with a bad row, and be
// refused another commune's record. Screenshots of the main screens go to docs/screenshots/.
//
// Usage: node web/e2e/run.mjs LMIS_BINARY   (LMIS_DATA must point at the repo's data/)
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const dist = join(repo, 'web/dist');
const shots = join(repo, 'docs/screenshots');
const lmis = resolve(process.argv[2] ?? join(repo, 'build/lmis'));
const work = mkdtempSync(join(tmpdir(), 'lmis-e2e-'));
const db = join(work, 'e2e.db');
const PASSWORD = 'mật khẩu thử nghiệm 2026';
const env = { ...process.env, LMIS_DATA: process.env.LMIS_DATA ?? join(repo, 'data'), LMIS_LANG: 'en' };
delete env.LMIS_TODAY; // the browser's today and the server's must be the same day

let server;
let browser;
let step = 'setup';
const run = (...args) => execFileSync(lmis, args, { env, cwd: work, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const say = (text) => console.log(`[e2e] ${text}`);

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// Rows of a CSV file with a header and no quoted commas (the generator's output).
function readCsv(path) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

function setUp() {
  run('--db', db, 'init');
  // Two communes of Hà Nội in the 2025 tree, collected this autumn.
  // 5% of the sheets carry a planted error and are rejected: those residents of the
  // population register make the campaign's worklist.
  run(
    'gen',
    '--people',
    '400',
    '--units',
    '00004,00008',
    '--seed',
    '7',
    '--reference-date',
    '2026-10-01',
    '--error-rate',
    '0.05',
    '--register',
    join(work, 'reg.csv'),
    '--out',
    join(work, 'w.csv'),
  );
  try {
    run('--db', db, 'import', 'workers', join(work, 'w.csv'), '--rejects', join(work, 'r.csv'), '--quiet');
  } catch (e) {
    if (e.status !== 3) throw e; // 3 = some rows rejected
  }
  run('--db', db, 'import', 'population', join(work, 'reg.csv'), '--rejects', join(work, 'rr.csv'));
  const add = (name, ...args) =>
    execFileSync(lmis, ['--db', db, 'user', 'add', name, ...args], { env, input: PASSWORD + '\n', stdio: ['pipe', 'pipe', 'pipe'] });
  add('canbo.badinh', '--role', 'commune_officer', '--unit', '00004');
  add('canbo.ngocha', '--role', 'commune_officer', '--unit', '00008');
  add('quantri', '--role', 'admin', '--unit', 'national');
  add('dtv.badinh', '--role', 'collector', '--unit', '00004');
  add('congan.badinh', '--role', 'commune_police', '--unit', '00004');
  // A campaign with every worklist household given to the collector, two forms collected and
  // accepted: ready to be handed over to the police in the UI.
  const campaign = run(
    '--db',
    db,
    'campaign',
    'create',
    '--name',
    'Thu thập thông tin 2026',
    '--unit',
    '00004',
    '--reference-date',
    '2026-10-01',
    '--start',
    '2026-10-01',
    '--end',
    '2026-12-31',
    '--wave',
    '1:2026-12-20:Đợt 1',
  ).trim();
  run('--db', db, 'campaign', 'assign', campaign, '--unit', '00004', '--wave', '1', '--collector', 'dtv.badinh', '--all');
  const forms = run('--db', db, 'form', 'list', campaign)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  assert.ok(forms.length >= 2, `the worklist gave ${forms.length} forms`);
  for (const id of forms.slice(0, 2)) for (const to of ['collected', 'accepted']) run('--db', db, 'form', 'move', id, to);
  const people = readCsv(join(work, 'w.csv'));
  const other = people.find((p) => (p.current_unit || p.permanent_unit) === '00008');
  assert.ok(other, 'the generator made nobody in 00008');
  // A small file to import: five good rows and one with a broken CCCD.
  run('gen', '--people', '5', '--units', '00004', '--seed', '99', '--reference-date', '2026-10-02', '--out', join(work, 'more.csv'));
  const lines = readFileSync(join(work, 'more.csv'), 'utf8').trim().split('\n');
  lines.push('12345ABC' + lines[1].slice(lines[1].indexOf(',')));
  writeFileSync(join(work, 'import.csv'), lines.join('\n') + '\n');
  return { cccds: new Set(people.map((p) => p.cccd)), otherCccd: other.cccd, campaign, forms: forms.length };
}

function startServer() {
  return new Promise((resolvePort, reject) => {
    server = spawn(lmis, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--static', dist], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const onData = (chunk) => {
      log += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) resolvePort(Number(m[1]));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`lmis serve exited ${code}: ${log}`)));
    setTimeout(() => reject(new Error('lmis serve did not start within 20 s: ' + log)), 20000);
  });
}

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function shot(page, name) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
}

async function signIn(page, base, username) {
  await page.goto(base + '/');
  await page.fill('[name=username]', username);
  await page.fill('[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('header');
}

async function statValue(page, id) {
  const loc = page.locator(`[data-testid=stat-${id}]`);
  await loc.waitFor();
  return Number((await loc.innerText()).replace(/\D/g, ''));
}

function fieldError(page, name) {
  // Mantine links the message to its box with aria-describedby.
  return page.evaluate((n) => {
    const box = document.querySelector(`[name="${n}"]`);
    const ids = (box?.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return ids
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim();
  }, name);
}

async function activeName(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('name') ?? '');
}

async function main() {
  mkdirSync(shots, { recursive: true });
  readFileSync(join(dist, 'index.html')); // the UI must be built (make builds it)
  const { cccds, otherCccd, campaign, forms } = setUp();
  const port = await startServer();
  const base = `http://127.0.0.1:${port}`;
  say(`server on ${base}`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: launchArgs });
  const context = await browser.newContext({ acceptDownloads: true, locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  step = 'sign in';
  await page.goto(base + '/');
  await page.waitForSelector('[name=username]');
  assert.match(await page.locator('body').innerText(), /Đăng nhập/);
  await page.fill('[name=username]', 'canbo.badinh');
  await page.fill('[name=password]', 'sai mật khẩu');
  await page.click('button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.locator('[role=alert]').innerText(), /Sai tên đăng nhập hoặc mật khẩu/);
  await shot(page, '01-dang-nhap');
  await signIn(page, base, 'canbo.badinh');

  step = 'dashboard before';
  const before = await statValue(page, 'population_15plus');
  assert.ok(before > 100, `population 15+ of 00004 is ${before}`);
  await page.waitForSelector('canvas');
  await shot(page, '02-tong-quan');

  step = 'entry form';
  await page.click('nav >> text=Nhập phiếu Mẫu 03');
  await page.waitForSelector('[name=full_name]');
  let cccd = '001190012345';
  for (let n = 12345; cccds.has(cccd); ++n) cccd = '0011900' + String(n).padStart(5, '0');
  // Keyboard only, in the paper's order: Enter moves on, option codes choose.
  await page.focus('[name=full_name]');
  await page.keyboard.type('Phạm Thị Ngọc Ánh');
  await page.keyboard.press('Enter');
  assert.equal(await activeName(page), 'birth_date', 'Enter after item 1 goes to item 2');
  await page.keyboard.type('12/03/1990');
  await page.keyboard.press('Enter');
  assert.equal(await activeName(page), 'sex');
  await page.keyboard.press('1'); // 1 – Nam: disagrees with the CCCD's digit 4 (1 = a woman born in the 1900s)
  assert.equal(await page.inputValue('[name=sex]'), 'male', 'typing 1 chooses 1 – Nam');
  await page.keyboard.press('Enter');
  assert.equal(await activeName(page), 'cccd');
  await page.keyboard.type(cccd);
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('[name=cccd]')?.getAttribute('aria-invalid') === 'true');
  const mismatch = await fieldError(page, 'cccd');
  assert.match(mismatch, /chữ số thứ 4/, `the CCCD/sex mismatch is shown: "${mismatch}"`);
  await shot(page, '03-phieu-loi-cccd');
  await page.focus('[name=sex]');
  await page.keyboard.press('2'); // 2 – Nữ
  await page.waitForFunction(() => document.querySelector('[name=cccd]')?.getAttribute('aria-invalid') !== 'true');
  assert.equal(await fieldError(page, 'cccd'), '', 'fixing the sex clears the CCCD error');
  assert.equal(await page.inputValue('[name=permanent_unit]'), '00004', "the officer's commune is offered");
  await page.fill('[name=permanent_address]', 'Số 5 phố Đội Cấn');
  await page.fill('[name=ethnicity]', '01');
  await page.selectOption('[name=general_education]', 'upper_secondary');
  await page.focus('[name=qualification]');
  await page.keyboard.press('7'); // 7 – university: item 10.1 appears
  await page.waitForSelector('[name=training_field]');
  await page.fill('[name=training_field]', 'Kế toán');
  assert.equal(await page.locator('[data-testid=part-employed]').count(), 0, 'item 12 waits for the status');
  await page.focus('[name=lf_status]');
  await page.keyboard.press('1');
  await page.waitForSelector('[data-testid=part-employed]');
  await page.focus('[name=employment_status]');
  await page.keyboard.press('4'); // employee: the contract items appear
  await page.waitForSelector('[name=contract_type]');
  await page.fill('[name=job_title]', 'Kế toán viên');
  await page.selectOption('[name=si_type]', 'compulsory');
  await page.selectOption('[name=contract_type]', 'indefinite');
  await page.fill('[name=workplace_name]', 'Công ty TNHH Minh Phát');
  await page.selectOption('[name=workplace_type]', 'private_enterprise');
  await page.fill('[name=workplace_address]', '12 Phố Huế, Hà Nội');
  await page.keyboard.press('Control+Enter');
  try {
    await page.waitForSelector('[data-testid=saved]', { timeout: 15000 });
  } catch (e) {
    throw new Error('not saved: ' + (await page.locator('form').innerText()).slice(0, 3000));
  }
  assert.match(await page.locator('[data-testid=saved]').innerText(), new RegExp(cccd));
  await shot(page, '04-phieu-da-luu');

  step = 'search without diacritics';
  await page.click('nav >> text=Tra cứu');
  await page.fill('[name=q]', 'pham thi ngoc anh');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=results]');
  const found = page.locator('[data-testid=results] a', { hasText: 'Phạm Thị Ngọc Ánh' });
  assert.equal(await found.count(), 1, 'found by the name without diacritics');
  await shot(page, '05-tra-cuu');
  await found.click();
  await page.waitForSelector('[data-testid=record]');
  assert.match(await page.locator('[data-testid=record]').innerText(), /Kế toán viên/);
  await page.waitForSelector('[data-testid=history]');
  assert.equal(await page.locator('[data-testid=history] tbody tr').count(), 1);
  await page.click('text=Ai đã xem hồ sơ này');
  await page.waitForSelector('[data-testid=readers]');
  assert.match(
    await page.locator('[data-testid=readers]').innerText(),
    /canbo\.badinh[\s\S]*Xem hồ sơ/,
    "the officer's own read is listed",
  );
  await shot(page, '06-ho-so');

  step = 'dashboard after';
  await page.click('nav >> text=Tổng quan');
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector('[data-testid=stat-population_15plus]');
      return el && Number(el.textContent.replace(/\D/g, '')) === want;
    },
    before + 1,
    { timeout: 10000 },
  );

  step = 'XLSX report';
  await page.click('nav >> text=Báo cáo');
  await page.waitForSelector('[data-testid=report-title]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-format=xlsx]')]);
  const xlsx = join(work, 'report.xlsx');
  await download.saveAs(xlsx);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  execFileSync('python3', [
    '-c',
    `
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
sheet = z.read("xl/worksheets/sheet1.xml").decode()
assert "BÁO CÁO THÔNG TIN CUNG LAO ĐỘNG" in shared, shared[:5]
assert any("Phường Ba Đình" in s for s in shared), "unit name"
numbers = [float(v) for v in re.findall(r'<c r="C\\d+"[^>]*><v>([0-9.]+)</v>', sheet)]
assert float(sys.argv[2]) in numbers, (sys.argv[2], numbers[:8])
`,
    xlsx,
    String(before + 1),
  ]);
  await shot(page, '07-bao-cao');

  step = 'import';
  await page.click('nav >> text=Nhập tệp');
  await page.setInputFiles('input[type=file]', join(work, 'import.csv'));
  await page.click('button:has-text("Tải lên và nhập")');
  await page.waitForSelector('[data-testid=import-counts]', { timeout: 30000 });
  const counts = await page.locator('[data-testid=import-counts]').innerText();
  assert.match(counts, /5\s*hồ sơ mới/, counts);
  assert.match(counts, /1\s*dòng bị từ chối/, counts);
  const [rejects] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải danh sách dòng bị từ chối')]);
  const rejectsPath = join(work, 'rejects.csv');
  await rejects.saveAs(rejectsPath);
  const rejectsText = readFileSync(rejectsPath, 'utf8');
  assert.match(rejectsText, /cccd/, rejectsText);
  assert.match(rejectsText.split('\n')[1] ?? '', /^7,/, 'the bad row is line 7 of the file');
  await shot(page, '08-nhap-tep');

  step = 'campaign';
  await page.click('nav >> text=Đợt thu thập');
  await page.click('text=Thu thập thông tin 2026');
  await page.waitForSelector('text=Đợt 1');
  const progress = await page.locator('table').first().innerText();
  assert.match(progress, new RegExp(`Phường Ba Đình\\s+0\\s+${forms}\\s+2\\s`), progress);
  await shot(page, '09-dot-thu-thap');
  await page.click('role=tab[name="Phiếu"]');
  await page.click('text=Chọn mọi phiếu đã duyệt');
  await page.fill('input[required]', 'congan.badinh');
  await page.click('button:has-text("Bàn giao (2)")');
  await page.waitForSelector('text=Mã kiểm tra');
  await page.click('role=tab[name="Biên bản bàn giao"]');
  await page.waitForSelector('td:has-text("congan.badinh")');

  step = 'another commune';
  await page.goto(`${base}/workers/${otherCccd}`);
  await page.waitForSelector('[data-testid=forbidden]');
  assert.match(await page.locator('[data-testid=forbidden]').innerText(), /không thuộc phạm vi quản lý/);
  assert.equal(await page.locator('[data-testid=record]').count(), 0);
  const denied = await page.evaluate(async (id) => (await fetch('/api/workers/' + id)).status, otherCccd);
  assert.equal(denied, 403);

  step = 'close a record';
  await page.goto(`${base}/workers/${cccd}`);
  await page.click('button:has-text("Đóng hồ sơ")');
  await page.selectOption('[name=close-reason]', 'emigrated');
  await page.click('button:has-text("Xác nhận")');
  await page.waitForSelector('h2 >> text=Hồ sơ đã đóng');
  assert.equal(await page.locator('button:has-text("Cập nhật hồ sơ")').count(), 0, 'a closed record offers no update');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=history] tbody tr').length === 2);

  step = 'English';
  await page.click('text=EN');
  await page.waitForSelector('nav >> text=Dashboard');
  await page.click('nav >> text=Dashboard');
  await page.waitForSelector('text=Population 15+');
  await page.click('text=VI');

  step = 'admin';
  await page.click('text=Đăng xuất');
  await page.waitForSelector('[name=username]');
  await signIn(page, base, 'quantri');
  await page.waitForSelector('[data-testid=users]');
  assert.match(await page.locator('[data-testid=users]').innerText(), /canbo\.ngocha/);
  const row = page.locator('[data-testid=users] tr', { hasText: 'canbo.ngocha' });
  await row.locator('button:has-text("Khóa")').click();
  await row.locator('text=Đã khóa').waitFor();
  // The disabled officer can no longer sign in with their right password.
  const signInStatus = await page.evaluate(async (password) => {
    const r = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'canbo.ngocha', password }),
    });
    await r.text();
    return r.status;
  }, PASSWORD);
  assert.equal(signInStatus, 401, 'a disabled account is refused');
  await shot(page, '10-nguoi-dung');
  await page.click('nav >> text=Nhật ký truy cập');
  await page.selectOption('[name=action]', 'read');
  await page.fill('[name=person]', otherCccd);
  await page.click('button:has-text("Tra cứu")');
  await page.waitForSelector('[data-testid=audit] >> text=Từ chối: ngoài phạm vi');
  assert.match(await page.locator('[data-testid=audit]').innerText(), /canbo\.badinh/, 'the refused read is in the audit log');

  step = 'phone';
  const phone = await browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await signIn(small, base, 'canbo.badinh');
  await small.goto(base + '/entry');
  await small.waitForSelector('[name=full_name]');
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the form fits a phone screen (overflow ${overflow}px)`);
  await shot(small, '11-dien-thoai-phieu');
  await phone.close();

  assert.deepEqual(consoleErrors, [], 'no script errors in the page');
  say('all steps passed');
}

main()
  .then(() => 0)
  .catch((e) => {
    console.error(`[e2e] FAILED at step "${step}": ${e.stack ?? e}`);
    return 1;
  })
  .then(async (code) => {
    await browser?.close().catch(() => undefined);
    server?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
    process.exit(code);
  });
