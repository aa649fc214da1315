package org.opticl.app;

import ai.djl.ndarray.types.DataType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.opticl.activities.ModelActivitiesImpl;
import org.opticl.activities.ModelCatalog;
import org.opticl.activities.ResidentModel;
import org.opticl.activities.TaskCatalog;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.task.Task;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceCapacity;
import org.opticl.model.device.MemoryPlan;
import org.opticl.model.device.MemoryPlanner;
import org.opticl.model.device.Workload;
import org.opticl.model.tokenizer.OptTokenizer;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.TaskRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opticl plan SPEC}: a dry run. Counts the stages and evaluations the spec asks for, says
 * which are already cached (when the model is on this machine), estimates the tokens and the
 * model-hours they cost, and — with {@code --devices} — places the model on the given GPUs.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Dry run of a spec: stages, evaluations, cache hits, estimated tokens and model-hours;"
          + " with --devices, the device map and per-device memory. Exit code 2 if it does not fit."
    })
final class PlanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC")
  Path spec;

  @Option(names = "--devices", description = "GPUs to plan on, e.g. 8x40GB, 2x80GB, 1x141GB")
  String devices;

  @Option(
      names = "--tokens-per-second",
      description = "measured forward throughput of this model on one worker (tokens/s)")
  Double tokensPerSecond;

  @Option(
      names = "--gpu-tflops",
      defaultValue = "312",
      description = "peak dense fp16 TFLOP/s per GPU for the estimate (A100: 312; H100: 989)")
  double gpuTflops;

  @Option(
      names = "--utilisation",
      defaultValue = "0.35",
      description = "fraction of peak FLOP/s a forward pass reaches (model FLOPs utilisation)")
  double utilisation;

  @Override
  public Integer call() {
    RunSpec runSpec = SpecFile.read(spec);
    PrintWriter out = new PrintWriter(System.out, true);
    RunRequest run = RunLauncher.describe(runSpec);
    Optional<ArtifactStore> opened = openIfReachable(runSpec.execution().store());
    try (ResidentModel resident = new ResidentModel()) {
      ModelCatalog models = ModelCatalog.fromEnvironment();
      Optional<Path> local = models.ifPresent(run.model());
      OptConfig config =
          local
              .map(d -> OptConfig.read(d.resolve("config.json")))
              .orElseGet(() -> published(run.model().id()));
      int layers = config.numLayers();
      int cells = run.tasks().size() * run.shots().size();
      var o = run.options();
      int grid = o.combinedHeadPercents().size() * o.combinedFfnPercents().size();
      int perCell = 1 + layers + o.headPercents().size() + o.ffnPercents().size() + grid;
      long crossTask =
          (long) o.crossTask().size() * run.shots().size() * o.crossTaskPercents().size();
      long evaluations = (long) cells * perCell + crossTask;
      out.printf(
          "run %s — %s (%s)%n",
          run.runId(), run.model().id(), local.map(Path::toString).orElse("not on this machine"));
      out.printf(
          "%d tasks × %d shot counts = %d cells; model %d layers × %d heads%n",
          run.tasks().size(), run.shots().size(), cells, layers, config.numHeads());
      out.printf(
          "per cell: baseline 1, head-importance 1, ffn-knockoff %d, ffn-importance 1,"
              + " head-pruning %d, ffn-pruning %d, combined-pruning %d%n",
          layers, o.headPercents().size(), o.ffnPercents().size(), grid);
      out.printf(
          "evaluations: %d (%d per cell + %d cross-task); head-importance passes: %d;"
              + " induction sequences: %d%n",
          evaluations, perCell, crossTask, cells, o.inductionSequences());

      long evalTokens = 0;
      long importanceTokens = 0;
      int cachedBaselines = 0;
      boolean tokensKnown = local.isPresent();
      Optional<ModelActivitiesImpl> probe =
          opened.map(store -> new ModelActivitiesImpl(store, models, new TaskCatalog(), resident));
      OptTokenizer tok = local.map(OptTokenizer::load).orElse(null);
      for (TaskRef t : run.tasks()) {
        for (int shots : run.shots()) {
          EvalSpec eval = new EvalSpec(run.model(), t, shots, run.seed(), run.docLimit());
          if (local.isPresent()) {
            if (probe.isPresent()
                && probe.get().isCached(new EvalRequest(eval, MaskSpec.none(), "baseline"))) {
              cachedBaselines++;
            }
            long[] tokens = tokensOf(t, shots, run.docLimit(), tok);
            if (tokens == null) {
              tokensKnown = false;
            } else {
              evalTokens += tokens[0] * perCell;
              importanceTokens += Math.min(o.importanceDocs(), tokens[1]) * tokens[2];
            }
          }
        }
      }
      if (local.isPresent()) {
        out.printf(
            "cached: %d of %d baselines (later stages follow from them)%n", cachedBaselines, cells);
      }
      if (tokensKnown) {
        // Importance is forward + backward: about three forward passes' worth of work.
        long total = evalTokens + 3 * importanceTokens;
        out.printf(
            "tokens: %,d for evaluations (shared prefixes), %,d for importance (×3 for the backward)%n",
            evalTokens, importanceTokens);
        if (tokensPerSecond != null) {
          out.printf(
              "estimated model-hours at %.0f tokens/s: %.2f%n",
              tokensPerSecond, total / tokensPerSecond / 3600);
        }
        double flops = 2.0 * config.parameterCount() * total;
        out.printf(
            "estimated GPU-hours at %.0f TFLOP/s × %.0f%% utilisation: %.2f%n",
            gpuTflops, 100 * utilisation, flops / (gpuTflops * 1e12 * utilisation) / 3600);
      } else {
        out.println("tokens: unknown (model or task data not on this machine)");
      }
      if (devices != null) {
        DataType dtype = MemoryPlanner.dtype(run.model().dtype());
        Workload w = Workload.headImportance(1, config.maxPositions());
        MemoryPlan plan =
            new MemoryPlanner(config, dtype, w).plan(DeviceCapacity.parseList(devices));
        MemoryCommand.printTable(out, plan, run.model().id(), dtype, w);
        if (!plan.fits()) {
          return MemoryCommand.DOES_NOT_FIT; // the table's last line says why, and what would fit
        }
      }
      return 0;
    } finally {
      opened.ifPresent(ArtifactStore::close);
    }
  }

  /**
   * The store, if it can be opened from here (an S3 store needs its endpoint in the environment).
   */
  private static Optional<ArtifactStore> openIfReachable(String location) {
    try {
      return Optional.of(ArtifactStores.open(location));
    } catch (RuntimeException unreachable) {
      System.err.println("(store " + location + " not reachable from here: no cache information)");
      return Optional.empty();
    }
  }

  /** A hub id of a published OPT ({@code facebook/opt-66b}) has a known shape. */
  private static OptConfig published(String id) {
    return OptConfig.variant(id.substring(id.lastIndexOf('/') + 1));
  }

  /**
   * Tokens per evaluation with shared prefixes (each context once, plus continuations), documents,
   * and mean tokens per importance example; null when the task's data is not here.
   */
  private static long[] tokensOf(TaskRef ref, int shots, int docLimit, OptTokenizer tok) {
    try {
      Task<?> task = new TaskCatalog().resolve(ref).task();
      return count(task, ref, shots, docLimit, tok);
    } catch (RuntimeException notHere) {
      return null;
    }
  }

  private static <D> long[] count(
      Task<D> task, TaskRef ref, int shots, int docLimit, OptTokenizer tok) {
    OptionalInt limit = docLimit > 0 ? OptionalInt.of(docLimit) : OptionalInt.empty();
    List<PromptedDoc<D>> docs =
        PromptBuilder.build(
            task, Path.of(ref.data().isBlank() ? "." : ref.data()), shots, limit, "");
    long tokens = 0;
    for (PromptedDoc<D> d : docs) {
      java.util.Set<String> contexts = new java.util.HashSet<>();
      for (var r : d.prompt().requests()) {
        if (contexts.add(r.context())) {
          tokens += tok.encode(r.context()).length;
        }
        tokens += tok.encode(r.continuation()).length;
      }
    }
    long perExample = docs.isEmpty() ? 0 : tokens / docs.size();
    return new long[] {tokens, docs.size(), perExample};
  }
}
