package org.opticl.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.opticl.activities.AnalysisActivitiesImpl;
import org.opticl.activities.CachePolicy;
import org.opticl.activities.ModelActivitiesImpl;
import org.opticl.activities.ModelCatalog;
import org.opticl.activities.ReportWriter;
import org.opticl.activities.ResidentModel;
import org.opticl.activities.Stages;
import org.opticl.activities.TaskCatalog;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.FfnImportanceRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelInfo;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.TaskRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl stage NAME --task T --shots K}: runs one stage of one cell in this process, on the
 * store's cached inputs (inputs that are not cached yet are computed first), without Temporal.
 * {@code --force} drops that stage's cached results and computes them again.
 */
@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    description = {
      "Re-runs one stage of a cell on cached inputs: baseline, head-importance, ffn-knockoff,"
          + " ffn-importance, head-pruning, ffn-pruning, combined-pruning, induction."
    })
final class StageCommand implements Callable<Integer> {
  @picocli.CommandLine.Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Option(names = "--spec", required = true, description = "the run spec the stage belongs to")
  Path spec;

  @Option(names = "--task", description = "task of the cell")
  String task;

  @Option(names = "--shots", defaultValue = "0")
  int shots;

  @Option(names = "--force", description = "drop this stage's cached results and recompute")
  boolean force;

  @Override
  public Integer call() {
    RunSpec runSpec = SpecFile.read(spec);
    String stage =
        switch (name) {
          case "baseline", "ffn-knockoff", "head-pruning", "ffn-pruning", "combined-pruning" ->
              Stages.EVALUATION;
          case "head-importance" -> Stages.HEAD_IMPORTANCE;
          case "ffn-importance" -> Stages.FFN_IMPORTANCE;
          case "induction" -> Stages.INDUCTION;
          default ->
              throw new IllegalArgumentException(
                  "unknown stage '"
                      + name
                      + "'; stages: baseline, head-importance, ffn-knockoff, ffn-importance,"
                      + " head-pruning, ffn-pruning, combined-pruning, induction");
        };
    try (ArtifactStore store = ArtifactStores.open(runSpec.execution().store());
        ResidentModel resident = new ResidentModel()) {
      RunRequest run = RunLauncher.prepare(runSpec, store, false);
      ModelCatalog models = ModelCatalog.fromEnvironment();
      // Only this stage's own results are forced; its inputs come from the cache.
      CachePolicy forced = new CachePolicy(force ? Set.of(stage) : Set.of());
      ModelActivitiesImpl cached =
          new ModelActivitiesImpl(store, models, new TaskCatalog(), resident);
      ModelActivitiesImpl target =
          new ModelActivitiesImpl(store, models, new TaskCatalog(), resident, forced);
      AnalysisActivitiesImpl cpu =
          new AnalysisActivitiesImpl(store, models, new ReportWriter(Path.of("opticl-reports")));
      AnalysisActivitiesImpl cpuTarget =
          new AnalysisActivitiesImpl(
              store, models, new ReportWriter(Path.of("opticl-reports")), forced);
      if (name.equals("induction")) {
        StageOutcome o =
            target.inductionScores(
                new InductionRequest(run.model(), run.options().inductionSequences(), run.seed()));
        print("induction", o.cached(), Double.NaN, o.artifact().digest());
        return 0;
      }
      TaskRef ref =
          run.tasks().stream()
              .filter(t -> t.name().equals(task))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--task " + task + " is not one of the spec's tasks " + runSpec.tasks()));
      if (!run.shots().contains(shots)) {
        throw new IllegalArgumentException("--shots " + shots + " is not one of " + run.shots());
      }
      EvalSpec eval = new EvalSpec(run.model(), ref, shots, run.seed(), run.docLimit());
      ModelInfo info = cpu.describeModel(run.model());
      switch (name) {
        case "baseline" -> evaluate(target, eval, MaskSpec.none(), "baseline");
        case "head-importance" -> {
          StageOutcome o = target.headImportance(importance(run, eval));
          print(name, o.cached(), Double.NaN, o.artifact().digest());
        }
        case "ffn-knockoff" -> {
          for (int l = 0; l < info.layers(); l++) {
            evaluate(target, eval, MaskSpec.knockout(l), "FFN " + l + " off");
          }
        }
        case "ffn-importance" -> {
          StageOutcome o = cpuTarget.ffnImportance(ffnRequest(cached, eval, info));
          print(name, o.cached(), Double.NaN, o.artifact().digest());
        }
        case "head-pruning" -> {
          var imp = cached.headImportance(importance(run, eval)).artifact();
          for (int p : run.options().headPercents()) {
            evaluate(target, eval, MaskSpec.heads(imp, p), "heads " + p + "%");
          }
        }
        case "ffn-pruning" -> {
          var imp = cpu.ffnImportance(ffnRequest(cached, eval, info)).artifact();
          for (int p : run.options().ffnPercents()) {
            evaluate(target, eval, MaskSpec.ffns(imp, p), "FFNs " + p + "%");
          }
        }
        default -> {
          var heads = cached.headImportance(importance(run, eval)).artifact();
          var ffns = cpu.ffnImportance(ffnRequest(cached, eval, info)).artifact();
          for (int a : run.options().combinedHeadPercents()) {
            for (int b : run.options().combinedFfnPercents()) {
              evaluate(
                  target,
                  eval,
                  MaskSpec.combined(heads, a, ffns, b),
                  "heads " + a + "% + FFNs " + b + "%");
            }
          }
        }
      }
      return 0;
    }
  }

  private static ImportanceRequest importance(RunRequest run, EvalSpec eval) {
    return new ImportanceRequest(
        eval, run.options().importanceVariant(), run.options().importanceDocs());
  }

  private static FfnImportanceRequest ffnRequest(
      ModelActivitiesImpl m, EvalSpec eval, ModelInfo info) {
    EvalOutcome base = m.evaluate(new EvalRequest(eval, MaskSpec.none(), "baseline"));
    List<org.opticl.schema.ArtifactRef> knock = new ArrayList<>();
    for (int l = 0; l < info.layers(); l++) {
      knock.add(m.evaluate(new EvalRequest(eval, MaskSpec.knockout(l), "ffn-knockoff")).result());
    }
    return new FfnImportanceRequest(eval, base.result(), knock);
  }

  private void evaluate(ModelActivitiesImpl m, EvalSpec eval, MaskSpec mask, String label) {
    EvalOutcome o = m.evaluate(new EvalRequest(eval, mask, name));
    print(
        name + " " + eval.cellName() + " (" + label + ")",
        o.cached(),
        o.metric(),
        o.result().digest());
  }

  private static void print(String what, boolean cached, double metric, String digest) {
    System.out.printf(
        "%-50s %-9s %s %s%n",
        what,
        cached ? "cached" : "computed",
        Double.isNaN(metric) ? "" : String.format("metric=%.4f", metric),
        digest.substring(0, 19));
  }
}
