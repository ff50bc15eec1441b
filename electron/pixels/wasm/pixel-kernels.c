// The index's per-pixel loops that JS cannot make fast, with 128-bit SIMD where it pays: one band of a decoded RGB
// image at a time is expanded to the RGBA the stored SHA-256 is taken over (JS hashes it from this module's memory),
// summed into a box-shrunk copy and into the perceptual hash's cells; the shrunk copy is then area-resampled to the
// thumbnail's size and encoded as a baseline JPEG. No libc: freestanding C, built by scripts/build-pixel-kernels.js.
#include <stdint.h>
#include <wasm_simd128.h>

/* R,G,B triples as R,G,B,255: the same bytes as libvips' ensureAlpha and decode.ts' rgbToRgbaInto. */
static void rgb_to_rgba(const uint8_t *src, uint8_t *dst, uint32_t pixels) {
  // Index -1 (255) is out of range for swizzle, which gives 0 there; alpha is OR-ed in.
  const v128_t spread = wasm_i8x16_make(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
  const v128_t alpha = wasm_i32x4_splat((int32_t)0xff000000);
  uint32_t p = 0;
  // Each load takes 16 bytes for 4 pixels (12): stop while the load stays inside the band.
  for (; p + 6 <= pixels; p += 4) {
    v128_t v = wasm_v128_load(src + 3 * p);
    wasm_v128_store(dst + 4 * p, wasm_v128_or(wasm_i8x16_swizzle(v, spread), alpha));
  }
  for (; p < pixels; p++) {
    dst[4 * p] = src[3 * p];
    dst[4 * p + 1] = src[3 * p + 1];
    dst[4 * p + 2] = src[3 * p + 2];
    dst[4 * p + 3] = 255;
  }
}

/* The box shrink: kx x ky source pixels become one output pixel; columns after the last whole block of kx are left
   out, and so are rows after the last whole block of ky (the caller's bands hold whole blocks of ky rows, so those
   are only ever in the last band). */
static uint32_t kx, ky, out_width, out_rows;
static uint16_t *sums; /* one per source byte of a row: a block's ky rows of bytes summed (ky <= 257 fits 16 bits) */
static uint8_t *out;
static uint64_t scale; /* 2^24 / (kx * ky), rounded: an average is (sum * scale + 2^23) >> 24, no division */

void shrink_begin(uint32_t source_width, uint32_t factor_x, uint32_t factor_y, uint16_t *row_sums, uint8_t *output) {
  kx = factor_x;
  ky = factor_y;
  out_width = source_width / factor_x;
  sums = row_sums;
  out = output;
  out_rows = 0;
  scale = ((1ull << 24) + factor_x * factor_y / 2) / (factor_x * factor_y);
}

/* Vertical sums of one block's ky rows, kept in registers per 16 bytes; channel-blind (byte i of every row adds to
   sums[i]), so the interleaved RGB needs no shuffle. */
static void sum_block_rows(const uint8_t *rows, uint32_t bytes) {
  uint32_t i = 0;
  for (; i + 16 <= bytes; i += 16) {
    v128_t lo = wasm_i16x8_splat(0), hi = wasm_i16x8_splat(0);
    for (uint32_t r = 0; r < ky; r++) {
      const v128_t v = wasm_v128_load(rows + r * bytes + i);
      lo = wasm_i16x8_add(lo, wasm_u16x8_extend_low_u8x16(v));
      hi = wasm_i16x8_add(hi, wasm_u16x8_extend_high_u8x16(v));
    }
    wasm_v128_store(sums + i, lo);
    wasm_v128_store(sums + i + 8, hi);
  }
  for (; i < bytes; i++) {
    uint32_t total = 0;
    for (uint32_t r = 0; r < ky; r++) total += rows[r * bytes + i];
    sums[i] = (uint16_t)total;
  }
}

/* sum / (kx * ky), rounded; the rounded scale can overshoot 255 by a hair, hence the clamp. */
static inline uint8_t average(uint32_t sum) {
  const uint32_t q = (uint32_t)((sum * scale + (1ull << 23)) >> 24);
  return (uint8_t)(q > 255 ? 255 : q);
}

/* A block's k columns summed per channel, then averaged: once per ky source rows, so plain scalar code, inlined
   for the common widths so the column loop unrolls. */
static inline __attribute__((always_inline)) void emit_blocks(uint32_t k) {
  uint8_t *o = out + out_rows * out_width * 3;
  const uint16_t *s = sums;
  for (uint32_t x = 0; x < out_width; x++, s += k * 3, o += 3) {
    uint32_t r = 0, g = 0, b = 0;
    for (uint32_t j = 0; j < k * 3; j += 3) {
      r += s[j];
      g += s[j + 1];
      b += s[j + 2];
    }
    o[0] = average(r);
    o[1] = average(g);
    o[2] = average(b);
  }
}

static void emit_row(void) {
  switch (kx) {
    case 2: emit_blocks(2); break;
    case 3: emit_blocks(3); break;
    case 4: emit_blocks(4); break;
    default: emit_blocks(kx);
  }
  out_rows++;
}

/* The perceptual hash's luma grid (area-downscale.ts: lumaSampling): R, G and B summed per cell over the sampled
   pixels of the sampled rows, the same integers areaLuma sums in JS. */
static const uint8_t *luma_row_cell;    /* per source row: its cell row, or 255 */
static const uint32_t *luma_columns;    /* sampled columns' byte offsets, grouped by cell column */
static const uint32_t *luma_column_ends; /* per cell column: the end of its offsets */
static uint32_t luma_cells_across, luma_row;
static uint32_t *luma_sums; /* cell rows x cells across x 3 */

void luma_begin(const uint8_t *row_cell, const uint32_t *columns, const uint32_t *column_ends, uint32_t cells_across,
                uint32_t cells_down, uint32_t *sums) {
  luma_row_cell = row_cell;
  luma_columns = columns;
  luma_column_ends = column_ends;
  luma_cells_across = cells_across;
  luma_sums = sums;
  luma_row = 0;
  for (uint32_t i = 0; i < cells_across * cells_down * 3; i++) sums[i] = 0;
}

static void luma_rows(const uint8_t *rgb, uint32_t bytes, uint32_t rows) {
  for (uint32_t y = 0; y < rows; y++, luma_row++) {
    const uint8_t cell_row = luma_row_cell[luma_row];
    if (cell_row == 255) continue;
    const uint8_t *row = rgb + y * bytes;
    uint32_t *s = luma_sums + cell_row * luma_cells_across * 3;
    uint32_t k = 0;
    for (uint32_t c = 0; c < luma_cells_across; c++) {
      uint32_t r = 0, g = 0, b = 0;
      for (const uint32_t end = luma_column_ends[c]; k < end; k++) {
        const uint8_t *p = row + luma_columns[k];
        r += p[0];
        g += p[1];
        b += p[2];
      }
      s[3 * c] += r;
      s[3 * c + 1] += g;
      s[3 * c + 2] += b;
    }
  }
}

/* One band of whole rows, in order from the first: its RGBA into rgba (for the hash); with WALK_SHRINK its whole
   blocks of ky rows into the box shrink begun for this width; with WALK_LUMA its rows into the luma grid. */
#define WALK_SHRINK 1
#define WALK_LUMA 2
void band(const uint8_t *rgb, uint32_t pixels_per_row, uint32_t rows, uint8_t *rgba, uint32_t walk) {
  rgb_to_rgba(rgb, rgba, rows * pixels_per_row);
  const uint32_t bytes = pixels_per_row * 3;
  if (walk & WALK_LUMA) luma_rows(rgb, bytes, rows);
  if (walk & WALK_SHRINK)
    for (uint32_t y = 0; y + ky <= rows; y += ky) {
      sum_block_rows(rgb + y * bytes, bytes);
      emit_row();
    }
}

/* Output rows written so far (height / ky once every band is in). */
uint32_t shrink_rows(void) { return out_rows; }

/* ---- Finishing the thumbnail: the shrunk copy resampled to its exact size, then encoded as a baseline JPEG. ---- */

/* Area resample: each output pixel is the coverage-weighted mean of the source pixels under it. Only ever from a box
   shrink's leftover (less than 2x), so an output pixel covers at most MAX_TAPS source pixels per axis. */
#define MAX_TAPS 4
#define MAX_RESAMPLED 4096
typedef struct {
  uint32_t first[MAX_RESAMPLED];
  float weight[MAX_RESAMPLED][MAX_TAPS];
} Spans;
static Spans across_spans, down_spans;

static void make_spans(Spans *spans, uint32_t from, uint32_t to) {
  const float step = (float)from / (float)to;
  for (uint32_t o = 0; o < to; o++) {
    const float x0 = o * step, x1 = x0 + step;
    const uint32_t first = (uint32_t)x0;
    spans->first[o] = first;
    for (uint32_t k = 0; k < MAX_TAPS; k++) {
      const float left = (float)(first + k) > x0 ? (float)(first + k) : x0;
      const float right = (float)(first + k + 1) < x1 ? (float)(first + k + 1) : x1;
      /* Taps past the source's end get no weight (and read nothing: first + k < from is checked below). */
      spans->weight[o][k] = first + k < from && right > left ? (right - left) / step : 0;
    }
  }
}

/* RGB sw x sh -> RGB tw x th, with tw <= sw < 3 tw and th <= sh < 3 th (at most MAX_RESAMPLED a side), through
   `work`: tw * sh * 3 + tw * 3 floats. Across each source row first, then down, a whole row at a time. */
void resample(const uint8_t *src, uint32_t sw, uint32_t sh, uint8_t *dst, uint32_t tw, uint32_t th, float *work) {
  make_spans(&across_spans, sw, tw);
  make_spans(&down_spans, sh, th);
  float *across = work;              /* sh rows of tw pixels */
  float *row = work + tw * sh * 3;   /* one output row */
  for (uint32_t y = 0; y < sh; y++) {
    const uint8_t *in = src + y * sw * 3;
    float *o = across + y * tw * 3;
    for (uint32_t x = 0; x < tw; x++) {
      const uint32_t first = across_spans.first[x];
      float r = 0, g = 0, b = 0;
      for (uint32_t k = 0; k < MAX_TAPS && first + k < sw; k++) {
        const float w = across_spans.weight[x][k];
        r += w * in[(first + k) * 3];
        g += w * in[(first + k) * 3 + 1];
        b += w * in[(first + k) * 3 + 2];
      }
      o[x * 3] = r;
      o[x * 3 + 1] = g;
      o[x * 3 + 2] = b;
    }
  }
  const uint32_t n = tw * 3;
  for (uint32_t y = 0; y < th; y++) {
    const uint32_t first = down_spans.first[y];
    for (uint32_t i = 0; i < n; i++) row[i] = 0;
    for (uint32_t k = 0; k < MAX_TAPS && first + k < sh; k++) {
      const float w = down_spans.weight[y][k];
      const float *in = across + (first + k) * n;
      for (uint32_t i = 0; i < n; i++) row[i] += w * in[i];
    }
    uint8_t *o = dst + y * n;
    for (uint32_t i = 0; i < n; i++) {
      const float v = row[i] + 0.5f;
      o[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
  }
}

/* ITU T.81 Annex K: the example quantisation tables (natural order) and Huffman tables (code counts per length
   1..16, then the symbols), as libjpeg uses them. */
static const uint8_t ZIGZAG[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                   12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                   35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                   58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
static const uint8_t LUMA_Q[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
                                   14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
                                   18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
                                   49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
static const uint8_t CHROMA_Q[64] = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
                                     24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
                                     99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
                                     99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
static const uint8_t DC_LUMA_BITS[16] = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t DC_CHROMA_BITS[16] = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
static const uint8_t DC_VALUES[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
static const uint8_t AC_LUMA_BITS[16] = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
static const uint8_t AC_LUMA_VALUES[162] = {
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14,
    0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09,
    0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
    0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65,
    0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
    0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
    0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};
static const uint8_t AC_CHROMA_BITS[16] = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
static const uint8_t AC_CHROMA_VALUES[162] = {
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32,
    0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16,
    0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39,
    0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86,
    0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8,
    0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
    0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};

/* The AAN forward DCT's output is the true one scaled by 8 * AAN_SCALE[v] * AAN_SCALE[u]; the quantiser divides that
   out (libjpeg's float DCT and its jcdctmgr.c divisors). */
static const float AAN_SCALE[8] = {1.0f,         1.387039845f, 1.306562965f, 1.175875602f,
                                   1.0f,         0.785694958f, 0.541196100f, 0.275899379f};

/* One 8-point pass of the Arai-Agui-Nakajima DCT over d[0], d[stride], ..., d[7 * stride], in place. */
static inline void aan_pass(float *d, uint32_t stride) {
  const float t0 = d[0] + d[7 * stride], t7 = d[0] - d[7 * stride];
  const float t1 = d[stride] + d[6 * stride], t6 = d[stride] - d[6 * stride];
  const float t2 = d[2 * stride] + d[5 * stride], t5 = d[2 * stride] - d[5 * stride];
  const float t3 = d[3 * stride] + d[4 * stride], t4 = d[3 * stride] - d[4 * stride];
  /* even part */
  const float e10 = t0 + t3, e13 = t0 - t3, e11 = t1 + t2, e12 = t1 - t2;
  d[0] = e10 + e11;
  d[4 * stride] = e10 - e11;
  const float z1 = (e12 + e13) * 0.707106781f;
  d[2 * stride] = e13 + z1;
  d[6 * stride] = e13 - z1;
  /* odd part */
  const float o10 = t4 + t5, o11 = t5 + t6, o12 = t6 + t7;
  const float z5 = (o10 - o12) * 0.382683433f;
  const float z2 = 0.541196100f * o10 + z5;
  const float z4 = 1.306562965f * o12 + z5;
  const float z3 = o11 * 0.707106781f;
  const float z11 = t7 + z3, z13 = t7 - z3;
  d[5 * stride] = z13 + z2;
  d[3 * stride] = z13 - z2;
  d[stride] = z11 + z4;
  d[7 * stride] = z11 - z4;
}

typedef struct {
  uint16_t code[256];
  uint8_t length[256];
} Huffman;

static Huffman dc_luma, dc_chroma, ac_luma, ac_chroma;
static float luma_scale[64], chroma_scale[64]; /* 1 / (quantiser x the AAN scale), natural order */
static uint8_t luma_q[64], chroma_q[64];       /* the quantisers written to DQT, natural order */

/* Annex C: canonical codes, in order of length. */
static void build_huffman(Huffman *h, const uint8_t *bits, const uint8_t *values) {
  uint32_t code = 0, k = 0;
  for (uint32_t length = 1; length <= 16; length++) {
    for (uint32_t i = 0; i < bits[length - 1]; i++, k++) {
      h->code[values[k]] = (uint16_t)code++;
      h->length[values[k]] = (uint8_t)length;
    }
    code <<= 1;
  }
}

static void set_quality(uint32_t quality) {
  /* libjpeg's jpeg_quality_scaling */
  const uint32_t scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  for (uint32_t i = 0; i < 64; i++) {
    uint32_t l = (LUMA_Q[i] * scale + 50) / 100, c = (CHROMA_Q[i] * scale + 50) / 100;
    luma_q[i] = (uint8_t)(l < 1 ? 1 : l > 255 ? 255 : l);
    chroma_q[i] = (uint8_t)(c < 1 ? 1 : c > 255 ? 255 : c);
    const float aan = 8.0f * AAN_SCALE[i >> 3] * AAN_SCALE[i & 7];
    luma_scale[i] = 1.0f / (luma_q[i] * aan);
    chroma_scale[i] = 1.0f / (chroma_q[i] * aan);
  }
}

static uint8_t *jp;
static uint32_t bit_buffer, bit_count;

static void put_byte(uint8_t b) { *jp++ = b; }
static void put_word(uint32_t w) {
  put_byte((uint8_t)(w >> 8));
  put_byte((uint8_t)w);
}

/* Entropy-coded bits, most significant first, with a 0 stuffed after every 0xFF byte. */
static void put_bits(uint32_t bits, uint32_t n) {
  bit_buffer = (bit_buffer << n) | (bits & ((1u << n) - 1));
  bit_count += n;
  while (bit_count >= 8) {
    const uint8_t b = (uint8_t)(bit_buffer >> (bit_count - 8));
    put_byte(b);
    if (b == 0xff) put_byte(0);
    bit_count -= 8;
  }
}

static uint32_t bit_length(int32_t v) {
  uint32_t a = (uint32_t)(v < 0 ? -v : v), n = 0;
  while (a) {
    n++;
    a >>= 1;
  }
  return n;
}

static void put_value(int32_t v, uint32_t size) { put_bits((uint32_t)(v < 0 ? v + (1 << size) - 1 : v), size); }

/* One 8x8 block of level-shifted samples (overwritten): forward DCT, quantise, Huffman-code. */
static void encode_block(float *coefficients, const float *scale, int32_t *previous_dc, const Huffman *dc,
                         const Huffman *ac) {
  for (uint32_t y = 0; y < 8; y++) aan_pass(coefficients + y * 8, 1);
  for (uint32_t x = 0; x < 8; x++) aan_pass(coefficients + x, 8);
  int32_t q[64];
  for (uint32_t k = 0; k < 64; k++) {
    const uint32_t n = ZIGZAG[k];
    const float f = coefficients[n] * scale[n];
    int32_t i = (int32_t)(f < 0 ? f - 0.5f : f + 0.5f);
    q[k] = i < -1023 ? -1023 : i > 1023 ? 1023 : i;
  }
  const int32_t diff = q[0] - *previous_dc;
  *previous_dc = q[0];
  const uint32_t dc_size = bit_length(diff);
  put_bits(dc->code[dc_size], dc->length[dc_size]);
  if (dc_size) put_value(diff, dc_size);
  uint32_t run = 0;
  for (uint32_t k = 1; k < 64; k++) {
    if (q[k] == 0) {
      run++;
      continue;
    }
    for (; run > 15; run -= 16) put_bits(ac->code[0xf0], ac->length[0xf0]);
    const uint32_t size = bit_length(q[k]);
    const uint32_t symbol = (run << 4) | size;
    put_bits(ac->code[symbol], ac->length[symbol]);
    put_value(q[k], size);
    run = 0;
  }
  if (run) put_bits(ac->code[0], ac->length[0]);
}

static void put_huffman_table(uint32_t id, const uint8_t *bits, const uint8_t *values, uint32_t count) {
  put_byte((uint8_t)id);
  for (uint32_t i = 0; i < 16; i++) put_byte(bits[i]);
  for (uint32_t i = 0; i < count; i++) put_byte(values[i]);
}

static void put_headers(uint32_t width, uint32_t height) {
  static const uint8_t JFIF[18] = {0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
  put_word(0xffd8);
  for (uint32_t i = 0; i < 18; i++) put_byte(JFIF[i]);
  put_word(0xffdb);
  put_word(2 + 2 * 65);
  put_byte(0);
  for (uint32_t k = 0; k < 64; k++) put_byte(luma_q[ZIGZAG[k]]);
  put_byte(1);
  for (uint32_t k = 0; k < 64; k++) put_byte(chroma_q[ZIGZAG[k]]);
  put_word(0xffc0); /* baseline; Y sampled 2x2, Cb and Cr 1x1 (4:2:0) */
  put_word(17);
  put_byte(8);
  put_word(height);
  put_word(width);
  put_byte(3);
  put_byte(1), put_byte(0x22), put_byte(0);
  put_byte(2), put_byte(0x11), put_byte(1);
  put_byte(3), put_byte(0x11), put_byte(1);
  put_word(0xffc4);
  put_word(2 + 4 * 17 + 12 + 162 + 12 + 162);
  put_huffman_table(0x00, DC_LUMA_BITS, DC_VALUES, 12);
  put_huffman_table(0x10, AC_LUMA_BITS, AC_LUMA_VALUES, 162);
  put_huffman_table(0x01, DC_CHROMA_BITS, DC_VALUES, 12);
  put_huffman_table(0x11, AC_CHROMA_BITS, AC_CHROMA_VALUES, 162);
  put_word(0xffda);
  put_word(12);
  put_byte(3);
  put_byte(1), put_byte(0x00);
  put_byte(2), put_byte(0x11);
  put_byte(3), put_byte(0x11);
  put_byte(0), put_byte(63), put_byte(0);
}

/* Baseline JPEG (JFIF, 4:2:0) of RGB width x height into out; returns its length. A block codes to at most 208
   bytes (twice that with 0xFF stuffing), so out needs 6 * 416 bytes per 16x16 MCU plus 2 KB of headers. */
uint32_t jpeg_encode(const uint8_t *rgb, uint32_t width, uint32_t height, uint32_t quality, uint8_t *out) {
  static int ready = 0;
  if (!ready) {
    build_huffman(&dc_luma, DC_LUMA_BITS, DC_VALUES);
    build_huffman(&dc_chroma, DC_CHROMA_BITS, DC_VALUES);
    build_huffman(&ac_luma, AC_LUMA_BITS, AC_LUMA_VALUES);
    build_huffman(&ac_chroma, AC_CHROMA_BITS, AC_CHROMA_VALUES);
    ready = 1;
  }
  set_quality(quality);
  jp = out;
  bit_buffer = 0;
  bit_count = 0;
  put_headers(width, height);
  int32_t dc_y = 0, dc_cb = 0, dc_cr = 0;
  float y_block[4][64], cb_block[64], cr_block[64];
  for (uint32_t my = 0; my < height; my += 16) {
    for (uint32_t mx = 0; mx < width; mx += 16) {
      for (uint32_t i = 0; i < 64; i++) cb_block[i] = cr_block[i] = 0;
      for (uint32_t dy = 0; dy < 16; dy++) {
        /* Past the edge, the last row and column are repeated. */
        const uint32_t y = my + dy < height ? my + dy : height - 1;
        for (uint32_t dx = 0; dx < 16; dx++) {
          const uint32_t x = mx + dx < width ? mx + dx : width - 1;
          const uint8_t *p = rgb + (y * width + x) * 3;
          const float r = p[0], g = p[1], b = p[2];
          y_block[(dy >> 3) * 2 + (dx >> 3)][(dy & 7) * 8 + (dx & 7)] = 0.299f * r + 0.587f * g + 0.114f * b - 128;
          const uint32_t c = (dy >> 1) * 8 + (dx >> 1);
          cb_block[c] += 0.25f * (-0.168735892f * r - 0.331264108f * g + 0.5f * b);
          cr_block[c] += 0.25f * (0.5f * r - 0.418687589f * g - 0.081312411f * b);
        }
      }
      for (uint32_t k = 0; k < 4; k++) encode_block(y_block[k], luma_scale, &dc_y, &dc_luma, &ac_luma);
      encode_block(cb_block, chroma_scale, &dc_cb, &dc_chroma, &ac_chroma);
      encode_block(cr_block, chroma_scale, &dc_cr, &dc_chroma, &ac_chroma);
    }
  }
  put_bits(0x7f, 7); /* pad the last byte with 1 bits */
  put_word(0xffd9);
  return (uint32_t)(jp - out);
}
