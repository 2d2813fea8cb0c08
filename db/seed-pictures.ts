/**
 * Pictures for the demo entries, drawn at seed time: a yard with flowerbeds, an entrance with flower
 * pots, a balcony in bloom. Plain SVG shapes and gradients rendered by sharp (no fonts, no files), the
 * same seeds giving the same picture, so every seeded photo is different and none is a real one.
 */
import sharp from 'sharp'
import { prng } from './prng'

export type SceneKind = 'yard' | 'entrance' | 'balcony'

type Rand = ReturnType<typeof prng>

const pick = <T>(rand: Rand, list: readonly T[]) => list[Math.floor(rand() * list.length)]
const between = (rand: Rand, min: number, max: number) => min + rand() * (max - min)
const r1 = (n: number) => Math.round(n * 10) / 10

const FLOWERS = ['#e63946', '#f4a261', '#ffd166', '#ff70a6', '#c77dff', '#ffffff', '#ff4d6d', '#f9c74f', '#9d4edd', '#ef476f']
const FACADES = ['#efe3c8', '#e8d5b5', '#dfe6e9', '#f1d9c4', '#e3d7ee', '#d8e2dc']
const SKIES: [string, string][] = [
  ['#6fb1e7', '#d6ecfa'],
  ['#86a8e7', '#f6e7d8'],
  ['#5aa0d8', '#e3f2fd'],
  ['#9cc3e6', '#fdf0d5'],
]
const LEAVES = ['#2d6a4f', '#40916c', '#52b788', '#386641']

/** A cloud of blossoms over an area: what makes a flowerbed, a window box or a pot look planted. */
function blossoms(rand: Rand, cx: number, cy: number, rx: number, ry: number, count: number, palette: string[]) {
  let out = ''
  for (let i = 0; i < count; i++) {
    const a = rand() * Math.PI * 2
    const d = Math.sqrt(rand())
    const x = cx + Math.cos(a) * rx * d
    const y = cy + Math.sin(a) * ry * d
    out += `<circle cx="${r1(x)}" cy="${r1(y)}" r="${r1(between(rand, 5, 10))}" fill="${pick(rand, palette)}"/>`
  }
  return out
}

function tree(rand: Rand, x: number, ground: number, size: number) {
  const leaf = pick(rand, LEAVES)
  return (
    `<rect x="${r1(x - size * 0.08)}" y="${r1(ground - size * 1.1)}" width="${r1(size * 0.16)}" height="${r1(size * 1.1)}" fill="#6b4f3a"/>` +
    `<circle cx="${r1(x)}" cy="${r1(ground - size * 1.35)}" r="${r1(size * 0.55)}" fill="${leaf}"/>` +
    `<circle cx="${r1(x - size * 0.4)}" cy="${r1(ground - size * 1.05)}" r="${r1(size * 0.4)}" fill="${leaf}" opacity="0.9"/>` +
    `<circle cx="${r1(x + size * 0.42)}" cy="${r1(ground - size * 1.1)}" r="${r1(size * 0.42)}" fill="${leaf}" opacity="0.85"/>`
  )
}

function windows(rand: Rand, x: number, y: number, cols: number, rows: number, w: number, h: number, gapX: number, gapY: number) {
  let out = ''
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const lit = rand() < 0.25 ? '#fdf6c8' : '#8fb8d8'
      out += `<rect x="${r1(x + c * (w + gapX))}" y="${r1(y + r * (h + gapY))}" width="${w}" height="${h}" fill="${lit}" stroke="#ffffff" stroke-width="4"/>`
    }
  }
  return out
}

const sky = (rand: Rand, width: number, height: number) => {
  const [top, bottom] = pick(rand, SKIES)
  return (
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>` +
    `<linearGradient id="lawn" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7cb342"/><stop offset="1" stop-color="#4e8a2a"/></linearGradient></defs>` +
    `<rect width="${width}" height="${height}" fill="url(#sky)"/>`
  )
}

function yard(look: Rand, rand: Rand, W: number, H: number) {
  const horizon = H * between(rand, 0.55, 0.63)
  const facade = pick(look, FACADES)
  const bx = W * between(rand, -0.1, 0.25)
  const bw = W * between(rand, 0.7, 0.95)
  const top = H * between(rand, 0.08, 0.16)
  let s = sky(look, W, H)
  s += `<rect x="${r1(bx)}" y="${r1(top)}" width="${r1(bw)}" height="${r1(horizon - top)}" fill="${facade}"/>`
  const cols = Math.floor(bw / (W * 0.09))
  const rows = Math.floor((horizon - top) / (H * 0.11))
  s += windows(rand, bx + W * 0.025, top + H * 0.03, cols, rows, W * 0.05, H * 0.06, W * 0.04, H * 0.05)
  s += `<rect x="0" y="${r1(horizon)}" width="${W}" height="${r1(H - horizon)}" fill="url(#lawn)"/>`
  // A path across the lawn, wider towards the viewer.
  const px = W * between(rand, 0.3, 0.7)
  s += `<polygon points="${r1(px - W * 0.03)},${r1(horizon)} ${r1(px + W * 0.03)},${r1(horizon)} ${r1(px + W * 0.2)},${H} ${r1(px - W * 0.2)},${H}" fill="#b9b4a8"/>`
  for (let i = 0, n = 1 + Math.floor(rand() * 3); i < n; i++) s += tree(rand, W * between(rand, 0.05, 0.95), horizon + H * 0.04, H * between(rand, 0.16, 0.24))
  const beds = 2 + Math.floor(rand() * 3)
  for (let i = 0; i < beds; i++) {
    const cx = W * ((i + 0.5) / beds) + W * between(rand, -0.05, 0.05)
    const cy = horizon + (H - horizon) * between(rand, 0.35, 0.75)
    const rx = W * between(rand, 0.08, 0.13)
    const ry = rx * 0.35
    const palette = [pick(rand, FLOWERS), pick(rand, FLOWERS), pick(rand, FLOWERS)]
    s += `<ellipse cx="${r1(cx)}" cy="${r1(cy)}" rx="${r1(rx + 10)}" ry="${r1(ry + 8)}" fill="#d9d4c7"/>`
    s += `<ellipse cx="${r1(cx)}" cy="${r1(cy)}" rx="${r1(rx)}" ry="${r1(ry)}" fill="#5d4632"/>`
    s += blossoms(rand, cx, cy - 4, rx * 0.92, ry * 0.85, 45, palette)
  }
  // A tyre swan, the classic of Kemerovo's yards.
  if (rand() < 0.7) {
    const sx = W * between(rand, 0.1, 0.9)
    const sy = H * 0.93
    s += `<ellipse cx="${r1(sx)}" cy="${r1(sy)}" rx="70" ry="32" fill="#fafafa" stroke="#cfd8dc" stroke-width="3"/>`
    s += `<path d="M ${r1(sx + 40)} ${r1(sy - 15)} q 30 -60 0 -95" stroke="#fafafa" stroke-width="16" fill="none" stroke-linecap="round"/>`
    s += `<circle cx="${r1(sx + 40)}" cy="${r1(sy - 112)}" r="14" fill="#fafafa"/><polygon points="${r1(sx + 52)},${r1(sy - 116)} ${r1(sx + 78)},${r1(sy - 108)} ${r1(sx + 52)},${r1(sy - 104)}" fill="#f77f00"/>`
  }
  // A bench.
  const benchX = W * between(rand, 0.05, 0.7)
  const benchY = horizon + H * 0.08
  s += `<rect x="${r1(benchX)}" y="${r1(benchY)}" width="180" height="16" fill="#8d5524"/><rect x="${r1(benchX)}" y="${r1(benchY - 34)}" width="180" height="12" fill="#8d5524"/>`
  s += `<rect x="${r1(benchX + 12)}" y="${r1(benchY + 16)}" width="10" height="30" fill="#37474f"/><rect x="${r1(benchX + 158)}" y="${r1(benchY + 16)}" width="10" height="30" fill="#37474f"/>`
  return s
}

function entrance(look: Rand, rand: Rand, W: number, H: number) {
  const wall = pick(look, ['#c8a27a', '#d9b99b', '#bfc9ca', '#e0c9a6', '#cdb4db'])
  const ground = H * 0.86
  let s = sky(look, W, H)
  s += `<rect x="0" y="0" width="${W}" height="${r1(ground)}" fill="${wall}"/>`
  for (let y = 40; y < ground; y += 60) s += `<rect x="0" y="${y}" width="${W}" height="3" fill="#000000" opacity="0.06"/>`
  s += `<rect x="0" y="${r1(ground)}" width="${W}" height="${r1(H - ground)}" fill="#9e9e9e"/>`
  const doorX = W * between(rand, 0.38, 0.5)
  const doorW = W * 0.16
  const doorTop = H * 0.36
  const doorColour = pick(look, ['#2a9d8f', '#264653', '#8d5524', '#6a4c93', '#1d3557'])
  // Canopy, door with its small window, steps.
  s += `<polygon points="${r1(doorX - 60)},${r1(doorTop - 40)} ${r1(doorX + doorW + 60)},${r1(doorTop - 40)} ${r1(doorX + doorW + 30)},${r1(doorTop - 10)} ${r1(doorX - 30)},${r1(doorTop - 10)}" fill="#546e7a"/>`
  s += `<rect x="${r1(doorX)}" y="${r1(doorTop)}" width="${r1(doorW)}" height="${r1(ground - doorTop)}" fill="${doorColour}" stroke="#37474f" stroke-width="6"/>`
  s += `<rect x="${r1(doorX + doorW * 0.25)}" y="${r1(doorTop + 40)}" width="${r1(doorW * 0.5)}" height="90" fill="#b3d4e6"/>`
  s += `<circle cx="${r1(doorX + doorW * 0.85)}" cy="${r1((doorTop + ground) / 2 + 30)}" r="9" fill="#eeeeee"/>`
  for (let i = 0; i < 3; i++) {
    s += `<rect x="${r1(doorX - 50 - i * 25)}" y="${r1(ground + i * 22)}" width="${r1(doorW + 100 + i * 50)}" height="22" fill="${i % 2 ? '#bdbdbd' : '#cfcfcf'}"/>`
  }
  s += windows(rand, W * 0.05, H * 0.1, 2, 2, W * 0.1, H * 0.12, W * 0.08, H * 0.1)
  s += windows(rand, W * 0.73, H * 0.1, 2, 2, W * 0.1, H * 0.12, W * 0.04, H * 0.1)
  // Flower pots on both sides of the door, and hanging baskets under the canopy.
  for (const side of [-1, 1]) {
    for (let i = 0, n = 1 + Math.floor(rand() * 3); i < n; i++) {
      const cx = side < 0 ? doorX - 120 - i * 150 : doorX + doorW + 120 + i * 150
      const potTop = ground - 90
      const pot = pick(rand, ['#b5651d', '#8d6e63', '#e76f51', '#f4f1de'])
      s += `<polygon points="${cx - 55},${r1(potTop)} ${cx + 55},${r1(potTop)} ${cx + 40},${r1(ground)} ${cx - 40},${r1(ground)}" fill="${pot}"/>`
      s += `<ellipse cx="${cx}" cy="${r1(potTop - 25)}" rx="70" ry="45" fill="${pick(rand, LEAVES)}"/>`
      s += blossoms(rand, cx, potTop - 30, 62, 40, 30, [pick(rand, FLOWERS), pick(rand, FLOWERS)])
    }
    const hx = side < 0 ? doorX - 20 : doorX + doorW + 20
    s += `<line x1="${r1(hx)}" y1="${r1(doorTop - 10)}" x2="${r1(hx)}" y2="${r1(doorTop + 60)}" stroke="#424242" stroke-width="3"/>`
    s += `<ellipse cx="${r1(hx)}" cy="${r1(doorTop + 85)}" rx="45" ry="28" fill="${pick(rand, LEAVES)}"/>`
    s += blossoms(rand, hx, doorTop + 85, 42, 30, 18, [pick(rand, FLOWERS), pick(rand, FLOWERS)])
  }
  return s
}

function balcony(look: Rand, rand: Rand, W: number, H: number) {
  const facade = pick(look, FACADES)
  let s = sky(look, W, H)
  const left = W * between(rand, 0, 0.12)
  s += `<rect x="${r1(left)}" y="${r1(H * 0.05)}" width="${W}" height="${H}" fill="${facade}"/>`
  s += windows(rand, left + W * 0.06, H * 0.1, 4, 1, W * 0.12, H * 0.16, W * 0.1, 0)
  const railTop = H * between(rand, 0.5, 0.58)
  const railBottom = H * 0.9
  const bx = left + W * 0.04
  const bw = W * 0.86
  s += `<rect x="${r1(bx)}" y="${r1(railTop - 170)}" width="${r1(bw)}" height="170" fill="#90a4ae" opacity="0.45"/>`
  // Window boxes along the railing, planted thickly, with trailing petunias.
  const boxes = 3 + Math.floor(rand() * 3)
  const boxW = bw / boxes
  for (let i = 0; i < boxes; i++) {
    const x = bx + i * boxW + 8
    const palette = [pick(rand, FLOWERS), pick(rand, FLOWERS)]
    s += `<ellipse cx="${r1(x + boxW / 2 - 8)}" cy="${r1(railTop - 28)}" rx="${r1(boxW / 2)}" ry="38" fill="${pick(rand, LEAVES)}"/>`
    s += blossoms(rand, x + boxW / 2 - 8, railTop - 34, boxW / 2 - 10, 30, 35, palette)
    s += `<rect x="${r1(x)}" y="${r1(railTop - 12)}" width="${r1(boxW - 16)}" height="46" fill="${pick(rand, ['#795548', '#e76f51', '#f4f1de', '#2a9d8f'])}"/>`
    for (let t = 0; t < 4; t++) {
      const tx = x + between(rand, 10, boxW - 26)
      const len = between(rand, 60, 140)
      s += `<path d="M ${r1(tx)} ${r1(railTop + 30)} q ${r1(between(rand, -20, 20))} ${r1(len / 2)} 0 ${r1(len)}" stroke="#40916c" stroke-width="6" fill="none"/>`
      s += blossoms(rand, tx, railTop + 30 + len, 14, 14, 4, palette)
    }
  }
  // The railing over the lower part of the boxes' trails.
  const rail = pick(look, ['#546e7a', '#6d4c41', '#37474f', '#ffffff'])
  s += `<rect x="${r1(bx)}" y="${r1(railTop + 34)}" width="${r1(bw)}" height="12" fill="${rail}"/>`
  for (let x = bx; x <= bx + bw; x += 40) s += `<rect x="${r1(x)}" y="${r1(railTop + 34)}" width="6" height="${r1(railBottom - railTop - 34)}" fill="${rail}" opacity="0.8"/>`
  s += `<rect x="${r1(bx - 10)}" y="${r1(railBottom)}" width="${r1(bw + 20)}" height="24" fill="#b0bec5"/>`
  return s
}

const SCENES: Record<SceneKind, (look: Rand, rand: Rand, W: number, H: number) => string> = { yard, entrance, balcony }

/**
 * A JPEG, as a phone would send it, of one shot of a place: `place` fixes its look (the building's
 * colours, the sky), `shot` what the camera sees of it, so the photos of one entry show one place.
 */
export async function drawScene(kind: SceneKind, place: number, shot: number, width = 1200, height = 900): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${SCENES[kind](prng(place), prng(place * 31 + shot), width, height)}</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()
}
