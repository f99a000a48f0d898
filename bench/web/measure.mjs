// The measurements of bench/web/run. Usage: node bench/web/measure.mjs LMIS PEOPLE UNITS
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { chromium } = createRequire(join(repo, "web/package.json"))(
  "playwright-core",
);
const [lmis, people, units] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "lmis-bench-web-"));
const db = join(work, "bench.db");
const env = { ...process.env, LMIS_DATA: join(repo, "data"), LMIS_LANG: "en" };
delete env.LMIS_TODAY;
const PASSWORD = "mật khẩu đo hiệu năng";
const RUNS = 7;
const run = (...args) =>
  execFileSync(lmis, args, {
    env,
    cwd: work,
    stdio: ["pipe", "pipe", "inherit"],
  }).toString();
const log = (s) => process.stderr.write(`[bench/web] ${s}\n`);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

let server;
let browser;
try {
  log(`generating and importing ${people} people of ${units}`);
  run("--db", db, "init");
  run(
    "gen",
    "--people",
    people,
    "--units",
    units,
    "--seed",
    "3",
    "--reference-date",
    "2026-10-01",
    "--out",
    join(work, "w.csv"),
  );
  run(
    "--db",
    db,
    "import",
    "workers",
    join(work, "w.csv"),
    "--rejects",
    join(work, "r.csv"),
    "--quiet",
  );
  const first = readFileSync(join(work, "w.csv"), "utf8").split("\n", 3);
  const cols = first[0].split(",");
  const row = Object.fromEntries(
    first[1].split(",").map((v, i) => [cols[i], v]),
  );
  const commune = row.current_unit || row.permanent_unit;
  const add = (name, ...args) =>
    execFileSync(lmis, ["--db", db, "user", "add", name, ...args], {
      env,
      input: PASSWORD + "\n",
      stdio: ["pipe", "pipe", "pipe"],
    });
  add("officer", "--role", "commune_officer", "--unit", commune);
  add("province", "--role", "province_officer", "--unit", units.slice(0, 2));
  const surname = row.full_name
    .split(" ")[0]
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();

  const port = await new Promise((ok, fail) => {
    server = spawn(
      lmis,
      [
        "--db",
        db,
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--static",
        join(repo, "web/dist"),
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    server.stderr.on("data", (c) => {
      out += c;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    server.on("exit", (code) =>
      fail(new Error("lmis serve exited " + code + ": " + out)),
    );
  });
  const base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const t = { load: [], figures: [], charts: [], check: [], search: [] };
  // Times are taken inside the page (performance.now, a MutationObserver for what the officer
  // waits for), so the test driver's polling adds nothing to them.
  const watch = () => {
    window.__seen = {};
    window.__from = 0;
    const marks = {
      form: "[name=username]",
      figures: "[data-testid=stat-unemployment_rate]",
      charts: "[data-testid=trend] canvas",
      results: "[data-testid=results]",
    };
    const look = () => {
      for (const [k, sel] of Object.entries(marks))
        if (!(k in window.__seen) && document.querySelector(sel))
          window.__seen[k] = performance.now() - window.__from;
    };
    new MutationObserver(look).observe(document, {
      childList: true,
      subtree: true,
    });
    const start = () => {
      window.__from = performance.now();
      for (const k of Object.keys(window.__seen)) delete window.__seen[k];
    };
    document.addEventListener("click", start, { capture: true });
    document.addEventListener("keydown", (e) => e.key === "Enter" && start(), {
      capture: true,
    });
  };
  const seen = async (page, mark) => {
    await page.waitForFunction((m) => m in window.__seen, mark);
    return page.evaluate((m) => window.__seen[m], mark);
  };
  for (let i = 0; i < RUNS; ++i) {
    const context = await browser.newContext({
      locale: "vi-VN",
      viewport: { width: 1280, height: 900 },
    });
    await context.addInitScript(watch);
    const page = await context.newPage();
    await page.goto(base + "/");
    t.load.push(await seen(page, "form")); // from the navigation's start
    await page.fill("[name=username]", "province");
    await page.fill("[name=password]", PASSWORD);
    await page.click("button[type=submit]");
    t.figures.push(await seen(page, "figures"));
    t.charts.push(await seen(page, "charts"));
    await context.close();

    const officer = await browser.newContext({
      locale: "vi-VN",
      viewport: { width: 1280, height: 900 },
    });
    await officer.addInitScript(watch);
    const p2 = await officer.newPage();
    await p2.goto(base + "/");
    await p2.fill("[name=username]", "officer");
    await p2.fill("[name=password]", PASSWORD);
    await p2.click("button[type=submit]");
    await p2.waitForSelector("header");
    await p2.goto(base + "/entry");
    await p2.waitForSelector("[name=full_name]");
    await p2.fill("[name=birth_date]", "12/03/1990");
    await p2.selectOption("[name=sex]", "male");
    await p2.fill("[name=cccd]", "001090012345");
    await p2.focus("[name=sex]");
    // From the keystroke to the message on the CCCD box.
    await p2.evaluate(() => {
      window.__done = new Promise((ok) => {
        const box = document.querySelector("[name=cccd]");
        let t0 = 0;
        document.addEventListener("keydown", () => (t0 = performance.now()), {
          capture: true,
          once: true,
        });
        new MutationObserver(
          () =>
            box.getAttribute("aria-invalid") === "true" &&
            ok(performance.now() - t0),
        ).observe(box, { attributes: true });
      });
    });
    await p2.keyboard.press("2"); // 2 – Nữ: digit 4 = 0 says a man
    t.check.push(await p2.evaluate(() => window.__done));
    await p2.goto(base + "/search");
    await p2.fill("[name=q]", surname);
    await p2.keyboard.press("Enter");
    t.search.push(await seen(p2, "results"));
    await officer.close();
  }
  const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x)) + " ms";
  const commit = execFileSync("git", [
    "-C",
    repo,
    "rev-parse",
    "--short",
    "HEAD",
  ])
    .toString()
    .trim();
  const machine = `${cpus()[0].model.replace(/\s+/g, " ").trim()}, ${cpus().length} cores`;
  const day = new Date().toISOString().slice(0, 10);
  console.log(
    `| ${day} | ${machine} | ${Number(people).toLocaleString("en")} | ${ms(median(t.load))} | ${ms(median(t.figures))} | ${ms(median(t.charts))} | ${ms(median(t.check))} | ${ms(median(t.search))} | ${commit} |`,
  );
} finally {
  await browser?.close().catch(() => undefined);
  server?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
