package org.opticl.workflows.pipeline;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The search attributes that make the Temporal Web UI read like a progress page: filter runs by
 * model, task or shots, see each workflow's stage and progress. They must be registered on the
 * namespace ({@code temporal operator search-attribute create}, or opticl's embedded server does
 * it); workflows only set them when the run says they are registered. Upserted per stage, not per
 * evaluation, because every upsert is a history event.
 */
public final class OpticlSearchAttributes {
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("OpticlStage");
  public static final SearchAttributeKey<Double> PROGRESS =
      SearchAttributeKey.forDouble("OpticlProgress");
  public static final SearchAttributeKey<String> MODEL =
      SearchAttributeKey.forKeyword("OpticlModel");
  public static final SearchAttributeKey<String> TASK = SearchAttributeKey.forKeyword("OpticlTask");
  public static final SearchAttributeKey<Long> SHOTS = SearchAttributeKey.forLong("OpticlShots");

  /** Every key, for registration. */
  public static final List<SearchAttributeKey<?>> ALL =
      List.of(STAGE, PROGRESS, MODEL, TASK, SHOTS);

  private OpticlSearchAttributes() {}

  /** Upserts stage and progress (and optional identity keys) when enabled. */
  static void upsert(boolean enabled, String stage, double progress, Object... identity) {
    Workflow.setCurrentDetails("**" + stage + "** — " + Math.round(progress * 100) + "%");
    if (!enabled) {
      return;
    }
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(STAGE.valueSet(stage));
    updates.add(PROGRESS.valueSet(progress));
    for (int i = 0; i + 1 < identity.length; i += 2) {
      Object key = identity[i];
      Object value = identity[i + 1];
      if (key == MODEL) {
        updates.add(MODEL.valueSet((String) value));
      } else if (key == TASK) {
        updates.add(TASK.valueSet((String) value));
      } else if (key == SHOTS) {
        updates.add(SHOTS.valueSet(((Number) value).longValue()));
      }
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
  }
}
