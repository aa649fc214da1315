package org.opticl.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each record's JSON Schema is: a {@code $id} (under the reserved {@code .invalid} domain, so
 * it is an identifier only and nothing ever tries to fetch it) and a classpath resource {@code
 * schemas/<name>.schema.json}. Manifests cite the {@code $id} as an output's {@code schemaRef}.
 */
public final class Schemas {

  /** Prefix of every {@code $id}; map it to {@code classpath:schemas/} in a validator. */
  public static final String ID_PREFIX = "https://opticl.invalid/schemas/";

  /** Classpath folder of the schema files. */
  public static final String RESOURCE_DIR = "schemas/";

  private static final Map<Class<?>, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put(RunSpec.class, "run-spec");
    NAMES.put(EvalResult.class, "eval-result");
    NAMES.put(LmEvalResults.class, "lm-eval-results");
    NAMES.put(HeadImportance.class, "head-importance");
    NAMES.put(FfnImportance.class, "ffn-importance");
    NAMES.put(PruningResult.class, "pruning-result");
    NAMES.put(InductionScores.class, "induction-scores");
    NAMES.put(CorrelationMatrix.class, "correlation-matrix");
    NAMES.put(Plot.class, "plot");
    NAMES.put(Report.class, "report");
    NAMES.put(Manifest.class, "manifest");
    NAMES.put(ArtifactRef.class, "artifact-ref");
  }

  private Schemas() {}

  /** Every record type that has a schema, in a stable order. */
  public static Map<Class<?>, String> names() {
    return Collections.unmodifiableMap(NAMES);
  }

  /** The schema name of {@code type}, e.g. {@code eval-result}. */
  public static Optional<String> name(Class<?> type) {
    return Optional.ofNullable(NAMES.get(type));
  }

  /** The {@code $id} of {@code type}'s schema. */
  public static String id(Class<?> type) {
    return ID_PREFIX + require(type) + ".schema.json";
  }

  /** The classpath resource of {@code type}'s schema. */
  public static String resource(Class<?> type) {
    return RESOURCE_DIR + require(type) + ".schema.json";
  }

  private static String require(Class<?> type) {
    String name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException(
          type.getName() + " has no JSON Schema; known: " + NAMES.values());
    }
    return name;
  }
}
