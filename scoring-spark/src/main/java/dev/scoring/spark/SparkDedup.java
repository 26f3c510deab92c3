package dev.scoring.spark;

import dev.scoring.ml.matching.Blocking;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchRecord;
import dev.scoring.ml.matching.Matcher;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Record-matching deduplication of a whole table on Spark, with the same {@link Matcher} and
 * {@link Blocking} rules as the in-process {@link dev.scoring.ml.matching.Deduplicator}: the same
 * candidate pairs, the same probabilities and, with {@link dev.scoring.ml.matching.Clustering}'s
 * guards off, the same entities.
 *
 * <ul>
 *   <li><b>Blocking as a join.</b> Each keyed rule gives every record its keys; keys shared by more
 *       than {@link Blocking#maxBlockSize()} records are dropped; the remaining (key, record) rows are
 *       joined with themselves on the key. A sorted-neighbourhood rule sorts the records by key and
 *       joins each rank with the next {@code window - 1} ranks. The union, without repeats, is the
 *       candidate pairs.</li>
 *   <li><b>Comparisons in partitions.</b> Both records of each pair are joined in, and each partition
 *       compares its pairs with the matcher, rebuilt once per executor JVM from its broadcast JSON.</li>
 *   <li><b>Entities by connected components</b> of the pairs at or above the threshold, by an
 *       iterative join that passes the smallest position along the edges until nothing changes (as
 *       many rounds as the longest chain of a cluster). The greedy merge guards of the in-process
 *       {@code Clustering} (cluster size, cohesion) are not applied: plain connected components.</li>
 * </ul>
 *
 * <p>A record's position is its index in the table's order (from 0), so the table must read in a
 * stable order (a file, a sorted table); both results are checkpointed before they are returned.
 */
public final class SparkDedup {

  /** The appended entity column (long): the position of the first record of the row's cluster. */
  public static final String ENTITY = "entity";
  /** The appended position column (long): the row's index in the table's order. */
  public static final String POSITION = "position";
  /** Pair columns: the two positions ({@code left < right}), the two ids and the match probability. */
  public static final String LEFT = "left";
  /** The larger position of a pair. */
  public static final String RIGHT = "right";
  /** The id of the pair's left record. */
  public static final String LEFT_ID = "left_id";
  /** The id of the pair's right record. */
  public static final String RIGHT_ID = "right_id";
  /** The match probability of a pair. */
  public static final String PROBABILITY = "probability";

  /** Builds the blocking rules on the executors (a method reference such as {@code Blocking::forFields} will do). */
  @FunctionalInterface
  public interface BlockingFactory extends Serializable {
    /** The blocking rules for the matcher's fields. */
    Blocking blocking(List<MatchField> fields);
  }

  /**
   * The outcome of a dedup run.
   *
   * @param entities the table with {@value #POSITION} and {@value #ENTITY} appended
   * @param pairs every candidate pair: {@value #LEFT}, {@value #RIGHT}, {@value #LEFT_ID}, {@value #RIGHT_ID},
   *     {@value #PROBABILITY}
   */
  public record Result(Dataset<Row> entities, Dataset<Row> pairs) {}

  private SparkDedup() {}

  /**
   * Deduplicates {@code table}.
   *
   * @param table the records; every field source of the matcher must be a string column (a {@code null}
   *     cell is a missing value); the string columns are the records' values
   * @param idColumn the column that identifies a record (any type; shown in the pairs)
   * @param matcher the matcher, with its token weights fitted (on this table, as in process)
   * @param blocking builds the blocking rules from the matcher's fields, on the driver and on the executors
   * @param threshold the least probability that links two records into one entity, in [0, 1]
   * @throws IllegalArgumentException naming a missing or non-string field column, a missing id column or a bad threshold
   */
  public static Result dedup(Dataset<Row> table, String idColumn, Matcher matcher, BlockingFactory blocking,
      double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
    }
    StructType schema = table.schema();
    List<String> names = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    for (int c = 0; c < schema.size(); c++) {
      if (schema.fields()[c].dataType() instanceof StringType) {
        names.add(schema.fields()[c].name());
        columns.add(c);
      }
    }
    int id = Arrays.asList(schema.fieldNames()).indexOf(idColumn);
    if (id < 0) {
      throw new IllegalArgumentException("the table has no id column '" + idColumn + "'");
    }
    for (MatchField f : matcher.model().fields()) {
      for (String source : f.isCross() ? List.of(f.source(), f.otherSource()) : List.of(f.source())) {
        int c = Arrays.asList(schema.fieldNames()).indexOf(source);
        if (c < 0) {
          throw new IllegalArgumentException("the table has no column '" + source + "' for match field '" + f.name()
              + "' (" + f.type() + "): expected a string column");
        }
        if (!(schema.fields()[c].dataType() instanceof StringType)) {
          throw new IllegalArgumentException("column '" + source + "' is " + schema.fields()[c].dataType().simpleString()
              + " but match field '" + f.name() + "' (" + f.type() + ") expects a string column");
        }
      }
    }
    List<Blocking.Rule> rules = blocking.blocking(matcher.model().fields()).rules(); // on the driver: a bad factory fails here
    int maxBlock = blocking.blocking(matcher.model().fields()).maxBlockSize();

    SparkSession spark = table.sparkSession();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> model = sc.broadcast(matcher.toJson("spark-dedup"));
    String[] fieldNames = names.toArray(new String[0]);
    int[] fieldColumns = columns.stream().mapToInt(Integer::intValue).toArray();

    // position -> (id, string values)
    JavaPairRDD<Long, Row> indexed = table.javaRDD().zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Long, Rec> records = indexed.mapValues(row -> Rec.of(row, id, fieldColumns))
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Object> cached = new ArrayList<>(List.of(indexed, records));
    try {
      JavaPairRDD<Long, Long> pairs = null;
      List<Integer> keyedRules = new ArrayList<>();
      for (int r = 0; r < rules.size(); r++) {
        if (rules.get(r).window() > 0) {
          JavaPairRDD<Long, Long> rulePairs = neighbourhood(records, fieldNames, blocking, model, r, rules.get(r).window());
          pairs = pairs == null ? rulePairs : pairs.union(rulePairs);
        } else {
          keyedRules.add(r);
        }
      }
      if (!keyedRules.isEmpty()) {
        JavaPairRDD<Long, Long> rulePairs = keyed(records, fieldNames, blocking, model,
            keyedRules.stream().mapToInt(Integer::intValue).toArray(), maxBlock);
        pairs = pairs == null ? rulePairs : pairs.union(rulePairs);
      }
      JavaPairRDD<Long, Long> candidates = pairs == null ? sc.<Tuple2<Long, Long>>emptyRDD().mapToPair(t -> t) : pairs.distinct();

      // both records of each pair, then the comparisons partition by partition
      JavaRDD<Row> scored = candidates.join(records)
          .mapToPair(t -> new Tuple2<>(t._2()._1(), new Tuple2<>(t._1(), t._2()._2())))
          .join(records)
          .mapPartitions(new Compare(model, fieldNames));
      StructType pairSchema = new StructType()
          .add(LEFT, DataTypes.LongType, false).add(RIGHT, DataTypes.LongType, false)
          .add(LEFT_ID, DataTypes.StringType, true).add(RIGHT_ID, DataTypes.StringType, true)
          .add(PROBABILITY, DataTypes.DoubleType, false);
      Dataset<Row> pairTable = spark.createDataFrame(scored, pairSchema).localCheckpoint(true);

      JavaPairRDD<Long, Long> edges = pairTable.javaRDD()
          .filter(row -> row.getDouble(4) >= threshold)
          .flatMapToPair(row -> List.of(new Tuple2<>(row.getLong(0), row.getLong(1)),
              new Tuple2<>(row.getLong(1), row.getLong(0))).iterator())
          .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(edges);
      JavaPairRDD<Long, Long> labels = components(edges, cached);

      StructType entitySchema = schema.add(new StructField(POSITION, DataTypes.LongType, false,
          org.apache.spark.sql.types.Metadata.empty())).add(new StructField(ENTITY, DataTypes.LongType, false,
          org.apache.spark.sql.types.Metadata.empty()));
      int width = schema.size();
      JavaRDD<Row> withEntity = indexed.leftOuterJoin(labels)
          .map(t -> {
            Row row = t._2()._1();
            Object[] v = new Object[width + 2];
            for (int i = 0; i < width; i++) {
              v[i] = row.get(i);
            }
            v[width] = t._1();
            v[width + 1] = t._2()._2().orElse(t._1());
            return RowFactory.create(v);
          });
      Dataset<Row> entities = spark.createDataFrame(withEntity, entitySchema).localCheckpoint(true);
      return new Result(entities, pairTable);
    } finally {
      for (Object o : cached) {
        ((JavaPairRDD<?, ?>) o).unpersist(false);
      }
    }
  }

  /** One record: its id (as a string) and the values of the table's string columns. */
  record Rec(String id, String[] values) implements Serializable {
    static Rec of(Row row, int id, int[] columns) {
      String[] v = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        v[i] = row.isNullAt(columns[i]) ? null : row.getString(columns[i]);
      }
      return new Rec(row.isNullAt(id) ? null : String.valueOf(row.get(id)), v);
    }

    MatchRecord toMatchRecord(String[] names) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        if (values[i] != null) {
          m.put(names[i], values[i]);
        }
      }
      return new MatchRecord(id == null ? "" : id, m);
    }
  }

  /** The broadcast matcher, read once per executor JVM. */
  private static Matcher matcher(Broadcast<byte[]> model) {
    return ExecutorCache.get(model.id(), () -> Matcher.read(model.value(), "broadcast matcher"));
  }

  /** Rule {@code r} of the blocking, built on this executor. */
  private static Blocking.Rule rule(BlockingFactory blocking, Broadcast<byte[]> model, int r) {
    return blocking.blocking(matcher(model).model().fields()).rules().get(r);
  }

  /**
   * Pairs of records sharing a key of one of the keyed rules {@code r} (a key of one rule, which the
   * rule's index prefixes, never meets another rule's), in blocks of at most {@code maxBlock} records.
   */
  private static JavaPairRDD<Long, Long> keyed(JavaPairRDD<Long, Rec> records, String[] names, BlockingFactory blocking,
      Broadcast<byte[]> model, int[] r, int maxBlock) {
    JavaPairRDD<String, Long> keys = records.mapPartitionsToPair(in -> {
      Blocking.Rule[] rules = new Blocking.Rule[r.length];
      for (int k = 0; k < r.length; k++) {
        rules[k] = rule(blocking, model, r[k]);
      }
      List<Tuple2<String, Long>> out = new ArrayList<>();
      while (in.hasNext()) {
        Tuple2<Long, Rec> t = in.next();
        MatchRecord record = t._2().toMatchRecord(names);
        for (int k = 0; k < r.length; k++) {
          for (String key : rules[k].keys(record)) {
            out.add(new Tuple2<>(r[k] + ":" + key, t._1()));
          }
        }
      }
      return out.iterator();
    });
    JavaPairRDD<String, Long> small = keys.mapValues(p -> 1L).reduceByKey(Long::sum)
        .filter(t -> t._2() >= 2 && t._2() <= maxBlock);
    JavaPairRDD<String, Long> kept = keys.join(small).mapValues(Tuple2::_1);
    return kept.join(kept).values().filter(t -> t._1() < t._2()).mapToPair(t -> t);
  }

  /** Pairs of records within {@code window} ranks of each other when sorted by the key of rule {@code r}. */
  private static JavaPairRDD<Long, Long> neighbourhood(JavaPairRDD<Long, Rec> records, String[] names,
      BlockingFactory blocking, Broadcast<byte[]> model, int r, int window) {
    JavaPairRDD<Tuple2<String, Long>, Boolean> keys = records.mapPartitionsToPair(in -> {
      Blocking.Rule rule = rule(blocking, model, r);
      List<Tuple2<Tuple2<String, Long>, Boolean>> out = new ArrayList<>();
      while (in.hasNext()) {
        Tuple2<Long, Rec> t = in.next();
        List<String> k = rule.keys(t._2().toMatchRecord(names));
        if (!k.isEmpty()) {
          out.add(new Tuple2<>(new Tuple2<>(k.get(0), t._1()), Boolean.TRUE));
        }
      }
      return out.iterator();
    });
    // rank -> position, in (key, position) order
    JavaPairRDD<Long, Long> ranked = keys.sortByKey(new KeyOrder(), true).keys().zipWithIndex()
        .mapToPair(t -> new Tuple2<>(t._2(), t._1()._2()));
    JavaPairRDD<Long, Long> later = ranked.flatMapToPair(t -> {
      List<Tuple2<Long, Long>> out = new ArrayList<>(window - 1);
      for (int d = 1; d < window; d++) {
        out.add(new Tuple2<>(t._1() + d, t._2()));
      }
      return out.iterator();
    });
    return later.join(ranked).values().mapToPair(t -> t._1() < t._2() ? t : new Tuple2<>(t._2(), t._1()));
  }

  /** Orders sorted-neighbourhood keys as in process: by key, then position. */
  private static final class KeyOrder implements Comparator<Tuple2<String, Long>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      int c = a._1().compareTo(b._1());
      return c != 0 ? c : Long.compare(a._2(), b._2());
    }
  }

  /**
   * Connected components of {@code edges} (both directions): each vertex's label is the smallest
   * position it reaches, found by joining the labels along the edges until none changes.
   */
  private static JavaPairRDD<Long, Long> components(JavaPairRDD<Long, Long> edges, List<Object> cached) {
    JavaPairRDD<Long, Long> labels = edges.reduceByKey(Math::min)
        .mapToPair(t -> new Tuple2<>(t._1(), Math.min(t._1(), t._2()))).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(labels);
    while (true) {
      JavaPairRDD<Long, Long> next = edges.join(labels).mapToPair(t -> t._2()).reduceByKey(Math::min)
          .join(labels).mapValues(t -> Math.min(t._1(), t._2())).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(next);
      long changed = next.join(labels).filter(t -> !t._2()._1().equals(t._2()._2())).count();
      labels = next;
      if (changed == 0) {
        return labels;
      }
    }
  }

  /** Compares each pair of a partition with the broadcast matcher (built once per executor JVM). */
  private static final class Compare
      implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Tuple2<Long, Tuple2<Tuple2<Long, Rec>, Rec>>>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final String[] names;

    Compare(Broadcast<byte[]> model, String[] names) {
      this.model = model;
      this.names = names;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Long, Tuple2<Tuple2<Long, Rec>, Rec>>> in) {
      Matcher matcher = matcher(model);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Row next() {
          // (right position, ((left position, left record), right record))
          Tuple2<Long, Tuple2<Tuple2<Long, Rec>, Rec>> t = in.next();
          long right = t._1();
          long left = t._2()._1()._1();
          Rec a = t._2()._1()._2();
          Rec b = t._2()._2();
          double p = matcher.probability(a.toMatchRecord(names), b.toMatchRecord(names));
          return RowFactory.create(left, right, a.id(), b.id(), p);
        }
      };
    }
  }
}
