/*
 * The native reference for our XGBoost tree scoring: the same complete-tree layout that
 * dev.scoring.ml.trees.CompleteForest builds (every tree padded to the ensemble's depth, heap
 * order, each cell a float32 threshold and a scratch slot; missing values as +inf/-inf copies of
 * the row), walked by scalar C compiled with gcc -O3 -march=native:
 *
 *   one row: eight trees' walks interleaved (as our one-row walk);
 *   batch:   blocks of 64 rows, tree by tree, eight rows' walks interleaved (as our blocked batch).
 *
 * It reads the XGBoost JSON model itself (only the arrays it needs) and the holdout rows as CSV
 * (an empty cell is missing), sums in float32 in model order as XGBoost does, and checks that the
 * batch equals the one-row walk bit for bit. Usage: trees MODEL.json ROWS.csv [REPEATS]
 * Prints the median ns per row of each method and the sum of the probabilities (to compare with ours).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COLS 30
#define BLOCK 64
#define BATCH 1000

typedef struct {
  int depth, internal, trees, features;
  uint64_t *cells; /* per internal cell: float threshold bits << 32 | slot */
  float *leaf;     /* per tree: 2^depth leaves */
  float base;
} forest;

static void die(const char *what) {
  fprintf(stderr, "trees: %s\n", what);
  exit(1);
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc(*len + 1);
  if (fread(s, 1, *len, f) != (size_t)*len) die("short read");
  s[*len] = 0;
  fclose(f);
  return s;
}

/* The next array of numbers after key (from *cursor on); its length in *n. */
static double *array(char **cursor, const char *key, int *n) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":[", key);
  char *p = strstr(*cursor, pat);
  if (!p) die(key);
  p += strlen(pat);
  int cap = 64, k = 0;
  double *v = malloc(cap * sizeof *v);
  while (*p != ']') {
    if (k == cap) v = realloc(v, (cap *= 2) * sizeof *v);
    char *end;
    if (strncmp(p, "true", 4) == 0) { v[k++] = 1; end = p + 4; }
    else if (strncmp(p, "false", 5) == 0) { v[k++] = 0; end = p + 5; }
    else { v[k++] = strtod(p, &end); if (end == p) die("bad number"); }
    p = end;
    if (*p == ',') p++;
  }
  *cursor = p;
  *n = k;
  return v;
}

typedef struct { double *left, *right, *split, *cond, *dleft; } raw;

static int depth_of(raw *t, int node) {
  if (t->left[node] < 0) return 0;
  int a = depth_of(t, (int)t->left[node]), b = depth_of(t, (int)t->right[node]);
  return 1 + (a > b ? a : b);
}

static void fill(forest *f, raw *r, int t, int node, int cell, int level) {
  if (level == f->depth) {
    f->leaf[(size_t)t * (f->internal + 1) + cell - f->internal] = (float)r->cond[node];
    return;
  }
  size_t at = (size_t)t * f->internal + cell;
  if (r->left[node] < 0) { /* padding: both subtrees are this leaf */
    f->cells[at] = 0;
    fill(f, r, t, node, 2 * cell + 1, level + 1);
    fill(f, r, t, node, 2 * cell + 2, level + 1);
    return;
  }
  uint32_t slot = 2 * (uint32_t)r->split[node] + (r->dleft[node] != 0 ? 1 : 0);
  float thr = (float)r->cond[node];
  uint32_t bits;
  memcpy(&bits, &thr, 4);
  f->cells[at] = (uint64_t)bits << 32 | slot;
  fill(f, r, t, (int)r->left[node], 2 * cell + 1, level + 1);
  fill(f, r, t, (int)r->right[node], 2 * cell + 2, level + 1);
}

static forest load(const char *path) {
  long len;
  char *s = slurp(path, &len);
  forest f = {0};
  char *b = strstr(s, "\"base_score\":\"");
  if (!b) die("base_score");
  b += strlen("\"base_score\":\"");
  if (*b == '[') b++;
  float p = (float)strtod(b, NULL);
  f.base = -(float)log(1.0f / p - 1.0f); /* binary:logistic: the margin of base_score, in float32 */
  int trees = 0;
  for (char *q = s; (q = strstr(q, "\"left_children\":[")); q++) trees++;
  raw *r = calloc(trees, sizeof *r);
  char *cl = s, *cr = s, *cs = s, *cc = s, *cd = s;
  int n, m;
  f.depth = 0;
  for (int t = 0; t < trees; t++) {
    r[t].left = array(&cl, "left_children", &n);
    r[t].right = array(&cr, "right_children", &m);
    r[t].split = array(&cs, "split_indices", &m);
    r[t].cond = array(&cc, "split_conditions", &m);
    r[t].dleft = array(&cd, "default_left", &m);
    int d = depth_of(&r[t], 0);
    if (d > f.depth) f.depth = d;
  }
  f.trees = trees;
  f.internal = (1 << f.depth) - 1;
  f.features = COLS;
  f.cells = calloc((size_t)trees * f.internal, sizeof *f.cells);
  f.leaf = calloc((size_t)trees * (f.internal + 1), sizeof *f.leaf);
  for (int t = 0; t < trees; t++) fill(&f, &r[t], t, 0, 0, 0);
  free(s);
  return f;
}

/* xs[2j] = x or +inf if missing (goes right), xs[2j+1] = x or -inf (goes left) */
static void load_row(const double *row, float *xs) {
  for (int j = 0; j < COLS; j++) {
    double x = row[j];
    int missing = x != x;
    xs[2 * j] = missing ? INFINITY : (float)x;
    xs[2 * j + 1] = missing ? -INFINITY : (float)x;
  }
}

#define STEP(c, i, xs) (2 * (i) + ((xs)[(uint32_t)(c)] >= thr_of(c) ? 2 : 1))

static inline float thr_of(uint64_t c) {
  uint32_t b = (uint32_t)(c >> 32);
  float f;
  memcpy(&f, &b, 4);
  return f;
}

static double one_row(const forest *f, const double *row) {
  float xs[2 * COLS];
  load_row(row, xs);
  const int D = f->depth, I = f->internal, S = I + 1;
  const uint64_t *cells = f->cells;
  float sum = f->base;
  int t = 0;
  for (; t + 8 <= f->trees; t += 8) {
    const uint64_t *b = cells + (size_t)t * I;
    int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
    for (int k = 0; k < D; k++) {
      i0 = STEP(b[i0], i0, xs);
      i1 = STEP(b[I + i1], i1, xs);
      i2 = STEP(b[2 * I + i2], i2, xs);
      i3 = STEP(b[3 * I + i3], i3, xs);
      i4 = STEP(b[4 * I + i4], i4, xs);
      i5 = STEP(b[5 * I + i5], i5, xs);
      i6 = STEP(b[6 * I + i6], i6, xs);
      i7 = STEP(b[7 * I + i7], i7, xs);
    }
    const float *l = f->leaf + (size_t)t * S - I;
    sum += l[i0]; sum += l[S + i1]; sum += l[2 * S + i2]; sum += l[3 * S + i3];
    sum += l[4 * S + i4]; sum += l[5 * S + i5]; sum += l[6 * S + i6]; sum += l[7 * S + i7];
  }
  for (; t < f->trees; t++) {
    const uint64_t *b = cells + (size_t)t * I;
    int i = 0;
    for (int k = 0; k < D; k++) i = STEP(b[i], i, xs);
    sum += f->leaf[(size_t)t * S - I + i];
  }
  return sum;
}

static void batch(const forest *f, const double *rows, int n, double *out) {
  static float xs[BLOCK * 2 * COLS];
  const int D = f->depth, I = f->internal, S = I + 1, w = 2 * COLS;
  float acc[BLOCK];
  for (int from = 0; from < n; from += BLOCK) {
    int count = n - from < BLOCK ? n - from : BLOCK;
    for (int r = 0; r < count; r++) {
      load_row(rows + (size_t)(from + r) * COLS, xs + r * w);
      acc[r] = f->base;
    }
    for (int t = 0; t < f->trees; t++) {
      const uint64_t *b = f->cells + (size_t)t * I;
      const float *l = f->leaf + (size_t)t * S - I;
      int r = 0;
      for (; r + 8 <= count; r += 8) {
        const float *x0 = xs + r * w;
        int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
        for (int k = 0; k < D; k++) {
          i0 = STEP(b[i0], i0, x0);
          i1 = STEP(b[i1], i1, x0 + w);
          i2 = STEP(b[i2], i2, x0 + 2 * w);
          i3 = STEP(b[i3], i3, x0 + 3 * w);
          i4 = STEP(b[i4], i4, x0 + 4 * w);
          i5 = STEP(b[i5], i5, x0 + 5 * w);
          i6 = STEP(b[i6], i6, x0 + 6 * w);
          i7 = STEP(b[i7], i7, x0 + 7 * w);
        }
        acc[r] += l[i0]; acc[r + 1] += l[i1]; acc[r + 2] += l[i2]; acc[r + 3] += l[i3];
        acc[r + 4] += l[i4]; acc[r + 5] += l[i5]; acc[r + 6] += l[i6]; acc[r + 7] += l[i7];
      }
      for (; r < count; r++) {
        int i = 0;
        for (int k = 0; k < D; k++) i = STEP(b[i], i, xs + r * w);
        acc[r] += l[i];
      }
    }
    for (int r = 0; r < count; r++) out[from + r] = acc[r];
  }
}

static double *read_rows(const char *path, int *n) {
  FILE *f = fopen(path, "r");
  if (!f) die(path);
  int cap = 1024, k = 0;
  double *v = malloc((size_t)cap * COLS * sizeof *v);
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    if (k == cap) v = realloc(v, (size_t)(cap *= 2) * COLS * sizeof *v);
    char *p = line;
    for (int j = 0; j < COLS; j++) {
      char *end;
      double x = strtod(p, &end);
      v[(size_t)k * COLS + j] = end == p ? NAN : x; /* an empty cell is missing */
      p = strchr(end, ',');
      if (!p && j < COLS - 1) die("short row");
      if (p) p++;
    }
    k++;
  }
  fclose(f);
  *n = k;
  return v;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts); /* wall time, as JMH measures */
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3) die("usage: trees MODEL.json ROWS.csv [REPEATS]");
  int repeats = argc > 3 ? atoi(argv[3]) : 21;
  forest f = load(argv[1]);
  int n;
  double *rows = read_rows(argv[2], &n);
  if (n < BATCH) die("fewer than 1000 rows");
  double *one = malloc(n * sizeof *one), *many = malloc(n * sizeof *many);
  for (int r = 0; r < n; r++) one[r] = one_row(&f, rows + (size_t)r * COLS);
  batch(&f, rows, BATCH, many);
  double probability = 0;
  for (int r = 0; r < BATCH; r++) {
    if (memcmp(&one[r], &many[r], sizeof(double)) != 0) die("batch differs from one row");
    probability += 1.0 / (1.0 + exp(-one[r]));
  }
  double *t1 = malloc(repeats * sizeof *t1), *tb = malloc(repeats * sizeof *tb);
  volatile double sink = 0;
  for (int k = 0; k < repeats; k++) {
    int passes = 20;
    double s = now();
    for (int p = 0; p < passes; p++)
      for (int r = 0; r < n; r++) sink += one_row(&f, rows + (size_t)r * COLS);
    t1[k] = (now() - s) / ((double)passes * n);
    s = now();
    for (int p = 0; p < passes; p++) {
      batch(&f, rows, BATCH, many);
      sink += many[BATCH - 1];
    }
    tb[k] = (now() - s) / ((double)passes * BATCH);
  }
  qsort(t1, repeats, sizeof *t1, by_value);
  qsort(tb, repeats, sizeof *tb, by_value);
  printf("%s: %d trees, depth %d, %d rows\n", argv[1], f.trees, f.depth, n);
  printf("one row  ns/row median %.1f  (min %.1f, max %.1f)\n", t1[repeats / 2], t1[0], t1[repeats - 1]);
  printf("batch    ns/row median %.1f  (min %.1f, max %.1f)\n", tb[repeats / 2], tb[0], tb[repeats - 1]);
  printf("sum of probabilities over the first %d rows: %.17g\n", BATCH, probability);
  return 0;
}
