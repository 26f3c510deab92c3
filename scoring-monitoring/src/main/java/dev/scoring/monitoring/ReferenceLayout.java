package dev.scoring.monitoring;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link DriftMonitor} lays out a {@link ReferenceProfile}: each column (the features, then
 * the score) owns a run of count slots in one flat bucket ({@code offset}, {@code slots}: its bins
 * then a missing slot), the slots map onto about {@code psiBins} coarse buckets for PSI and
 * Jensen–Shannon, and the reference's side of every statistic is computed once here. It also
 * counts a row into a bucket ({@link #count}), the monitor's hot path: numbers through the
 * flattened {@link BinTable} grids, categories through the profile's hash table. Immutable.
 */
final class ReferenceLayout {

  /** The columns: the profile's features, then the score (the last). */
  final int cols;
  final String[] names;
  final FeatureProfile[] profiles;
  final boolean[] categorical;
  final int[] offset;
  final int[] slots;
  final int[] coarseOf;
  final int[] coarseOffset;
  final int[] coarseCount;
  final long[] reference;
  final double[] referenceCoarse;
  final long referenceRows;
  /** Count slots over all columns (the length of a bucket), and coarse buckets. */
  final int slotCount;
  final int coarseTotal;
  // the per-row lookups, flattened: numeric features then the score (the last entry), and categories
  final int numericFeatures;
  /** The numeric features then the score, each with what its lookup reads (fields: no bounds checks). */
  final NumericColumn[] numeric;
  /** The most correction steps of any numeric entry, or −1 if one of them searches. */
  final int maxSteps;
  /** Per grid cell: the count slot of the first bin the cell's values can fall in; then one more entry per table. */
  final int[] cellSlot;
  /** Parallel to the count slots: the edge above each numeric bin (+∞ above the last). */
  final double[] slotEdge;
  final int categoricalFeatures;
  final int[] catIndex;
  final FeatureProfile[] catProfile;
  final int[] catCountOff;
  final int[] catMissing;
  /** Per numeric slot: the reference's cumulative share of present values (for KS). */
  final double[] refCdf;
  /** Per column: the reference's present values (numeric). */
  final double[] refPresent;
  /** Per coarse bucket: the reference's share, its log (0 when empty), floored at {@link DriftStatistics#PSI_FLOOR}, and that log. */
  final double[] refCoarseP;
  final double[] refCoarseLogP;
  final double[] refCoarseFloored;
  final double[] refCoarseLogFloored;

  ReferenceLayout(ReferenceProfile profile, int psiBins) {
    FeatureSchema schema = profile.schema();
    List<FeatureProfile> fs = new ArrayList<>(profile.features());
    fs.add(profile.score());
    this.cols = fs.size();
    this.names = new String[cols];
    this.profiles = fs.toArray(new FeatureProfile[0]);
    this.categorical = new boolean[cols];
    int[] schemaIndex = new int[cols];
    this.offset = new int[cols];
    this.slots = new int[cols];
    this.coarseOffset = new int[cols];
    this.coarseCount = new int[cols];
    int total = 0;
    for (int c = 0; c < cols; c++) {
      FeatureProfile p = profiles[c];
      names[c] = p.name();
      categorical[c] = p.kind() == FeatureProfile.Kind.CATEGORICAL;
      schemaIndex[c] = c == cols - 1 ? -1 : schema.feature(p.name()).index();
      offset[c] = total;
      slots[c] = p.slots();
      total += slots[c];
    }
    this.reference = new long[total];
    this.coarseOf = new int[total];
    int coarseTotal = 0;
    long refRows = 0;
    for (int c = 0; c < cols; c++) {
      FeatureProfile p = profiles[c];
      System.arraycopy(p.counts, 0, reference, offset[c], p.counts.length);
      reference[offset[c] + slots[c] - 1] = p.missing();
      refRows = Math.max(refRows, p.rows());
      coarseOffset[c] = coarseTotal;
      int groups;
      if (categorical[c]) {
        for (int s = 0; s < slots[c]; s++) {
          coarseOf[offset[c] + s] = s;
        }
        groups = slots[c];
      } else {
        int present = slots[c] - 1;
        long n = DriftStatistics.sum(reference, offset[c], present);
        int g = 0;
        long cum = 0;
        for (int s = 0; s < present; s++) {
          coarseOf[offset[c] + s] = g;
          cum += reference[offset[c] + s];
          if (n > 0 && g < psiBins - 1 && s < present - 1 && cum * psiBins >= (g + 1) * n) {
            g++;
          }
        }
        coarseOf[offset[c] + present] = g + 1; // missing
        groups = g + 2;
      }
      coarseCount[c] = groups;
      coarseTotal += groups;
    }
    this.referenceRows = refRows;
    this.slotCount = total;
    this.coarseTotal = coarseTotal;
    this.referenceCoarse = new double[coarseTotal];
    for (int c = 0; c < cols; c++) {
      for (int s = 0; s < slots[c]; s++) {
        referenceCoarse[coarseOffset[c] + coarseOf[offset[c] + s]] += reference[offset[c] + s];
      }
    }
    // the reference's side of every statistic, computed once
    this.refCdf = new double[total];
    this.refPresent = new double[cols];
    this.refCoarseP = new double[coarseTotal];
    this.refCoarseLogP = new double[coarseTotal];
    this.refCoarseFloored = new double[coarseTotal];
    this.refCoarseLogFloored = new double[coarseTotal];
    for (int c = 0; c < cols; c++) {
      int off = offset[c];
      if (!categorical[c]) {
        double nr = DriftStatistics.sum(reference, off, slots[c] - 1);
        refPresent[c] = nr;
        double cr = 0;
        for (int s = 0; s < slots[c] - 1; s++) {
          cr += reference[off + s];
          refCdf[off + s] = cr / nr;
        }
      }
      double nr = 0;
      for (int g = 0; g < coarseCount[c]; g++) {
        nr += referenceCoarse[coarseOffset[c] + g];
      }
      for (int g = 0; g < coarseCount[c]; g++) {
        int i = coarseOffset[c] + g;
        double pr = referenceCoarse[i] / nr;
        refCoarseP[i] = pr;
        refCoarseLogP[i] = pr > 0 ? Math.log(pr) : 0;
        refCoarseFloored[i] = Math.max(DriftStatistics.PSI_FLOOR, pr);
        refCoarseLogFloored[i] = Math.log(refCoarseFloored[i]);
      }
    }
    int nNum = 0;
    int nCat = 0;
    int cellTotal = 0;
    // each numeric column's grid, its cells numbered on from the previous column's
    BinTable[] tables = new BinTable[cols];
    for (int c = 0; c < cols; c++) {
      if (categorical[c]) {
        nCat++;
      } else {
        nNum++;
        tables[c] = BinTable.of(profiles[c].edges, cellTotal);
        cellTotal += tables[c].start.length;
      }
    }
    this.numericFeatures = nNum - 1;
    this.numeric = new NumericColumn[nNum];
    this.cellSlot = new int[cellTotal];
    this.slotEdge = new double[total];
    this.categoricalFeatures = nCat;
    this.catIndex = new int[nCat];
    this.catProfile = new FeatureProfile[nCat];
    this.catCountOff = new int[nCat];
    this.catMissing = new int[nCat];
    int k = 0;
    int q = 0;
    int most = 0;
    for (int c = 0; c < cols; c++) {
      if (categorical[c]) {
        catIndex[q] = schemaIndex[c];
        catProfile[q] = profiles[c];
        catCountOff[q] = offset[c];
        catMissing[q] = offset[c] + slots[c] - 1;
        q++;
        continue;
      }
      BinTable t = java.util.Objects.requireNonNull(tables[c]);
      numeric[k] = new NumericColumn(schemaIndex[c], t.scale, t.base, t.origin, t.origin + t.cellMax,
          offset[c] + slots[c] - 1, t.steps);
      most = most < 0 || t.steps < 0 ? -1 : Math.max(most, t.steps);
      for (int i = 0; i < t.start.length; i++) {
        cellSlot[t.origin + i] = offset[c] + t.start[i];
      }
      int edgeCount = slots[c] - 2;
      System.arraycopy(t.padded, 0, slotEdge, offset[c], edgeCount);
      slotEdge[offset[c] + edgeCount] = Double.POSITIVE_INFINITY;
      k++;
    }
    this.maxSteps = most;
  }

  /** Counts a row into {@code bucket}: numbers and the score by {@link BinTable}, flattened; categories by hash. */
  void count(long[] bucket, Features row, double score) {
    NumericColumn[] cols = numeric;
    int n = numericFeatures;
    for (int k = 0; k < n; k++) {
      NumericColumn col = cols[k];
      bucket[numericSlot(col, row.number(col.index))]++;
    }
    bucket[numericSlot(cols[n], score)]++;
    for (int k = 0; k < categoricalFeatures; k++) {
      String v = row.string(catIndex[k]);
      bucket[v == null ? catMissing[k] : catCountOff[k] + catProfile[k].bucket(v)]++;
    }
  }

  /**
   * The count slot of value {@code v} of numeric entry {@code k}: its grid cell gives the slot of
   * the lowest bin it can fall in, then fixed branch-free steps over the edges move it up (see
   * {@link BinTable}). When no table needs more than one (two) steps, every entry takes exactly
   * one (two): an extra step never moves, as the next edge belongs to a later cell or is the +∞ pad.
   */
  private int numericSlot(NumericColumn col, double v) {
    if (v != v) {
      return col.missing;
    }
    int c = BinTable.cell(v, col.scale, col.base, col.first, col.last);
    int b = cellSlot[c];
    double[] e = slotEdge;
    int s = maxSteps;
    if (s >= 0 && s <= 1) {
      return b + (e[b] < v ? 1 : 0);
    }
    if (s == 2) {
      b += e[b] < v ? 1 : 0;
      return b + (e[b] < v ? 1 : 0);
    }
    s = col.steps;
    if (s < 0) {
      return BinTable.search(e, b, cellSlot[c + 1], v);
    }
    for (int i = 0; i < s; i++) {
      b += e[b] < v ? 1 : 0;
    }
    return b;
  }

  /** One numeric column's lookup: see {@link BinTable} and {@link ReferenceLayout#numericSlot}. */
  private static final class NumericColumn {
    final int index;
    final double scale;
    final double base;
    final int first;
    final int last;
    final int missing;
    final int steps;

    NumericColumn(int index, double scale, double base, int first, int last, int missing, int steps) {
      this.index = index;
      this.scale = scale;
      this.base = base;
      this.first = first;
      this.last = last;
      this.missing = missing;
      this.steps = steps;
    }
  }
}
