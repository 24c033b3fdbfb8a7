/**
 * The lectures site as `npm start` writes it, run twice on two lectures (02: the 3-D
 * figure; 05: the race), then opened from file:// in headless Chromium with the network
 * cut off: identical bytes on both runs, shared plotly.js and CSS, navigation, the phone
 * and desktop layouts by bounding boxes, formulas before figures, and an A4 print.
 * Screenshots and the PDF go to artifacts/site/ for a person to look at.
 */
/// <reference lib="dom" />
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const REPO = resolve(__dirname, "..", "..");
const ARTIFACTS = join(REPO, "artifacts", "site");
const LECTURES = ["02-convex-valley", "05-adam"];
const PLOT = ".adaptive-lr-plot";
const work = mkdtempSync(join(REPO, ".build", "site-test-"));
const runs = [join(work, "a"), join(work, "b")];
const site = runs[0];
let outputs: string[] = [];

before(() => {
  outputs = runs.map((out) => {
    const r = spawnSync(process.execPath, [join(REPO, "scripts", "lectures.js"), "02", "05", "--out", out], {
      cwd: REPO,
      env: { ...process.env, JUPYTER_DATA_DIR: join(work, "jupyter-data") },
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(r.status, 0, `npm start failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  });
});

after(() => rmSync(work, { recursive: true, force: true }));

const read = (file: string) => readFileSync(join(site, file), "utf8");
const sourceNotebook = (name: string) => JSON.parse(readFileSync(join(REPO, "notebooks", `${name}.ipynb`), "utf8"));

test("two runs of npm start give byte-identical pages, figure ids from notebook and cell", () => {
  const files = readdirSync(runs[0]).filter((f) => /\.(html|css|js)$/.test(f) && f !== "index.html");
  assert.deepEqual(files.sort(), [...LECTURES.map((n) => `${n}.html`), "notebook.css", "plotly.min.js"].sort());
  // The figures' still pictures too (SVG, PNG, JPEG from Chromium).
  const pictures = readdirSync(join(runs[0], "figures")).map((f) => `figures/${f}`);
  assert.deepEqual(readdirSync(join(runs[1], "figures")).map((f) => `figures/${f}`), pictures);
  assert.ok(pictures.length >= 8, `pictures: ${pictures.length}`);
  for (const f of [...files, ...pictures]) {
    assert.ok(readFileSync(join(runs[0], f)).equals(readFileSync(join(runs[1], f))), `${f} differs between two runs`);
  }
  for (const name of LECTURES) {
    const html = read(`${name}.html`);
    assert.doesNotMatch(html, /adaptive-lr-plot-[0-9a-f]{16}/, "no random figure id left");
    const ids = [...html.matchAll(/<div id="(fig-[^"]+)" class="adaptive-lr-plot"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 4, `${name}: figures (${ids.length})`);
    for (const id of ids) assert.match(id, new RegExp(`^fig-${name}-c\\d+-\\d+$`));
    assert.equal(new Set(ids).size, ids.length, "ids are unique");
  }
});

test("pages load plotly.js and the CSS from one file each; the executed notebooks inline plotly.js once", (t) => {
  assert.ok(readFileSync(join(site, "plotly.min.js")).equals(readFileSync(join(REPO, "src", "dist", "plotly.min.js"))), "the custom bundle");
  const sizes: string[] = [];
  for (const name of LECTURES) {
    const html = read(`${name}.html`);
    const head = html.slice(0, html.indexOf("<body"));
    assert.match(head, /<link rel="stylesheet" href="notebook\.css">/);
    assert.match(head, /<script data-plotly="plotly\.min\.js">/);
    assert.doesNotMatch(head, /<style/, "no inline stylesheet");
    assert.doesNotMatch(html, /data-adaptive-lr="plotly\.js"|\(function \(define, module, exports\)/, "no inlined plotly.js");
    const bytes = statSync(join(site, `${name}.html`)).size;
    assert.ok(bytes <= 1_500_000, `${name}.html is ${bytes} bytes (goal ≤ 1.5 MB)`);
    const nb = JSON.parse(read(`${name}.ipynb`));
    const html0 = nb.cells.flatMap((c: { outputs?: { data?: Record<string, string | string[]> }[] }) => c.outputs ?? [])
      .map((o: { data?: Record<string, string | string[]> }) => [o.data?.["text/html"] ?? ""].flat().join(""));
    assert.equal(html0.filter((h: string) => h.includes('data-adaptive-lr="plotly.js"')).length, 1, `${name}.ipynb inlines plotly.js once`);
    sizes.push(`${name}: page ${(bytes / 1e6).toFixed(2)} MB, notebook ${(statSync(join(site, `${name}.ipynb`)).size / 1e6).toFixed(2)} MB`);
  }
  assert.ok(statSync(join(site, "notebook.css")).size < 700_000);
  t.diagnostic(sizes.join("; "));
});

test("navigation: title from the heading, lang, previous / index / next, contents; the index names each lecture", () => {
  const [first, second] = LECTURES.map((name) => read(`${name}.html`));
  assert.match(first, /<html lang="en">/);
  assert.match(first, /<title>Training can be difficult even without critical points<\/title>/);
  assert.match(second, /<title>Adam, and the general form θᵗ⁺¹ = θᵗ − ηᵗ\/σᵗ mᵗ<\/title>/);
  // In this two-lecture site, 02 comes first and 05 last.
  assert.match(first, /<a class="next" rel="next" href="05-adam\.html">.*Adam, and the general form/);
  assert.doesNotMatch(first, /rel="prev"/);
  assert.match(second, /<a class="prev" rel="prev" href="02-convex-valley\.html">.*Training can be difficult/);
  assert.doesNotMatch(second, /rel="next"/);
  assert.equal((first.match(/<a class="index" href="index\.html">/g) ?? []).length, 2, "index link above and below");
  // The contents list every section heading, in order.
  const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(first)?.[0] ?? "";
  const h2 = [...first.matchAll(/<h2 id="([^"]+)">/g)].map((m) => m[1]);
  assert.ok(h2.length >= 3);
  const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  assert.deepEqual([...toc.matchAll(/href="#([^"]+)"/g)].map((m) => unescape(m[1])), h2.map(unescape));

  const index = read("index.html");
  assert.match(index, /Hung-yi Lee/);
  assert.match(index, /ML2021/);
  assert.match(index, /“adaptive learning rate”/);
  for (const name of LECTURES) {
    const nb = sourceNotebook(name);
    const title = name === "05-adam" ? "Adam, and the general form θᵗ⁺¹ = θᵗ − ηᵗ/σᵗ mᵗ" : "Training can be difficult even without critical points";
    assert.match(index, new RegExp(`<h2><a href="${name}\\.html">${title.replace(/[()/+]/g, "\\$&")}</a></h2>`));
    assert.ok(index.includes(`<p class="summary">${nb.metadata.lecture.summary.replace(/&/g, "&amp;")}</p>`), `${name}: its summary`);
  }
  assert.match(index, /<p class="section">Section 2, points 1–4 of the lecture<\/p>/);
  assert.match(index, /\d+ claims checked, all hold/);
  assert.match(index, /runs in (\d+ seconds?|\d+ minutes?( \d+ seconds?)?|under a second)/);
  assert.doesNotMatch(index, /\d{4}-\d\d-\d\dT/, "no ISO timestamps");
});

async function openBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "site-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page of the site from file://, nothing else reachable; page errors and blocked requests recorded. */
async function open(context: BrowserContext, file: string, width: number): Promise<{ page: Page; blocked: string[]; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 844 });
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`file://${join(site, file)}`);
  return { page, blocked, errors };
}

/** Scrolls each figure into view in turn and waits until it is drawn. */
async function drawAll(page: Page): Promise<number> {
  const count = await page.locator(PLOT).count();
  for (let i = 0; i < count; i++) {
    const plot = page.locator(PLOT).nth(i);
    await plot.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el?.hasAttribute("data-render-ms"), await plot.elementHandle(), { timeout: 60_000 });
  }
  return count;
}

type Box = [left: number, top: number, right: number, bottom: number];

test("phone (390 px) and desktop (1280 px): nothing clipped, legends below the plot on the phone, plot areas ≥ 250 px", { timeout: 600_000 }, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { context, close } = await openBrowser();
  try {
    for (const width of [390, 1280]) {
      for (const name of LECTURES) {
        const { page, blocked, errors } = await open(context, `${name}.html`, width);
        const what = `${name} at ${width} px`;
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}-top.png`) });
        const figures = await drawAll(page);
        assert.deepEqual([blocked, errors], [[], []], what);
        const page_ = await page.evaluate(() => {
          const r = (e: Element | null) => (e ? e.getBoundingClientRect() : null);
          const h1 = r(document.querySelector("h1"));
          const prompt = document.querySelector(".jp-InputPrompt");
          const editors = Array.from(document.querySelectorAll(".jp-InputArea-editor"));
          // What is wider than its box, in a code cell: scrolling (auto) or clipping (hidden).
          const wide = editors.flatMap((e) => [e, ...Array.from(e.querySelectorAll("*"))]).filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0);
          return {
            scrollWidth: document.documentElement.scrollWidth,
            h1: h1 ? [h1.left, h1.right] : null,
            promptShown: prompt ? getComputedStyle(prompt).display !== "none" : null,
            editorsRight: Math.max(...editors.map((e) => e.getBoundingClientRect().right)),
            scrollingEditors: wide.filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)).length,
            clippedEditors: wide.filter((e) => ["hidden", "clip"].includes(getComputedStyle(e).overflowX)).length,
          };
        });
        assert.ok(page_.scrollWidth <= width, `${what}: the page is ${page_.scrollWidth} px wide`);
        assert.ok(page_.h1 && page_.h1[0] >= 0 && page_.h1[1] <= width, `${what}: the heading inside the screen ${JSON.stringify(page_.h1)}`);
        assert.equal(page_.promptShown, width > 600, `${what}: the prompt column ${width > 600 ? "shown" : "hidden"}`);
        assert.ok(page_.editorsRight <= width, `${what}: code cells end inside the screen (${page_.editorsRight})`);
        assert.equal(page_.clippedEditors, 0, `${what}: long code lines scroll inside their cell`);
        if (width === 390) assert.ok(page_.scrollingEditors > 0, `${what}: some code cell is wider than a phone and scrolls`);

        const parts = await page.$$eval(PLOT, (divs) =>
          divs.map((div) => {
            const o = div.getBoundingClientRect();
            const box = (e: Element | null): Box | null => {
              if (!e) return null;
              const r = e.getBoundingClientRect();
              return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top];
            };
            return {
              width: o.width,
              right: o.right,
              title: box(div.querySelector(".gtitle")),
              plot: box(div.querySelector(".nsewdrag")) ?? box(div.querySelector(".gl-container")),
              legend: box(div.querySelector(".legend")),
              colorbar: box(div.querySelector(".colorbar")),
            };
          }),
        );
        assert.equal(parts.length, figures);
        parts.forEach((p, i) => {
          const fig = `${what}, figure ${i + 1}`;
          assert.ok(p.right <= width, `${fig}: inside the screen`);
          assert.ok(p.title && p.title[0] >= 0 && p.title[2] <= p.width, `${fig}: title inside the figure ${JSON.stringify(p.title)} (width ${p.width})`);
          assert.ok(p.plot, `${fig}: has a plot area`);
          if (width === 390) {
            assert.ok(p.plot[2] - p.plot[0] >= 250, `${fig}: plot area ${p.plot[2] - p.plot[0]} px wide`);
            if (p.legend) assert.ok(p.legend[1] >= p.plot[3] - 1, `${fig}: legend ${JSON.stringify(p.legend)} below the plot ${JSON.stringify(p.plot)}`);
            if (p.colorbar) assert.ok(p.colorbar[1] >= p.plot[3] - 1, `${fig}: colour bar below the plot`);
          }
        });
        const shots = await page.$$(PLOT);
        for (let i = 0; i < shots.length; i++) await shots[i].screenshot({ path: join(ARTIFACTS, `${name}-${width}-figure-${i + 1}.png`) });
        await page.close();
      }
      // The index: readable on a phone, nothing wider than the screen.
      const { page } = await open(context, "index.html", width);
      const index = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        fontSize: parseFloat(getComputedStyle(document.body).fontSize),
        rights: Array.from(document.querySelectorAll("li.lecture *")).map((e) => e.getBoundingClientRect().right),
      }));
      assert.ok(index.scrollWidth <= width && Math.max(...index.rights) <= width, `index at ${width} px fits`);
      assert.ok(index.fontSize >= 16, "index text at least 16 px");
      await page.screenshot({ path: join(ARTIFACTS, `index-${width}.png`), fullPage: true });
      await page.close();
    }
    t.diagnostic(`screenshots: ${ARTIFACTS}`);
  } finally {
    await close();
  }
});

test("formulas first: plotly.js is asked for once MathJax has typeset the first formulas, and figures far below are drawn only when scrolled near", { timeout: 300_000 }, async () => {
  const { context, close } = await openBrowser();
  try {
    const { page, errors } = await open(context, "02-convex-valley.html", 1280);
    await page.waitForFunction(() => document.documentElement.hasAttribute("data-plotly-loaded-at"), null, { timeout: 60_000 });
    const state = await page.evaluate(() => ({
      typesetBefore: Number(document.documentElement.getAttribute("data-formulas-typeset")),
      formulas: document.querySelectorAll(".MathJax_CHTML").length,
      texLeft: document.body.innerText.includes("$\\eta"),
    }));
    assert.ok(state.typesetBefore > 0 && state.formulas > 10, `formulas typeset before plotly.js was asked for (${state.typesetBefore}, of ${state.formulas} in the end)`);
    // Figures more than two screens below are not drawn until they come near.
    await page.waitForTimeout(500);
    const far = await page.$$eval(PLOT, (divs) => divs.filter((d) => d.getBoundingClientRect().top > 3 * innerHeight).map((d) => d.hasAttribute("data-render-ms")));
    assert.ok(far.length > 0 && far.every((drawn) => !drawn), `figures far below wait (${far.length})`);
    const drawn = await drawAll(page);
    const times = await page.$$eval(PLOT, (divs) => divs.map((d) => Number(d.getAttribute("data-drawn-at"))));
    const requested = await page.evaluate(() => Number(document.documentElement.getAttribute("data-plotly-requested-at")));
    assert.ok(times.every((ms) => ms > requested), "every figure drawn after the formulas");
    assert.equal(times.length, drawn);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await close();
  }
});

test("the race plays from the keyboard: a labelled Play button and slider, in step with the figure", { timeout: 300_000 }, async () => {
  const { context, close } = await openBrowser();
  try {
    const { page, errors } = await open(context, "05-adam.html", 390);
    await drawAll(page);
    const race = page.locator(".adaptive-lr-controls").first();
    await race.scrollIntoViewIfNeeded();
    // Tab through the page to the Play button, then on to the slider.
    await race.locator("button").focus();
    const label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    assert.match(label, /^Play the animation: /);
    await page.keyboard.press("Tab");
    const slider = await page.evaluate(() => ({ label: document.activeElement?.getAttribute("aria-label"), type: (document.activeElement as HTMLInputElement).type }));
    assert.deepEqual(slider, { label: "update t", type: "range" });
    const markers = () => page.evaluate(() => {
      const gd = Array.from(document.querySelectorAll(".adaptive-lr-plot")).find((d) => (d as unknown as { _transitionData?: { _frames: unknown[] } })._transitionData?._frames.length) as unknown as { data: { x: number[] }[] };
      return JSON.stringify(gd.data.slice(-2).map((t) => t.x));
    });
    const before = await markers();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((b) => {
      const gd = Array.from(document.querySelectorAll(".adaptive-lr-plot")).find((d) => (d as unknown as { _transitionData?: { _frames: unknown[] } })._transitionData?._frames.length) as unknown as { data: { x: number[] }[] };
      return JSON.stringify(gd.data.slice(-2).map((t) => t.x)) !== b;
    }, before, { timeout: 10_000 });
    assert.match(await race.locator("output").textContent() ?? "", /^update t = [1-9]/);
    // The frame moved the drawn markers themselves, where its data says, the figure's own
    // SVG play button and slider left out (these controls replace them).
    const placed = await page.evaluate(() => {
      type Gd = HTMLElement & { _transitionData: { _frames: { traces: number[] }[] }; data: { x: number[]; y: number[] }[];
        _fullLayout: Record<string, { c2p(v: number): number }>; _fullData: { xaxis: string; yaxis: string }[] };
      const gd = Array.from(document.querySelectorAll(".adaptive-lr-plot")).find((d) => (d as unknown as Gd)._transitionData?._frames.length) as unknown as Gd;
      const index = gd._transitionData._frames[0].traces[0];
      const group = Array.from(gd.querySelectorAll("g.trace.scatter")).find((g) => (g as unknown as { __data__: { trace: { index: number } }[] }).__data__[0].trace.index === index);
      const full = gd._fullData[index];
      return {
        drawn: group?.querySelector("path.point")?.getAttribute("transform"),
        expected: `translate(${gd._fullLayout[full.xaxis.replace("x", "xaxis")].c2p(gd.data[index].x[0]).toFixed(2)},${gd._fullLayout[full.yaxis.replace("y", "yaxis")].c2p(gd.data[index].y[0]).toFixed(2)})`,
        svgControls: gd.querySelectorAll(".slider-container, .updatemenu-container").length,
      };
    });
    assert.equal(placed.drawn, placed.expected);
    assert.equal(placed.svgControls, 0);
    // Play from the keyboard runs the animation: the markers move, the contour map stays.
    const moved = await markers();
    await race.locator("button").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((b) => {
      const gd = Array.from(document.querySelectorAll(".adaptive-lr-plot")).find((d) => (d as unknown as { _transitionData?: { _frames: unknown[] } })._transitionData?._frames.length) as unknown as HTMLElement & { data: { x: number[] }[] };
      return JSON.stringify(gd.data.slice(-2).map((t) => t.x)) !== b && gd.querySelectorAll(".contourlayer path").length > 0;
    }, moved, { timeout: 20_000 });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await close();
  }
});

test("print on A4: every figure drawn, whole, inside the printed width", { timeout: 300_000 }, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { context, close } = await openBrowser();
  try {
    for (const name of LECTURES) {
      const { page, errors } = await open(context, `${name}.html`, 1280);
      await page.waitForFunction(() => document.documentElement.hasAttribute("data-plotly-loaded-at"), null, { timeout: 60_000 });
      await page.emulateMedia({ media: "print" });
      // Printing draws every figure (none was scrolled to) at the width of the paper.
      await page.waitForFunction((sel) => Array.from(document.querySelectorAll(sel)).every((d) => d.hasAttribute("data-render-ms")), PLOT, { timeout: 120_000 });
      await page.waitForTimeout(500);
      const boxes = await page.evaluate((sel) => {
        const body = document.body.getBoundingClientRect();
        return {
          body: [body.left, body.right],
          figures: Array.from(document.querySelectorAll(sel)).map((d) => {
            const svgs = Array.from(d.querySelectorAll(".main-svg, canvas")).map((e) => e.getBoundingClientRect());
            return [Math.min(...svgs.map((r) => r.left)), Math.max(...svgs.map((r) => r.right))];
          }),
        };
      }, PLOT);
      const a4 = (186 / 25.4) * 96; // 210 mm less two 12 mm margins, in CSS px
      assert.ok(boxes.body[1] - boxes.body[0] <= a4 + 1, `${name}: printed body ${boxes.body[1] - boxes.body[0]} px (A4: ${a4.toFixed(0)})`);
      boxes.figures.forEach(([left, right], i) =>
        assert.ok(left >= boxes.body[0] - 1 && right <= boxes.body[1] + 1, `${name}, figure ${i + 1}: [${left}, ${right}] inside [${boxes.body}]`),
      );
      // A 3-D (WebGL) figure prints as its picture, which is there and not blank.
      await page.waitForFunction(() => Array.from(document.querySelectorAll("img.adaptive-lr-print")).every((i) => (i as HTMLImageElement).naturalWidth > 0), null, { timeout: 60_000 });
      const pictures = await page.$$eval("img.adaptive-lr-print", (imgs) => imgs.map((i) => {
        const r = i.getBoundingClientRect();
        return { width: r.width, natural: (i as HTMLImageElement).naturalWidth };
      }));
      const scenes = await page.$$eval(PLOT, (divs) => divs.filter((d) => d.querySelector(".gl-container")).length);
      assert.equal(pictures.length, scenes, `${name}: a picture for each 3-D figure`);
      for (const p of pictures) assert.ok(p.width > 300 && p.natural > 300, `${name}: printed picture ${JSON.stringify(p)}`);
      const pdf = join(ARTIFACTS, `${name}.pdf`);
      await page.pdf({ path: pdf, format: "A4" });
      assert.ok(statSync(pdf).size > 10_000);
      assert.deepEqual(errors, []);
      await page.close();
    }
    t.diagnostic(`PDFs: ${ARTIFACTS}`);
  } finally {
    await close();
  }
});

type Output = { output_type: string; data?: Record<string, string | string[] | object>; metadata?: Record<string, unknown> };
const FIGURE_MIME = "application/vnd.plotly.v1+json";
const STILL_MIMES = ["image/svg+xml", "image/png", "image/jpeg"];

/** In the page: how much of each still picture is drawn (share of pixels unlike its corner, colours). */
function inkOfPictures(): { natural: number; share: number; colours: number }[] {
  return Array.from(document.querySelectorAll("img.adaptive-lr-still")).map((node) => {
    const img = node as HTMLImageElement;
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
    if (!img.naturalWidth) return { natural: 0, share: 0, colours: 0 };
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const corner = `${px[0]},${px[1]},${px[2]}`;
    const colours = new Set<string>();
    let other = 0;
    for (let i = 0; i < px.length; i += 4) {
      const c = `${px[i]},${px[i + 1]},${px[i + 2]}`;
      colours.add(c);
      if (c !== corner) other++;
    }
    return { natural: img.naturalWidth, share: other / (px.length / 4), colours: colours.size };
  });
}

test("still pictures: every figure carries one beside its interactive forms; nbconvert's HTML shows each without JavaScript, not blank; the site loads them from figures/ and hides them once drawn", { timeout: 600_000 }, async (t) => {
  const jupyter = spawnSync("/usr/bin/python3", ["-c", "import nbconvert"], { encoding: "utf8" });
  assert.equal(jupyter.status, 0, "Debian's Jupyter python");
  const exported = join(work, "nbconvert");
  const counts: string[] = [];
  for (const name of LECTURES) {
    // The executed notebook: the picture as its own MIME type, and inside the figure's div.
    const nb = JSON.parse(read(`${name}.ipynb`));
    const figures = nb.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []).filter((o: Output) => o.data?.[FIGURE_MIME]);
    assert.ok(figures.length >= 4, `${name}: figures ${figures.length}`);
    for (const o of figures as Output[]) {
      // nbformat keeps SVG (text) as a list of lines.
      const still = STILL_MIMES.filter((m) => [o.data?.[m]].flat().join("").length > 1000);
      assert.equal(still.length, 1, `${name}: one still picture per figure (${Object.keys(o.data ?? {})})`);
      assert.deepEqual(Object.keys(o.metadata?.[still[0]] as object).sort(), ["height", "width"]);
      assert.match([o.data?.["text/html"]].flat().join(""), /class="adaptive-lr-plot"[^>]*><img class="adaptive-lr-still"[^>]* src="data:image\//);
    }
    // The page: each figure's picture is a file next to it.
    const page = read(`${name}.html`);
    const files = [...page.matchAll(/<img class="adaptive-lr-still"[^>]* src="(figures\/[^"]+)"/g)].map((m) => m[1]);
    assert.equal(files.length, figures.length, `${name}: a picture on the page for each figure`);
    for (const f of files) assert.ok(statSync(join(site, f)).size > 5_000, f);
    assert.doesNotMatch(page, /src="data:image\/(png|jpeg|svg)/, `${name}: no picture inline in the page`);
    // nbconvert, as anyone would run it on the downloaded notebook.
    const r = spawnSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", "--output-dir", exported, join(site, `${name}.ipynb`)], { encoding: "utf8", timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    counts.push(`${name}: ${figures.length}`);
  }
  const off = await openBrowser({ javaScriptEnabled: false });
  try {
    for (const name of LECTURES) {
      for (const [file, where] of [[join(exported, `${name}.html`), "nbconvert"], [join(site, `${name}.html`), "site"]] as const) {
        const page = await off.context.newPage();
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`file://${file}`);
        await page.waitForLoadState("load");
        const figures = await page.locator(PLOT).count();
        const visible = await page.locator("img.adaptive-lr-still").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLElement).offsetParent !== null && i.getBoundingClientRect().width > 300).length);
        assert.equal(visible, figures, `${where} ${name}: every figure shows its picture without JavaScript`);
        if (where === "nbconvert") {
          // Pixels: not blank (file:// pictures of the site cannot be read back from a canvas).
          for (const [i, ink] of (await page.evaluate(inkOfPictures)).entries()) {
            assert.ok(ink.natural >= 720 && ink.share > 0.02 && ink.colours > 20, `${name}, picture ${i + 1} is blank: ${JSON.stringify(ink)}`);
          }
        } else {
          const loaded = await page.locator("img.adaptive-lr-still").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
          assert.ok(loaded.every((w) => w >= 720), `${where} ${name}: pictures load (${loaded})`);
        }
        await page.close();
      }
    }
  } finally {
    await off.close();
  }
  // With JavaScript the drawing takes the picture's place.
  const { context, close } = await openBrowser();
  try {
    const { page, errors } = await open(context, `${LECTURES[0]}.html`, 1280);
    await page.waitForFunction(() => document.documentElement.hasAttribute("data-plotly-loaded-at"), null, { timeout: 60_000 });
    const drawn = await drawAll(page);
    const shown = await page.locator("img.adaptive-lr-still").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLElement).offsetParent !== null).length);
    assert.equal(shown, 0, `no picture shows beside ${drawn} drawn figures`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  t.diagnostic(`figures with pictures: ${counts.join(", ")}`);
});

test("the site test ran on lectures that exist", () => {
  for (const name of LECTURES) assert.ok(existsSync(join(REPO, "notebooks", `${name}.ipynb`)), name);
  assert.match(outputs[0], /2 notebooks executed/);
});
