package org.opticl.schema.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.TaskIdentity;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.json.Digests;

/**
 * Everything that determines a stage's result, and nothing else: the stage and its hand-bumped code
 * version, the resolved parameters, the model (id, weights digest, dtype), the task (name, data
 * digest) and the digests of the input artifacts. Its canonical JSON's SHA-256 is the {@link
 * StageKey}; it is also stored in the manifest, so every cached result says what produced it and
 * its key can be re-derived to check the manifest.
 *
 * <p>Parameters are given as a record (or map); components marked {@link NonSemantic} are dropped,
 * so batch size, devices, hosts and paths never reach a key.
 *
 * @param stage stage name, e.g. {@code head-importance}
 * @param stageCodeVersion bumped by hand when the stage's code changes its results
 * @param params the resolved parameters, semantic fields only, as a JSON object
 * @param model the model, for stages that run or describe one
 * @param task the task, for per-task stages
 * @param inputs input name to {@code sha256:<hex>} digest of that input artifact
 */
public record KeyMaterial(
    String stage,
    int stageCodeVersion,
    JsonNode params,
    Optional<ModelIdentity> model,
    Optional<TaskIdentity> task,
    Map<String, String> inputs) {

  private static final ObjectMapper SEMANTIC = semanticMapper();

  public KeyMaterial {
    StageKey.requireStageName(stage);
    if (stageCodeVersion < 0) {
      throw new IllegalArgumentException(
          "stageCodeVersion of " + stage + " must be >= 0, got " + stageCodeVersion);
    }
    if (params == null || !params.isObject()) {
      throw new IllegalArgumentException(
          "params of " + stage + " must be a JSON object, got " + params);
    }
    params = params.deepCopy();
    CanonicalJson.string(params); // rejects NaN/Infinity now, naming the field, not at key time
    model = model == null ? Optional.empty() : model;
    task = task == null ? Optional.empty() : task;
    TreeMap<String, String> sorted = new TreeMap<>();
    java.util.Objects.requireNonNull(inputs, "inputs of " + stage + " are required (may be empty)");
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      if (!e.getValue().startsWith(Digests.PREFIX)) {
        throw new IllegalArgumentException(
            "input '"
                + e.getKey()
                + "' of "
                + stage
                + " must be a sha256:<hex> digest, got '"
                + e.getValue()
                + "'");
      }
      Digests.hexOf(e.getValue());
      sorted.put(e.getKey(), e.getValue());
    }
    inputs = Collections.unmodifiableMap(sorted);
  }

  /**
   * Key material from a parameters record (or map): its {@link NonSemantic} components are left
   * out.
   */
  public static KeyMaterial of(
      String stage,
      int stageCodeVersion,
      Object params,
      Optional<ModelIdentity> model,
      Optional<TaskIdentity> task,
      Map<String, String> inputs) {
    return new KeyMaterial(stage, stageCodeVersion, semanticTree(params), model, task, inputs);
  }

  /** The JSON tree of {@code params} with every {@link NonSemantic} component removed. */
  public static JsonNode semanticTree(Object params) {
    return params instanceof JsonNode node ? node.deepCopy() : SEMANTIC.valueToTree(params);
  }

  /** The canonical JSON this key is the digest of. */
  public byte[] canonicalBytes() {
    return CanonicalJson.bytes(this);
  }

  /** SHA-256 of {@link #canonicalBytes()}: the stage key. */
  public StageKey key() {
    return new StageKey(stage, Digests.sha256Hex(canonicalBytes()));
  }

  private static ObjectMapper semanticMapper() {
    JsonMapper mapper = CanonicalJson.newMapper();
    mapper.setAnnotationIntrospector(
        new JacksonAnnotationIntrospector() {
          private static final long serialVersionUID = 1L;

          @Override
          public boolean hasIgnoreMarker(AnnotatedMember member) {
            return member.hasAnnotation(NonSemantic.class) || super.hasIgnoreMarker(member);
          }
        });
    return mapper;
  }
}
