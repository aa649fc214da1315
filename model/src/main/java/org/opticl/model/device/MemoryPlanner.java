package org.opticl.model.device;

import static org.opticl.model.device.MemoryPlan.gb;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opticl.model.config.OptConfig;

/**
 * Says, before any weight is loaded, whether an OPT model fits a set of devices and how to split
 * it. Weights are exact (from the config's shapes); activations are the peak of an eager forward
 * pass, with every layer's saved tensors added when gradients flow back to the head mask; a fixed
 * reserve covers what PyTorch itself holds. Layers are split into contiguous ranges in proportion
 * to the layers each device can hold after its fixed costs, so every device fills to about the same
 * fraction and no single one becomes the pipeline's bottleneck in memory.
 *
 * <p>Placement: the embeddings and the head both go on the first device. {@code lm_head} is tied to
 * the token embedding, so placing it anywhere else would store a second copy of the V×P matrix (0.9
 * GB for 66B fp16); the paper's map does the same. The cost is one extra move of the final hidden
 * state back to the first device, {@code (B,T,E)}: 38 MB for 66B at B=1, T=2048. GPUs are filled
 * first; listed CPUs take only the layers the GPUs cannot hold, last in the pipeline, as the
 * paper's 66B map offloads layers 60–63.
 */
public final class MemoryPlanner {

  /**
   * Per used GPU, never available to the model: the CUDA context with libtorch's kernels (about
   * 0.4–0.6 GB on A100/H100 with CUDA 12 and lazy module loading, over 1 GB without it) plus
   * cuBLAS/cuBLASLt workspaces (tens of MB per stream). Rounded up to 1 GB because the figure moves
   * with driver and library versions. The CPU has no such context.
   */
  public static final long GPU_CONTEXT_BYTES = 1_000_000_000L;

  /**
   * Allocator slack as a fraction of activation bytes: PyTorch's caching allocator keeps freed
   * blocks and splits them, and activation sizes change with every batch's padded length, so
   * fragmentation shows up there. Weights are allocated once in large blocks and waste almost
   * nothing.
   */
  public static final double ACTIVATION_SLACK = 0.10;

  private static final int FLOAT32_BYTES = 4;
  private static final int INDEX_BYTES = 8; // token ids are int64
  private static final int MAX_SUGGESTED_DEVICES = 64;

  private final OptConfig config;
  private final DataType dtype;
  private final Workload workload;

  public MemoryPlanner(OptConfig config, DataType dtype, Workload workload) {
    this.config = config;
    this.dtype = requireFloat(dtype);
    this.workload = workload;
    if (workload.sequenceLength() > config.maxPositions()) {
      throw new IllegalArgumentException(
          "workload: sequence length "
              + workload.sequenceLength()
              + " exceeds the model's max_position_embeddings="
              + config.maxPositions());
    }
  }

  /** {@code float32}/{@code fp32}, {@code float16}/{@code fp16}/{@code half}, {@code bfloat16}. */
  public static DataType dtype(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "float32", "fp32", "float" -> DataType.FLOAT32;
      case "float16", "fp16", "half" -> DataType.FLOAT16;
      case "bfloat16", "bf16" -> DataType.BFLOAT16;
      default ->
          throw new IllegalArgumentException(
              "dtype '" + name + "' is not one of float32, float16, bfloat16");
    };
  }

  public static String dtypeName(DataType dtype) {
    return requireFloat(dtype).name().toLowerCase(Locale.ROOT);
  }

  // ---- weights ----------------------------------------------------------------------------

  /** Bytes of every parameter, tied lm_head once: {@link OptConfig#parameterCount()} × dtype. */
  public long totalWeightBytes() {
    return config.parameterCount() * bytes();
  }

  /** One decoder layer: q, k, v, out projections, fc1, fc2 (with biases) and two LayerNorms. */
  public long layerWeightBytes() {
    long e = config.hiddenSize();
    long f = config.ffnDim();
    return (4 * (e * e + e) + (e * f + f) + (f * e + e) + 4 * e) * bytes();
  }

  /** Token and position tables, and {@code project_in} when P ≠ E. */
  public long embeddingWeightBytes() {
    long e = config.hiddenSize();
    long params =
        tokenTableParams()
            + (long) (config.maxPositions() + OptConfig.POSITION_OFFSET) * e
            + (config.projectsEmbeddings() ? e * config.wordEmbedProjDim() : 0);
    return params * bytes();
  }

  /**
   * Final LayerNorm and {@code project_out}; plus a copy of the tied token table when the head does
   * not share a device with the embeddings.
   */
  public long headWeightBytes(boolean sharesEmbeddingDevice) {
    long e = config.hiddenSize();
    long params =
        (config.finalLayerNorm() ? 2 * e : 0)
            + (config.projectsEmbeddings() ? e * config.wordEmbedProjDim() : 0)
            + (sharesEmbeddingDevice ? 0 : tokenTableParams());
    return params * bytes();
  }

  // ---- activations ------------------------------------------------------------------------

  /**
   * Peak working set of one layer's forward pass. The residual stream and a LayerNorm output {@code
   * (B,T,E)} are live throughout; then either the attention phase — q, k, v and the context {@code
   * 4×(B,T,E)} plus the scores {@code (B,H,T,T)} in the model dtype and the softmax in float32 (for
   * half precision HF OPT also makes a float32 copy of the scores first) — or the FFN phase, fc1's
   * output and its ReLU {@code 2×(B,T,F)}. With no KV cache, this is all K/V memory.
   */
  public long layerForwardPeakBytes() {
    long hidden = hiddenStateBytes();
    long attention = 4 * hidden + attentionElements() * (bytes() + FLOAT32_BYTES + upcastBytes());
    long ffn = 2 * workload.tokens() * config.ffnDim() * bytes();
    return 2 * hidden + Math.max(attention, ffn);
  }

  /**
   * What one layer keeps for the backward pass to the head mask: ten {@code (B,T,E)} tensors (two
   * LayerNorm inputs and outputs, q, k, v, the context before and after the mask, the attention
   * residual), fc1's output and its ReLU {@code 2×(B,T,F)}, and the float32 softmax probabilities
   * {@code (B,H,T,T)} with, for half precision, their cast that multiplies V. 0 for inference.
   */
  public long layerSavedBytes() {
    if (!workload.headMaskGradients()) {
      return 0;
    }
    long hidden = hiddenStateBytes();
    return 10 * hidden
        + 2 * workload.tokens() * config.ffnDim() * bytes()
        + attentionElements() * (FLOAT32_BYTES + (bytes() < FLOAT32_BYTES ? bytes() : 0));
  }

  /**
   * Token ids, the looked-up embeddings {@code (B,T,P)}, positions and their sum {@code (B,T,E)}.
   */
  public long embeddingPeakBytes() {
    long n = workload.tokens();
    long projected = config.projectsEmbeddings() ? hiddenStateBytes() : 0;
    return n * INDEX_BYTES
        + n * config.wordEmbedProjDim() * bytes()
        + 2 * hiddenStateBytes()
        + projected;
  }

  /**
   * The head's peak: logits {@code (B,T,V)} in the model dtype and the float32 log-softmax that
   * scoring needs (plus the float32 upcast for half precision); with gradients, also the float32
   * gradient of the logits.
   */
  public long headPeakBytes() {
    long logits = workload.tokens() * config.vocabSize();
    long perLogit =
        bytes()
            + FLOAT32_BYTES
            + upcastBytes()
            + (workload.headMaskGradients() ? FLOAT32_BYTES : 0);
    return 2 * hiddenStateBytes() + logits * perLogit;
  }

  /**
   * Activation peak of one device. Phases on one device run one after another, so the peak is the
   * largest of them; with gradients every saved layer activation stays alive until backward, and
   * backward through a layer needs about its forward working set again for the gradients.
   */
  public long activationBytes(int layers, boolean embeddings, boolean head) {
    if (layers == 0 && !embeddings && !head) {
      return 0;
    }
    long phase = hiddenStateBytes(); // the incoming hidden state
    if (layers > 0) {
      phase = Math.max(phase, layerForwardPeakBytes());
    }
    if (embeddings) {
      phase = Math.max(phase, embeddingPeakBytes());
    }
    if (head) {
      phase = Math.max(phase, headPeakBytes());
    }
    return layers * layerSavedBytes() + phase;
  }

  /** Reserve of one device: its context (GPUs only, when used) plus allocator slack. */
  public long reserveBytes(String device, long activationBytes) {
    boolean gpu = !DeviceMap.normalize(device).equals(DeviceMap.CPU);
    long context = gpu && activationBytes > 0 ? GPU_CONTEXT_BYTES : 0;
    return context + (long) Math.ceil(activationBytes * ACTIVATION_SLACK);
  }

  // ---- plans ------------------------------------------------------------------------------

  /** What each listed device holds under an explicit map (e.g. the paper's, or a user's spec). */
  public MemoryPlan evaluate(DeviceMap map, List<DeviceCapacity> devices) {
    Set<String> names = distinctNames(devices);
    for (String d : map.devices()) {
      if (!names.contains(d)) {
        throw new IllegalArgumentException(
            "device map puts "
                + map.partsOn(d)
                + " on "
                + d
                + ", which is not in the device list "
                + devices.stream().map(DeviceCapacity::name).toList()
                + "; add it, e.g. "
                + (d.equals(DeviceMap.CPU) ? "cpu=512GB" : d + "=80GB"));
      }
    }
    map.validate(config, names);
    List<DeviceUsage> usage = new ArrayList<>();
    for (DeviceCapacity d : devices) {
      usage.add(usage(map, d));
    }
    return verdict(map, usage, devices);
  }

  /** A balanced map for these devices and what each will hold; see the class comment. */
  public MemoryPlan plan(List<DeviceCapacity> devices) {
    distinctNames(devices);
    List<DeviceCapacity> order = pipelineOrder(devices);
    int[] counts = allocate(order);
    List<String> layers = new ArrayList<>(config.numLayers());
    for (int i = 0; i < order.size(); i++) {
      for (int k = 0; k < counts[i]; k++) {
        layers.add(order.get(i).name());
      }
    }
    String first = order.get(0).name();
    return evaluate(new DeviceMap(first, layers, first), devices);
  }

  private DeviceUsage usage(DeviceMap map, DeviceCapacity d) {
    String name = d.name();
    List<Integer> layers = map.layersOn(name);
    boolean embed = map.embeddingDevice().equals(name);
    boolean head = map.headDevice().equals(name);
    long weights =
        layers.size() * layerWeightBytes()
            + (embed ? embeddingWeightBytes() : 0)
            + (head ? headWeightBytes(map.headDevice().equals(map.embeddingDevice())) : 0);
    long activations = activationBytes(layers.size(), embed, head);
    return new DeviceUsage(
        name,
        layers,
        embed,
        head,
        weights,
        activations,
        reserveBytes(name, activations),
        d.bytes());
  }

  /**
   * Layer counts per device, in pipeline order. GPUs (or, without GPUs, the CPUs) share the layers
   * in proportion to how many each can hold; CPUs after GPUs take only the overflow. When nothing
   * fits, layers are still spread in proportion to free memory so the report shows the overflow on
   * every device rather than piled onto the last.
   */
  private int[] allocate(List<DeviceCapacity> order) {
    int total = config.numLayers();
    int n = order.size();
    int[] max = new int[n];
    double[] free = new double[n];
    boolean anyGpu = order.get(0).isGpu();
    List<Integer> primary = new ArrayList<>();
    List<Integer> spill = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DeviceCapacity d = order.get(i);
      boolean first = i == 0;
      max[i] = maxLayers(d, first);
      long fixed = totalBytes(d.name(), 0, first, first);
      free[i] = Math.max(1, d.bytes() - fixed);
      (d.isGpu() || !anyGpu ? primary : spill).add(i);
    }
    int[] counts = new int[n];
    int primaryMax = primary.stream().mapToInt(i -> max[i]).sum();
    if (primaryMax >= total) {
      distribute(total, primary, max, max, counts);
      return counts;
    }
    int spillMax = spill.stream().mapToInt(i -> max[i]).sum();
    if (!spill.isEmpty() && primaryMax + spillMax >= total) {
      primary.forEach(i -> counts[i] = max[i]);
      distribute(total - primaryMax, spill, max, max, counts);
      return counts;
    }
    List<Integer> all = new ArrayList<>(primary);
    all.addAll(spill);
    int[] unbounded = new int[n];
    Arrays.fill(unbounded, Integer.MAX_VALUE);
    double[] weights = spill.isEmpty() ? free : capacityWeights(order);
    distribute(total, spill.isEmpty() ? primary : all, weights, unbounded, counts);
    return counts;
  }

  /** Largest-remainder split of {@code total} over {@code who}, in proportion, capped. */
  private static void distribute(
      int total, List<Integer> who, double[] weights, int[] cap, int[] counts) {
    double sum = who.stream().mapToDouble(i -> weights[i]).sum();
    int given = 0;
    for (int i : who) {
      counts[i] = Math.min(cap[i], (int) Math.floor(total * weights[i] / sum));
      given += counts[i];
    }
    List<Integer> byRemainder = new ArrayList<>(who);
    byRemainder.sort(
        Comparator.comparingDouble((Integer i) -> -(total * weights[i] / sum - counts[i])));
    while (given < total) {
      boolean progressed = false;
      for (int i : byRemainder) {
        if (given < total && counts[i] < cap[i]) {
          counts[i]++;
          given++;
          progressed = true;
        }
      }
      if (!progressed) {
        throw new IllegalStateException("cannot place " + total + " layers on " + who);
      }
    }
  }

  private static void distribute(
      int total, List<Integer> who, int[] weights, int[] cap, int[] counts) {
    double[] w = new double[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i];
    }
    distribute(total, who, w, cap, counts);
  }

  private static double[] capacityWeights(List<DeviceCapacity> order) {
    return order.stream().mapToDouble(DeviceCapacity::bytes).toArray();
  }

  private int maxLayers(DeviceCapacity d, boolean first) {
    int n = 0;
    while (n < config.numLayers() && totalBytes(d.name(), n + 1, first, first) <= d.bytes()) {
      n++;
    }
    return n;
  }

  private long totalBytes(String device, int layers, boolean embed, boolean head) {
    long weights =
        layers * layerWeightBytes()
            + (embed ? embeddingWeightBytes() : 0)
            + (head ? headWeightBytes(embed) : 0);
    long activations = activationBytes(layers, embed, head);
    return weights + activations + reserveBytes(device, activations);
  }

  private MemoryPlan verdict(DeviceMap map, List<DeviceUsage> usage, List<DeviceCapacity> devs) {
    List<DeviceUsage> over = usage.stream().filter(u -> !u.fits()).toList();
    long total = usage.stream().mapToLong(DeviceUsage::totalBytes).sum();
    long capacity = usage.stream().mapToLong(DeviceUsage::capacityBytes).sum();
    String what =
        dtypeName(dtype)
            + ", "
            + workload
            + ": "
            + gb(total)
            + " GB of "
            + gb(capacity)
            + " GB on "
            + devs.size()
            + (devs.size() == 1 ? " device" : " devices");
    if (over.isEmpty()) {
      DeviceUsage tight =
          usage.stream()
              .filter(DeviceUsage::used)
              .min(Comparator.comparingLong(u -> u.capacityBytes() - u.totalBytes()))
              .orElseThrow();
      String msg =
          "fits ("
              + what
              + "); least headroom "
              + gb(tight.capacityBytes() - tight.totalBytes())
              + " GB on "
              + tight.device();
      return new MemoryPlan(map, usage, true, msg);
    }
    StringBuilder msg = new StringBuilder("does not fit (").append(what).append("): ");
    List<String> parts = new ArrayList<>();
    for (DeviceUsage u : over.subList(0, Math.min(3, over.size()))) {
      parts.add(
          u.device()
              + " needs "
              + gb(u.totalBytes())
              + " GB of "
              + gb(u.capacityBytes())
              + " GB (over by "
              + gb(u.overflowBytes())
              + " GB)");
    }
    msg.append(String.join("; ", parts));
    if (over.size() > 3) {
      msg.append("; and ").append(over.size() - 3).append(" more devices");
    }
    List<String> alternatives = alternatives(devs);
    if (!alternatives.isEmpty()) {
      msg.append(". Would fit: ").append(String.join("; or ", alternatives));
    }
    return new MemoryPlan(map, usage, false, msg.toString());
  }

  /** What would fit instead: more of the largest device, half precision, batch 1, shorter T. */
  private List<String> alternatives(List<DeviceCapacity> devs) {
    List<String> out = new ArrayList<>();
    long largest = devs.stream().mapToLong(DeviceCapacity::bytes).max().orElseThrow();
    for (int n = devs.size() + 1; n <= MAX_SUGGESTED_DEVICES; n++) {
      List<DeviceCapacity> more = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        more.add(new DeviceCapacity("gpu:" + i, largest));
      }
      if (fitsQuietly(dtype, workload, more)) {
        out.add(n + "x" + MemoryPlan.size(largest));
        break;
      }
    }
    if (dtype == DataType.FLOAT32 && fitsQuietly(DataType.FLOAT16, workload, devs)) {
      out.add("float16 or bfloat16 on these devices");
    }
    if (workload.batchSize() > 1) {
      Workload one = new Workload(1, workload.sequenceLength(), workload.headMaskGradients());
      if (fitsQuietly(dtype, one, devs)) {
        out.add("batch 1 on these devices");
      }
    }
    int lo = 0;
    int hi = workload.sequenceLength() - 1;
    while (lo < hi) { // largest T that fits at this batch size
      int mid = (lo + hi + 1) / 2;
      Workload w = new Workload(workload.batchSize(), mid, workload.headMaskGradients());
      if (fitsQuietly(dtype, w, devs)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (lo > 0) {
      out.add("seq ≤ " + lo + " at batch " + workload.batchSize() + " on these devices");
    }
    return out;
  }

  private boolean fitsQuietly(DataType dt, Workload w, List<DeviceCapacity> devs) {
    MemoryPlanner p = new MemoryPlanner(config, dt, w);
    List<DeviceCapacity> order = pipelineOrder(devs);
    int[] counts = p.allocate(order);
    for (int i = 0; i < order.size(); i++) {
      DeviceCapacity d = order.get(i);
      if (p.totalBytes(d.name(), counts[i], i == 0, i == 0) > d.bytes()) {
        return false;
      }
    }
    return true;
  }

  private long hiddenStateBytes() {
    return workload.tokens() * config.hiddenSize() * bytes();
  }

  private long attentionElements() {
    return (long) workload.batchSize()
        * config.numHeads()
        * workload.sequenceLength()
        * workload.sequenceLength();
  }

  /** HF OPT upcasts half-precision scores to float32 before the softmax: one more copy. */
  private long upcastBytes() {
    return bytes() < FLOAT32_BYTES ? FLOAT32_BYTES : 0;
  }

  private long tokenTableParams() {
    return (long) config.vocabSize() * config.wordEmbedProjDim();
  }

  private long bytes() {
    return dtype.getNumOfBytes();
  }

  /** GPUs in the order given, then CPUs: the embeddings and head go on the first. */
  private static List<DeviceCapacity> pipelineOrder(List<DeviceCapacity> devices) {
    List<DeviceCapacity> order = new ArrayList<>();
    devices.stream().filter(DeviceCapacity::isGpu).forEach(order::add);
    devices.stream().filter(d -> !d.isGpu()).forEach(order::add);
    return order;
  }

  private static Set<String> distinctNames(List<DeviceCapacity> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("devices: the list is empty");
    }
    Set<String> names = new HashSet<>();
    for (DeviceCapacity d : devices) {
      if (!names.add(d.name())) {
        throw new IllegalArgumentException("devices: " + d.name() + " is listed twice");
      }
    }
    return names;
  }

  private static DataType requireFloat(DataType dtype) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16 && dtype != DataType.BFLOAT16) {
      throw new IllegalArgumentException(
          "dtype " + dtype + " is not one of float32, float16, bfloat16");
    }
    return dtype;
  }
}
