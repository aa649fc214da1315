package org.opticl.app.pipeline;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.activities.Stages;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.Manifest;
import org.opticl.schema.Provenance;
import org.opticl.schema.RunSpec;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.ArtifactStore;
import org.opticl.store.StageOutputs;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.api.CrossTask;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.RunOptions;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.TaskRef;
import org.opticl.workflows.pipeline.PipelineWorkflow;

/**
 * Turns a validated spec into a started run: the spec is stored as an artifact (its semantic digest
 * names the run), and the pipeline workflow starts with id {@code opticl-<digest>} — or, if a run
 * with that id is already going, the caller attaches to it.
 */
public final class RunLauncher {
  private RunLauncher() {}

  /** The workflow id of a spec: {@code opticl-} and the first 16 hex digits of its digest. */
  public static String runId(RunSpec spec) {
    return "opticl-" + Digests.hexOf(spec.digest()).substring(0, 16);
  }

  /**
   * The workflow's input without storing anything ({@code opticl plan}): the spec reference is the
   * digest its stored form would have.
   */
  public static RunRequest describe(RunSpec spec) {
    byte[] bytes = org.opticl.schema.json.CanonicalJson.bytes(spec);
    return request(
        spec, ArtifactRef.blob(Digests.sha256Hex(bytes), bytes.length, ArtifactRef.JSON), false);
  }

  /** Stores the spec and builds the workflow's input. */
  public static RunRequest prepare(RunSpec spec, ArtifactStore store, boolean searchAttributes) {
    KeyMaterial key =
        KeyMaterial.of(
            Stages.RUN_SPEC,
            Stages.version(Stages.RUN_SPEC),
            Map.of("digest", spec.digest()),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    ArtifactRef specRef =
        store
            .lookup(key.key())
            .flatMap(m -> m.output("run-spec.json"))
            .map(Manifest.Output::ref)
            .orElseGet(
                () -> {
                  StageOutputs out = new StageOutputs(store).record("run-spec", spec);
                  Manifest m =
                      out.commit(
                              key,
                              Provenance.local("opticl", "launcher", List.of(), Instant.now(), 0))
                          .manifest();
                  return m.output("run-spec.json").orElseThrow().ref();
                });
    return request(spec, specRef, searchAttributes);
  }

  private static RunRequest request(RunSpec spec, ArtifactRef specRef, boolean searchAttributes) {
    String runId = runId(spec);
    RunSpec.Execution ex = spec.execution();
    List<TaskRef> tasks =
        spec.tasks().stream()
            .map(t -> new TaskRef(t, ex.taskData().getOrDefault(t, ""), "PARITY"))
            .toList();
    RunOptions options =
        new RunOptions(
            spec.importanceVariant() == HeadImportance.Variant.PER_TOKEN_ABS
                ? "ORIGINAL"
                : "HEAD_MASK_GRADIENT",
            spec.importanceDocs(),
            spec.headPercents(),
            spec.ffnPercents(),
            spec.combinedHeadPercents(),
            spec.combinedFfnPercents(),
            spec.crossTask().stream().map(p -> new CrossTask(p.target(), p.source())).toList(),
            spec.crossTaskPercents(),
            spec.inductionSequences(),
            ex.maxParallel(),
            ex.heartbeatSeconds(),
            searchAttributes);
    return new RunRequest(
        runId,
        specRef,
        new ModelRef(spec.model().id(), spec.model().location(), spec.model().dtype()),
        tasks,
        spec.shots(),
        spec.seed(),
        spec.docLimit().orElse(0),
        options);
  }

  /** Starts the run, or attaches to the one already running under the same id. */
  public static PipelineWorkflow start(WorkflowClient client, RunRequest request) {
    PipelineWorkflow stub =
        client.newWorkflowStub(
            PipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.runId())
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setStaticSummary("opticl run of " + request.model().id())
                .build());
    WorkflowClient.start(stub::run, request);
    return stub;
  }
}
