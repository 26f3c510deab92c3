package dev.scoring.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelStore;
import dev.scoring.lifecycle.ModelVersion;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's {@link ModelStore}: model versions in table {@code model_version} (bytes, digest,
 * state, provenance) and the order in which versions became champion in {@code model_champion}, on
 * SQLite or PostgreSQL. Every change is one transaction that first takes the database's write lock
 * for model changes, so concurrent writers (threads, a host app and the {@code scoring models}
 * command) never give one version number twice or leave two champions. Thread-safe.
 */
public final class JdbcModelStore implements ModelStore {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String COLUMNS =
      "model_id, version, type, digest, state, author, created_at, training_data, metrics, note";

  private final Connections db;

  JdbcModelStore(Connections db) {
    this.db = db;
  }

  @Override
  public ModelVersion save(String modelId, String type, byte[] bytes, ModelProvenance provenance, ModelState state) {
    ModelVersion.checkModelId(modelId);
    if (type.isBlank() || type.length() > 100) {
      throw new IllegalArgumentException("model " + modelId + ": invalid type \"" + type + "\"");
    }
    String digest = ModelSource.digest(bytes);
    return write(modelId, "store a new version of", c -> {
      int next;
      try (PreparedStatement s = c.prepareStatement(
          "select coalesce(max(version), 0) + 1 from model_version where model_id = ?")) {
        s.setString(1, modelId);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          next = r.getInt(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("insert into model_version (" + COLUMNS
          + ", content) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, modelId);
        s.setInt(2, next);
        s.setString(3, type);
        s.setString(4, digest);
        s.setString(5, (state == ModelState.CHAMPION ? ModelState.CANDIDATE : state).name());
        s.setString(6, provenance.author());
        s.setString(7, provenance.createdAt().toString());
        s.setString(8, provenance.trainingData());
        s.setString(9, metricsJson(provenance.metrics()));
        s.setString(10, provenance.note());
        s.setBytes(11, bytes);
        s.executeUpdate();
      }
      if (state == ModelState.CHAMPION) {
        crown(c, modelId, next);
      }
      return find(c, modelId, next).orElseThrow();
    });
  }

  @Override
  public byte[] read(String modelId, int version) {
    ModelVersion.checkModelId(modelId);
    record Stored(String digest, byte[] bytes) {}
    Optional<Stored> stored = read(modelId, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select digest, content from model_version where model_id = ? and version = ?")) {
        s.setString(1, modelId);
        s.setInt(2, version);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(new Stored(r.getString(1), r.getBytes(2))) : Optional.<Stored>empty();
        }
      }
    });
    Stored v = stored.orElseThrow(() -> new ModelException(
        "the model store has no version " + version + " of model " + modelId));
    String digest = ModelSource.digest(v.bytes());
    if (!digest.equals(v.digest())) {
      throw new ModelException(modelId + "@" + version + " in the database does not match its digest: the row says "
          + v.digest() + ", the content has " + digest);
    }
    return v.bytes();
  }

  @Override
  public Optional<ModelVersion> version(String modelId, int version) {
    ModelVersion.checkModelId(modelId);
    return read(modelId, c -> find(c, modelId, version));
  }

  @Override
  public List<ModelVersion> versions(String modelId) {
    ModelVersion.checkModelId(modelId);
    return read(modelId, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select " + COLUMNS + " from model_version where model_id = ? order by version")) {
        s.setString(1, modelId);
        return list(s);
      }
    });
  }

  @Override
  public Optional<ModelVersion> champion(String modelId) {
    ModelVersion.checkModelId(modelId);
    return read(modelId, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select " + COLUMNS + " from model_version where model_id = ? and state = 'CHAMPION'")) {
        s.setString(1, modelId);
        return list(s).stream().findFirst();
      }
    });
  }

  @Override
  public List<String> modelIds() {
    return read("*", c -> {
      List<String> ids = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select distinct model_id from model_version order by model_id")) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return ids;
    });
  }

  @Override
  public ModelVersion setState(String modelId, int version, ModelState state) {
    ModelVersion.checkModelId(modelId);
    return write(modelId, "change the state of", c -> {
      ModelVersion v = require(c, modelId, version);
      if (state == ModelState.CHAMPION) {
        crown(c, modelId, version);
      } else if (v.state() != state) {
        update(c, modelId, version, state);
      }
      return find(c, modelId, version).orElseThrow();
    });
  }

  @Override
  public ModelVersion rollback(String modelId) {
    ModelVersion.checkModelId(modelId);
    return write(modelId, "roll back", c -> {
      ModelVersion current;
      try (PreparedStatement s = c.prepareStatement(
          "select " + COLUMNS + " from model_version where model_id = ? and state = 'CHAMPION'")) {
        s.setString(1, modelId);
        current = list(s).stream().findFirst().orElseThrow(() -> new ModelException(
            "model " + modelId + " has no champion to roll back from"));
      }
      List<int[]> history = new ArrayList<>(); // {seq, version}, oldest first
      try (PreparedStatement s = c.prepareStatement(
          "select seq, version from model_champion where model_id = ? order by seq")) {
        s.setString(1, modelId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            history.add(new int[] {r.getInt(1), r.getInt(2)});
          }
        }
      }
      while (!history.isEmpty() && history.get(history.size() - 1)[1] == current.version()) {
        history.remove(history.size() - 1);
      }
      if (history.isEmpty()) {
        throw new ModelException("model " + modelId + " has no previous champion to roll back to from "
            + current.label());
      }
      int[] previous = history.get(history.size() - 1);
      try (PreparedStatement s = c.prepareStatement("delete from model_champion where model_id = ? and seq > ?")) {
        s.setString(1, modelId);
        s.setInt(2, previous[0]);
        s.executeUpdate();
      }
      update(c, modelId, current.version(), ModelState.RETIRED);
      update(c, modelId, previous[1], ModelState.CHAMPION);
      return find(c, modelId, previous[1]).orElseThrow();
    });
  }

  @Override
  public String toString() {
    return "JdbcModelStore[" + db.dialect() + "]";
  }

  /** Makes {@code version} the champion, retiring the current one and recording it in the history. */
  private static void crown(Connection c, String modelId, int version) throws SQLException {
    ModelVersion v = require(c, modelId, version);
    if (v.state() == ModelState.CHAMPION) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "update model_version set state = 'RETIRED' where model_id = ? and state = 'CHAMPION'")) {
      s.setString(1, modelId);
      s.executeUpdate();
    }
    update(c, modelId, version, ModelState.CHAMPION);
    try (PreparedStatement s = c.prepareStatement("insert into model_champion (model_id, seq, version) "
        + "select ?, coalesce(max(seq), 0) + 1, ? from model_champion where model_id = ?")) {
      s.setString(1, modelId);
      s.setInt(2, version);
      s.setString(3, modelId);
      s.executeUpdate();
    }
  }

  private static void update(Connection c, String modelId, int version, ModelState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "update model_version set state = ? where model_id = ? and version = ?")) {
      s.setString(1, state.name());
      s.setString(2, modelId);
      s.setInt(3, version);
      s.executeUpdate();
    }
  }

  private static ModelVersion require(Connection c, String modelId, int version) throws SQLException {
    return find(c, modelId, version).orElseThrow(() -> new ModelException(
        "model " + modelId + " has no version " + version + " in the store"));
  }

  private static Optional<ModelVersion> find(Connection c, String modelId, int version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "select " + COLUMNS + " from model_version where model_id = ? and version = ?")) {
      s.setString(1, modelId);
      s.setInt(2, version);
      return list(s).stream().findFirst();
    }
  }

  private static List<ModelVersion> list(PreparedStatement s) throws SQLException {
    List<ModelVersion> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ModelProvenance p = new ModelProvenance(r.getString(6), Instant.parse(r.getString(7)), r.getString(8),
            parseMetrics(r.getString(9)), r.getString(10));
        out.add(new ModelVersion(r.getString(1), r.getInt(2), r.getString(3), r.getString(4),
            ModelState.valueOf(r.getString(5)), p));
      }
    }
    return out;
  }

  private <T> T read(String modelId, Connections.Work<T> work) {
    try {
      return db.inTransaction(work);
    } catch (SQLException e) {
      throw new StoreException("cannot read model " + modelId + " from the model store: " + e.getMessage(), e);
    }
  }

  private ModelVersion write(String modelId, String what, Connections.Work<ModelVersion> work) {
    try {
      return db.inTransaction(c -> {
        try (Statement s = c.createStatement()) {
          // take the write lock first, so concurrent writers queue here instead of deadlocking later
          s.execute(db.dialect() == Dialect.POSTGRESQL
              ? "lock table model_version in share row exclusive mode"
              : "delete from model_champion where 1 = 0");
        }
        return work.run(c);
      });
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + " model " + modelId + " in the model store: " + e.getMessage(), e);
    }
  }

  private static String metricsJson(Map<String, Double> metrics) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    return out.toString();
  }

  private static Map<String, Double> parseMetrics(String json) {
    Map<String, Double> metrics = new TreeMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ModelException("model metrics are not a JSON object: " + json);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        metrics.put(name, p.getDoubleValue());
      }
    } catch (IOException e) {
      throw new ModelException("model metrics are not valid JSON: " + json, e);
    }
    return metrics;
  }
}
