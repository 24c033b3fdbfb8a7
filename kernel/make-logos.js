#!/usr/bin/env node
"use strict";
// Draws the kernel's logos (logo-32x32.png, logo-64x64.png): the warmup-then-
// decay learning rate ηᵗ as a white curve on TypeScript blue. Run once; the
// PNGs are committed. Plain zlib, no image library.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BLUE = [49, 120, 198];
const WHITE = [255, 255, 255];

// ηᵗ on t ∈ [0, 1]: linear warmup to t = 0.2, then ∝ 1/√t decay.
function eta(t) {
  const warm = 0.2;
  return t < warm ? t / warm : Math.sqrt(warm / t);
}

/** RGBA pixels of a size×size logo, 4×4 supersampled. */
function draw(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const margin = 0.18;
  const points = [];
  for (let i = 0; i <= 200; i++) {
    const t = i / 200;
    points.push([margin + t * (1 - 2 * margin), 1 - margin - eta(t) * (1 - 2 * margin)]);
  }
  const halfWidth = 0.055;
  const radius = 0.2;
  const sub = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inside = 0;
      let stroke = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const u = (x + (sx + 0.5) / sub) / size;
          const v = (y + (sy + 0.5) / sub) / size;
          if (!inRoundedSquare(u, v, radius)) continue;
          inside++;
          if (distanceToPolyline(u, v, points) < halfWidth) stroke++;
        }
      }
      const n = sub * sub;
      const k = stroke / Math.max(inside, 1);
      const at = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(BLUE[c] * (1 - k) + WHITE[c] * k);
      pixels[at + 3] = Math.round((255 * inside) / n);
    }
  }
  return pixels;
}

function inRoundedSquare(u, v, r) {
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

function distanceToPolyline(u, v, points) {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(u - ax - t * dx, v - ay - t * dy));
  }
  return best;
}

function png(size, rgba) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    rows.push(Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

for (const size of [32, 64]) {
  const file = path.join(__dirname, `logo-${size}x${size}.png`);
  fs.writeFileSync(file, png(size, draw(size)));
  console.log(`wrote ${file}`);
}
