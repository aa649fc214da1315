package org.opticl.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One point of a pruning curve (paper Figs. 5–7, 9): which fraction of heads and/or FFNs was
 * removed by which ranking, exactly which units that was, and the resulting accuracy. The unit
 * lists make the point reproducible without re-deriving the mask from the ranking.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param model the model
 * @param task the task evaluated
 * @param shots demonstrations in each prompt
 * @param kind what was pruned
 * @param headPercent percentage of all heads removed (0 for {@link Kind#FFNS})
 * @param ffnPercent percentage of FFN layers removed (0 for {@link Kind#HEADS})
 * @param rankingSource where the ranking came from, e.g. {@code piqa/1-shot} or {@code
 *     aggregate/0-shot}
 * @param maskedHeads the heads removed
 * @param maskedFfns the FFN layers removed
 * @param metric the metric reported, e.g. {@code acc}
 * @param accuracy its value with the units removed
 * @param evaluation the {@link EvalResult} this point was read from
 */
public record PruningResult(
    int schemaVersion,
    ModelIdentity model,
    TaskIdentity task,
    int shots,
    Kind kind,
    int headPercent,
    int ffnPercent,
    String rankingSource,
    List<HeadUnit> maskedHeads,
    List<Integer> maskedFfns,
    String metric,
    double accuracy,
    ArtifactRef evaluation)
    implements SchemaArtifact {

  public static final int SCHEMA_VERSION = 1;

  /** What a pruning stage removes. */
  public enum Kind {
    @JsonProperty("heads")
    HEADS,
    @JsonProperty("ffns")
    FFNS,
    @JsonProperty("combined")
    COMBINED
  }

  public PruningResult {
    Checks.schemaVersion(schemaVersion, PruningResult.class);
    Checks.present(model, "PruningResult.model");
    Checks.present(task, "PruningResult.task");
    Checks.nonNegative(shots, "PruningResult.shots");
    Checks.present(kind, "PruningResult.kind");
    Checks.percent(headPercent, "PruningResult.headPercent");
    Checks.percent(ffnPercent, "PruningResult.ffnPercent");
    if (kind == Kind.HEADS && ffnPercent != 0 || kind == Kind.FFNS && headPercent != 0) {
      throw new IllegalArgumentException(
          "PruningResult of kind "
              + kind
              + " cannot remove headPercent="
              + headPercent
              + " and ffnPercent="
              + ffnPercent);
    }
    Checks.nonBlank(rankingSource, "PruningResult.rankingSource");
    maskedHeads = List.copyOf(Checks.present(maskedHeads, "PruningResult.maskedHeads"));
    maskedFfns = List.copyOf(Checks.present(maskedFfns, "PruningResult.maskedFfns"));
    Checks.nonBlank(metric, "PruningResult.metric");
    Checks.finite(accuracy, "PruningResult.accuracy");
    Checks.present(evaluation, "PruningResult.evaluation");
  }
}
