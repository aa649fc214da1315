package org.opticl.activities;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.opticl.harness.eval.Evaluator;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.MetricValue;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.scoring.OptLoglikelihoodModel;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskDataException;
import org.opticl.measure.Headline;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.ModelShape;
import org.opticl.measure.importance.HeadImportanceEstimator;
import org.opticl.measure.importance.HeadImportanceInput;
import org.opticl.measure.importance.HeadImportanceResult;
import org.opticl.measure.importance.ImportanceCheckpoint;
import org.opticl.measure.importance.ImportanceMethod;
import org.opticl.measure.importance.ImportanceOptions;
import org.opticl.model.induction.CopyingRule;
import org.opticl.model.induction.InductionCheckpoint;
import org.opticl.model.induction.InductionResult;
import org.opticl.model.induction.PrefixRule;
import org.opticl.model.induction.TokenPool;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.opt.ScoreOptions;
import org.opticl.model.tokenizer.OptTokenizer;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.EvalResult;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.InductionScores;
import org.opticl.schema.Manifest;
import org.opticl.schema.MaskDescription;
import org.opticl.schema.Metric;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.ArtifactStore;
import org.opticl.store.StageOutputs;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.ModelActivities;
import org.opticl.workflows.api.StageOutcome;

/**
 * The model activities: thin wrappers that resolve the stage key, return a committed result without
 * touching the model, and otherwise compute with the worker's resident model, heartbeating progress
 * with a checkpoint, and commit. A retried attempt resumes from the last checkpoint.
 */
public final class ModelActivitiesImpl implements ModelActivities {
  /** How often a long computation stores a checkpoint blob (heartbeats are more frequent). */
  private static final long CHECKPOINT_EVERY_MS = 10_000;

  private final ArtifactStore store;
  private final ModelCatalog models;
  private final TaskCatalog tasks;
  private final ResidentModel resident;
  private final StageCache cache;
  private final Map<Path, OptTokenizer> tokenizers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger computations =
      new java.util.concurrent.atomic.AtomicInteger();

  public ModelActivitiesImpl(
      ArtifactStore store, ModelCatalog models, TaskCatalog tasks, ResidentModel resident) {
    this(store, models, tasks, resident, CachePolicy.REUSE_ALL);
  }

  public ModelActivitiesImpl(
      ArtifactStore store,
      ModelCatalog models,
      TaskCatalog tasks,
      ResidentModel resident,
      CachePolicy policy) {
    this.store = store;
    this.models = models;
    this.tasks = tasks;
    this.resident = resident;
    this.cache = new StageCache(store, policy, resident::devices);
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  /** The semantic parameters of an evaluation: everything but the model and task identities. */
  record EvalParams(
      int shots, int docLimit, String variant, List<int[]> maskedHeads, List<Integer> maskedFfns) {}

  /** An evaluation's resolved inputs and key. */
  private record Resolved(
      ModelCatalog.Resolved model,
      TaskCatalog.Resolved task,
      MaskDescription mask,
      KeyMaterial key) {}

  private Resolved resolve(EvalRequest r) {
    ModelCatalog.Resolved model;
    TaskCatalog.Resolved task;
    MaskDescription mask;
    try {
      model = models.resolve(r.eval().model());
      task = tasks.resolve(r.eval().task());
      mask = Masking.resolve(store, r.mask(), ModelShape.of(model.config()));
    } catch (IllegalArgumentException | TaskDataException e) {
      throw BadInput.of(r.stage() + " " + r.eval().cellName(), e);
    }
    KeyMaterial key =
        KeyMaterial.of(
            Stages.EVALUATION,
            Stages.version(Stages.EVALUATION),
            new EvalParams(
                r.eval().shots(),
                r.eval().docLimit(),
                task.variant().name(),
                mask.heads().stream().map(h -> new int[] {h.layer(), h.head()}).toList(),
                mask.ffnLayers()),
            Optional.of(model.identity()),
            Optional.of(task.identity()),
            Map.of());
    return new Resolved(model, task, mask, key);
  }

  /** Whether this evaluation is already committed ({@code opticl plan}); computes nothing. */
  public boolean isCached(EvalRequest r) {
    return store.lookup(resolve(r).key().key()).isPresent();
  }

  @Override
  public EvalOutcome evaluate(EvalRequest r) {
    return evaluate(r, Heartbeats.current());
  }

  /**
   * {@link #evaluate(EvalRequest)} with the heartbeats given (tests kill the worker through them).
   */
  EvalOutcome evaluate(EvalRequest r, Heartbeats hb) {
    Instant start = Instant.now();
    Resolved resolved = resolve(r);
    ModelCatalog.Resolved model = resolved.model();
    TaskCatalog.Resolved task = resolved.task();
    MaskDescription mask = resolved.mask();
    KeyMaterial key = resolved.key();
    Optional<Manifest> hit = cache.lookup(key);
    if (hit.isPresent()) {
      Optional<EvalResult> res =
          StageOutputs.read(store, hit.get(), "result.json", EvalResult.class);
      if (res.isPresent()) {
        return new EvalOutcome(
            hit.get().output("result.json").orElseThrow().ref(), headline(res.get()), true);
      }
    }
    computations.incrementAndGet();
    EvalResult result = compute(key, model, task, mask, r, hb);
    StageOutputs out = new StageOutputs(store).record("result", result);
    Manifest committed = cache.commit(key, out, start);
    return new EvalOutcome(
        committed.output("result.json").orElseThrow().ref(), headline(result), false);
  }

  private static double headline(EvalResult r) {
    String metric = Headline.metricOf(r.task().name());
    Metric m = r.metrics().get(metric);
    if (m == null) {
      throw new IllegalStateException(
          "evaluation of "
              + r.task().name()
              + " has no "
              + metric
              + " metric: "
              + r.metrics().keySet());
    }
    return m.value();
  }

  private EvalResult compute(
      KeyMaterial key,
      ModelCatalog.Resolved model,
      TaskCatalog.Resolved task,
      MaskDescription mask,
      EvalRequest r,
      Heartbeats hb) {
    return computeTyped(key, model, task, task.task(), mask, r, hb);
  }

  private <D> EvalResult computeTyped(
      KeyMaterial key,
      ModelCatalog.Resolved model,
      TaskCatalog.Resolved resolved,
      Task<D> task,
      MaskDescription mask,
      EvalRequest r,
      Heartbeats hb) {
    OptionalInt limit =
        r.eval().docLimit() > 0 ? OptionalInt.of(r.eval().docLimit()) : OptionalInt.empty();
    List<PromptedDoc<D>> docs;
    try {
      docs = PromptBuilder.build(task, resolved.data(), r.eval().shots(), limit, "");
    } catch (IllegalArgumentException | TaskDataException e) {
      throw BadInput.of("prompts of " + r.eval().cellName(), e);
    }
    if (docs.isEmpty()) {
      throw BadInput.of(
          r.eval().cellName(), new IllegalArgumentException("no documents to evaluate"));
    }
    OptTokenizer tok = tokenizer(model.dir());
    OptModel m = resident.get(model);
    Interventions iv = Masking.interventions(mask, model.config());
    OptLoglikelihoodModel scorer =
        new OptLoglikelihoodModel(
            m, iv, ScoreOptions.forVocab(Math.min(tok.size(), model.config().vocabSize())));
    Evaluator evaluator = Evaluator.withOptTokenizer(tok, scorer);

    String stageKey = key.key().toString();
    List<DocResult> results = new ArrayList<>();
    int n = docs.size();
    Optional<ArtifactRef> stored = Optional.empty();
    Optional<EvalCheckpoint> resume =
        hb.resume(EvalCheckpoint.class)
            .filter(c -> c.stageKey().equals(stageKey) && c.docsTotal() == n);
    if (resume.isPresent() && resume.get().partial().isPresent()) {
      Optional<byte[]> bytes = store.get(resume.get().partial().get());
      DocResult[] done = bytes.map(b -> CanonicalJson.read(b, DocResult[].class)).orElse(null);
      if (done != null && done.length == resume.get().docsDone()) {
        results.addAll(Arrays.asList(done));
        stored = resume.get().partial();
      }
    }
    int from = results.size();
    int chunk = Math.max(16, Math.min(256, n / 10));
    while (from < n) {
      int to = Math.min(n, from + chunk);
      EvalCheckpoint last = new EvalCheckpoint(stageKey, from, n, stored);
      TaskResult part =
          evaluator.evaluate(task, docs.subList(from, to), 0, (done, total) -> hb.beat(last));
      results.addAll(part.docs());
      from = to;
      stored = Optional.of(store.put(CanonicalJson.bytes(results), ArtifactRef.JSON));
      hb.beat(new EvalCheckpoint(stageKey, from, n, stored));
    }
    Map<String, Metric> metrics = new LinkedHashMap<>();
    for (MetricSpec spec : task.metrics()) {
      MetricValue v = Metrics.aggregate(spec, results, 0);
      metrics.put(
          v.name(),
          v.stderr().isPresent()
              ? Metric.of(v.value(), v.stderr().getAsDouble())
              : Metric.of(v.value()));
    }
    return new EvalResult(
        EvalResult.SCHEMA_VERSION,
        model.identity(),
        resolved.identity(),
        r.eval().shots(),
        task.version(),
        metrics,
        results.size(),
        limit,
        mask);
  }

  // ---------------------------------------------------------------------------------------------
  // Head importance

  record ImportanceParams(
      int shots,
      int docs,
      long seed,
      String variant,
      String method,
      int batchSize,
      String overlength) {}

  @Override
  public StageOutcome headImportance(ImportanceRequest r) {
    Instant start = Instant.now();
    ModelCatalog.Resolved model;
    TaskCatalog.Resolved task;
    ImportanceMethod method;
    try {
      model = models.resolve(r.eval().model());
      task = tasks.resolve(r.eval().task());
      method =
          switch (r.variant()) {
            case "ORIGINAL", "PER_TOKEN_ABS" -> ImportanceMethod.PER_TOKEN_ABS;
            case "HEAD_MASK_GRADIENT", "MASK_GRADIENT" -> ImportanceMethod.MASK_GRADIENT;
            default ->
                throw new IllegalArgumentException(
                    "importance variant " + r.variant() + " is not ORIGINAL or HEAD_MASK_GRADIENT");
          };
    } catch (IllegalArgumentException | TaskDataException e) {
      throw BadInput.of("head importance " + r.eval().cellName(), e);
    }
    ImportanceOptions options = ImportanceOptions.DEFAULT.withMethod(method);
    KeyMaterial key =
        KeyMaterial.of(
            Stages.HEAD_IMPORTANCE,
            Stages.version(Stages.HEAD_IMPORTANCE),
            new ImportanceParams(
                r.eval().shots(),
                r.docs(),
                r.eval().seed(),
                task.variant().name(),
                method.name(),
                options.batchSize(),
                options.overlength().name()),
            Optional.of(model.identity()),
            Optional.of(task.identity()),
            Map.of());
    Optional<StageOutcome> hit = cache.cached(key, "head-importance.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    HeadImportanceInput input =
        new HeadImportanceInput(
            r.eval().task().name(),
            r.eval().shots(),
            task.data(),
            r.docs(),
            r.eval().seed(),
            task.variant(),
            options);
    computations.incrementAndGet();
    OptModel m = resident.get(model);
    Checkpointer<ImportanceCheckpoint> cp =
        new Checkpointer<>(key.key().toString(), ImportanceCheckpoint.class);
    HeadImportanceResult result;
    try {
      result =
          HeadImportanceEstimator.run(
              MeasuredModel.of(m, tokenizer(model.dir())), input, cp.resume(), cp::completed);
    } catch (IllegalArgumentException | TaskDataException e) {
      throw BadInput.of("head importance " + r.eval().cellName(), e);
    }
    HeadImportance artifact =
        result.toArtifact(model.identity(), task.identity(), r.eval().shots());
    return cache.commit(
        key,
        new StageOutputs(store).record("head-importance", artifact),
        start,
        "head-importance.json");
  }

  // ---------------------------------------------------------------------------------------------
  // Induction scores

  record InductionParams(int sequences, long seed, String rule, String pool) {}

  @Override
  public StageOutcome inductionScores(InductionRequest r) {
    Instant start = Instant.now();
    ModelCatalog.Resolved model;
    org.opticl.model.induction.InductionRequest request;
    try {
      model = models.resolve(r.model());
      TokenPool pool = TokenPool.fromMerges(tokenizer(model.dir()), TokenPool.PAPER_EXCLUDE_RATIO);
      request =
          new org.opticl.model.induction.InductionRequest(
              r.sequences(), r.seed(), PrefixRule.PARITY, CopyingRule.PARITY, pool);
      org.opticl.model.induction.InductionScores.validate(model.config(), request);
    } catch (IllegalArgumentException e) {
      throw BadInput.of("induction scores", e);
    }
    KeyMaterial key =
        KeyMaterial.of(
            Stages.INDUCTION,
            Stages.version(Stages.INDUCTION),
            new InductionParams(r.sequences(), r.seed(), PrefixRule.PARITY.name(), request.key()),
            Optional.of(model.identity()),
            Optional.empty(),
            Map.of());
    Optional<StageOutcome> hit = cache.cached(key, "induction.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    computations.incrementAndGet();
    OptModel m = resident.get(model);
    Checkpointer<InductionCheckpoint> cp =
        new Checkpointer<>(key.key().toString(), InductionCheckpoint.class);
    InductionResult result =
        org.opticl.model.induction.InductionScores.run(
            m, request, cp.resume(), c -> cp.completed(c.sequencesDone(), r.sequences(), c));
    StageOutputs out =
        new StageOutputs(store)
            .record(
                "prefix-matching",
                new InductionScores(
                    InductionScores.SCHEMA_VERSION,
                    model.identity(),
                    InductionScores.Kind.PREFIX_MATCHING,
                    result.sequences(),
                    TokenPool.PAPER_EXCLUDE_RATIO,
                    result.prefixMatching().mean(),
                    result.prefixMatching().variance()))
            .record(
                "copying",
                new InductionScores(
                    InductionScores.SCHEMA_VERSION,
                    model.identity(),
                    InductionScores.Kind.COPYING,
                    result.sequences(),
                    TokenPool.PAPER_EXCLUDE_RATIO,
                    result.copying().mean(),
                    result.copying().variance()));
    var outputs = out.outputs();
    InductionRefs refs =
        new InductionRefs(
            outputs.stream()
                .filter(o -> o.name().equals("prefix-matching.json"))
                .findFirst()
                .orElseThrow()
                .ref(),
            outputs.stream()
                .filter(o -> o.name().equals("copying.json"))
                .findFirst()
                .orElseThrow()
                .ref());
    out.bytes("induction.json", CanonicalJson.bytes(refs), ArtifactRef.JSON);
    return cache.commit(key, out, start, "induction.json");
  }

  // ---------------------------------------------------------------------------------------------

  /** Model activities that computed (rather than read the cache) since this worker started. */
  public int computations() {
    return computations.get();
  }

  OptTokenizer tokenizer(Path dir) {
    return tokenizers.computeIfAbsent(dir, OptTokenizer::load);
  }

  /**
   * Stores a checkpoint blob at most every {@link #CHECKPOINT_EVERY_MS} and heartbeats its
   * reference with the progress; on a retry, reads the last one back.
   */
  private final class Checkpointer<C> {
    private final String stageKey;
    private final Class<C> type;
    private final Heartbeats hb = Heartbeats.current();
    private long lastStored;
    private Optional<ArtifactRef> last = Optional.empty();

    Checkpointer(String stageKey, Class<C> type) {
      this.stageKey = stageKey;
      this.type = type;
    }

    Optional<C> resume() {
      return hb.resume(ImportanceProgress.class)
          .filter(p -> p.stageKey().equals(stageKey))
          .flatMap(ImportanceProgress::checkpoint)
          .flatMap(store::get)
          .map(bytes -> CanonicalJson.read(bytes, type));
    }

    void completed(int done, int total, C checkpoint) {
      long now = System.currentTimeMillis();
      if (now - lastStored >= CHECKPOINT_EVERY_MS || done == total) {
        last = Optional.of(store.put(CanonicalJson.bytes(checkpoint), ArtifactRef.JSON));
        lastStored = now;
      }
      hb.beat(new ImportanceProgress(stageKey, done, total, last));
    }
  }
}
