import { test } from "node:test";
import assert from "node:assert/strict";
import { tableHtml, tableText } from "adaptive-lr/plot";

const headers = ["η", "final loss", "result"];
const rows = [
  [1e-2, 3.3053108547639663e304, "diverged at update 35"],
  [1e-7, 113617.16275288354, "ran 100,000 updates"],
];

test("tableHtml: one header row, one row per result, numbers formatted as fmt and right-aligned", () => {
  const html = tableHtml(headers, rows, { caption: "sweep" });
  assert.equal((html.match(/<th /g) ?? []).length, 3);
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
  assert.match(html, /<caption[^>]*>sweep<\/caption>/);
  assert.match(html, /<td style="text-align:right">0\.01<\/td>/);
  assert.match(html, /<td style="text-align:right">3\.305e\+304<\/td>/);
  assert.match(html, /<td style="text-align:right">113600<\/td>/);
  assert.match(html, /<td style="text-align:left">diverged at update 35<\/td>/);
  assert.match(tableHtml(["x"], [[Math.PI]], { digits: 2 }), />3\.1</);
  // Counts stay exact (4 significant digits would turn update 84832 into 84830); big or fractional numbers do not.
  assert.match(tableHtml(["update"], [[84832]]), />84832</);
  assert.match(tableHtml(["L"], [[2e7]]), />20000000</); // whole numbers exactly
  assert.match(tableHtml(["L"], [[2.5e7]]), />25000000</);
  assert.match(tableHtml(["L"], [[2.0001e7 + 0.5]]), />2\.e\+7<|>2e\+7</);
  assert.match(tableHtml(["L"], [[84832.5]]), />84830</);
});

test("tableHtml: text is text, never markup", () => {
  const html = tableHtml(["<b>η</b>"], [["<script>alert(1)</script> & co"]], { caption: "a<i>b" });
  assert.ok(!html.includes("<script>") && !html.includes("<b>") && !html.includes("<i>"));
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; co/);
  assert.match(html, /&lt;b&gt;η&lt;\/b&gt;/);
});

test("tableText: columns aligned, numbers right, text left", () => {
  const lines = tableText(headers, rows, { caption: "sweep" }).split("\n");
  assert.equal(lines[0], "sweep");
  assert.equal(lines.length, 5);
  const col = lines[1].indexOf("final loss");
  assert.ok(col > 0);
  // Right-aligned numbers end where the header's column ends.
  const end = col + Math.max("final loss".length, "3.305e+304".length);
  assert.equal(lines[3].slice(0, end).trimEnd().length, end);
  assert.equal(lines[4].slice(0, end).trimEnd().length, end);
  assert.ok(lines[3].endsWith("diverged at update 35"));
});

test("tables reject rows of the wrong length and bad digits, naming them", () => {
  assert.throws(() => tableHtml(headers, [[1, 2]]), /row 0 has 2 cells but there are 3 headers \(η, final loss, result\)/);
  assert.throws(() => tableText([], []), /headers must name at least one column/);
  assert.throws(() => tableText(["x"], [[1]], { digits: 0 }), /Invalid digits: 0 \(digits must be an integer with 1 ≤ digits ≤ 17\)/);
});
