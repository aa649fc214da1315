package org.opticl.model.device;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opticl.model.config.OptConfig;

/**
 * Where each part of a sharded OPT lives: the embeddings (token + position tables and {@code
 * project_in}), every decoder layer, and the head (final LayerNorm, {@code project_out}, {@code
 * lm_head}). The model runs the layers in order and moves the hidden state {@code (B,T,E)} to the
 * next device at each {@link #boundaries() boundary}; this is pipeline placement, not tensor
 * parallelism, because DJL has none for Java-defined blocks (temporal-djl-notes §2.5). Device names
 * are opticl's own strings ({@code "cpu"}, {@code "gpu:0"}, …) so that a map can be written in a
 * spec, a config file or a log line and read back unchanged; {@link #device(String)} turns one into
 * a DJL {@link Device}.
 *
 * @param embeddingDevice where the embeddings live and the forward pass starts
 * @param layerDevices the device of decoder layer {@code i} at index {@code i}
 * @param headDevice where the final LayerNorm, {@code project_out} and {@code lm_head} live
 */
public record DeviceMap(String embeddingDevice, List<String> layerDevices, String headDevice) {

  public static final String CPU = "cpu";

  // "gpu0" is DJL's spelling, "cuda:0" PyTorch's; both are accepted and written back as "gpu:0".
  private static final Pattern GPU = Pattern.compile("(?:gpu|cuda):?(\\d+)");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:\\s*-\\s*(\\d+))?");

  public DeviceMap {
    embeddingDevice = normalize(embeddingDevice);
    headDevice = normalize(headDevice);
    if (layerDevices == null || layerDevices.isEmpty()) {
      throw new IllegalArgumentException("device map: a model needs at least one decoder layer");
    }
    List<String> layers = new ArrayList<>(layerDevices.size());
    for (String d : layerDevices) {
      layers.add(normalize(d));
    }
    layerDevices = List.copyOf(layers);
  }

  /** Everything on one device: the map of a CPU-only machine or a single large GPU. */
  public static DeviceMap allOn(String device, int numLayers) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException(
          "device map: numLayers=" + numLayers + " must be a positive integer");
    }
    return new DeviceMap(device, Collections.nCopies(numLayers, device), device);
  }

  /**
   * The map the paper's code used for OPT-66B (paper-spec §8): embeddings and head on GPU 0, layers
   * 0–3 on GPU 0, layers 4–59 on GPUs 1–7 in blocks of eight, layers 60–63 offloaded to the CPU. It
   * leaves GPU 0 light because the original code also materialised parameter gradients.
   */
  public static DeviceMap paperOpt66b() {
    List<String> layers = new ArrayList<>(64);
    for (int n = 0; n < 64; n++) {
      layers.add(n < 4 ? "gpu:0" : n < 60 ? "gpu:" + ((n - 4) / 8 + 1) : CPU);
    }
    return new DeviceMap("gpu:0", layers, "gpu:0");
  }

  /**
   * Reads a spec such as {@code embed=gpu:0;0-3=gpu:0;4-11=gpu:1;head=gpu:0}. Entries are separated
   * by {@code ;}; a key is {@code embed}, {@code head}, a layer {@code n} or an inclusive range
   * {@code a-b}. Every layer must be covered exactly once; ranges may be given in any order.
   * Without {@code embed} the embeddings go with layer 0; without {@code head} the head goes with
   * the embeddings, because {@code lm_head} shares its matrix with the token embedding.
   */
  public static DeviceMap parse(String spec, int numLayers) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException(
          "device map: numLayers=" + numLayers + " must be a positive integer");
    }
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("device map: empty spec; expected e.g. " + example());
    }
    String[] owner = new String[numLayers];
    String[] claimedBy = new String[numLayers];
    String embed = null;
    String head = null;
    for (String raw : spec.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "device map: entry '" + entry + "' has no '='; expected e.g. " + example());
      }
      String key = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String device = deviceIn(entry, entry.substring(eq + 1).trim());
      switch (key) {
        case "embed" -> {
          if (embed != null) {
            throw new IllegalArgumentException("device map: 'embed' is given twice in " + spec);
          }
          embed = device;
        }
        case "head" -> {
          if (head != null) {
            throw new IllegalArgumentException("device map: 'head' is given twice in " + spec);
          }
          head = device;
        }
        default -> claim(key, entry, device, owner, claimedBy, numLayers);
      }
    }
    List<String> uncovered = new ArrayList<>();
    for (int i = 0; i < numLayers; ) {
      if (owner[i] != null) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < numLayers && owner[j + 1] == null) {
        j++;
      }
      uncovered.add(i == j ? String.valueOf(i) : i + "-" + j);
      i = j + 1;
    }
    if (!uncovered.isEmpty()) {
      throw new IllegalArgumentException(
          "device map: layers "
              + String.join(", ", uncovered)
              + " are on no device; every layer 0-"
              + (numLayers - 1)
              + " needs exactly one");
    }
    String embedding = embed != null ? embed : owner[0];
    return new DeviceMap(embedding, List.of(owner), head != null ? head : embedding);
  }

  /**
   * The map for this machine: all-CPU when PyTorch sees no GPU, otherwise the {@link MemoryPlanner}
   * plan over the GPUs it reports. Fails when the model does not fit them rather than silently
   * spilling to the CPU, which would make a 66B run take weeks.
   */
  public static DeviceMap forMachine(OptConfig config, DataType dtype, Workload workload) {
    return forMachine(config, dtype, workload, LocalDevices.gpus());
  }

  /** {@link #forMachine(OptConfig, DataType, Workload)} with the GPUs given instead of probed. */
  public static DeviceMap forMachine(
      OptConfig config, DataType dtype, Workload workload, List<DeviceCapacity> gpus) {
    if (gpus.isEmpty()) {
      return allOn(CPU, config.numLayers());
    }
    MemoryPlan plan = new MemoryPlanner(config, dtype, workload).plan(gpus);
    if (!plan.fits()) {
      throw new IllegalStateException(plan.message());
    }
    return plan.map();
  }

  /**
   * A DJL device for one of opticl's names. DJL's own {@code Device.fromName} rejects {@code
   * "gpu:0"} (it accepts only {@code "gpu0"}) and starts the engine first, so the conversion is
   * done here without touching native code.
   */
  public static Device device(String name) {
    String n = normalize(name);
    return n.equals(CPU) ? Device.cpu() : Device.gpu(Integer.parseInt(n.substring(4)));
  }

  /**
   * The canonical spelling of a device name: {@code "cpu"} or {@code "gpu:N"}; also accepts DJL's
   * {@code "gpuN"} and PyTorch's {@code "cuda:N"}.
   */
  public static String normalize(String name) {
    if (name == null) {
      throw new IllegalArgumentException("device map: device name is missing");
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals(CPU)) {
      return CPU;
    }
    Matcher m = GPU.matcher(n);
    if (m.matches()) {
      return "gpu:" + Integer.parseInt(m.group(1));
    }
    throw new IllegalArgumentException(
        "device map: unknown device '" + name + "'; expected cpu, gpu:N (or gpuN, cuda:N)");
  }

  public int numLayers() {
    return layerDevices.size();
  }

  public String deviceOfLayer(int layer) {
    if (layer < 0 || layer >= layerDevices.size()) {
      throw new IndexOutOfBoundsException(
          "device map: layer " + layer + " is outside 0-" + (layerDevices.size() - 1));
    }
    return layerDevices.get(layer);
  }

  /** Every device the map uses, in the order the forward pass first reaches it. */
  public List<String> devices() {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(embeddingDevice);
    seen.addAll(layerDevices);
    seen.add(headDevice);
    return List.copyOf(seen);
  }

  /** The layers on one device, ascending (empty when the map does not use it). */
  public List<Integer> layersOn(String device) {
    String d = normalize(device);
    List<Integer> layers = new ArrayList<>();
    for (int i = 0; i < layerDevices.size(); i++) {
      if (layerDevices.get(i).equals(d)) {
        layers.add(i);
      }
    }
    return layers;
  }

  /**
   * The layers before which the hidden state must move to another device: {@code i} when layer
   * {@code i} lives elsewhere than its input (layer 0's input comes from the embeddings), and
   * {@link #numLayers()} when the head lives elsewhere than the last layer.
   */
  public List<Integer> boundaries() {
    List<Integer> moves = new ArrayList<>();
    String previous = embeddingDevice;
    for (int i = 0; i < layerDevices.size(); i++) {
      if (!layerDevices.get(i).equals(previous)) {
        moves.add(i);
      }
      previous = layerDevices.get(i);
    }
    if (!headDevice.equals(previous)) {
      moves.add(layerDevices.size());
    }
    return List.copyOf(moves);
  }

  /** Maximal runs of consecutive layers on one device, in layer order. */
  public List<LayerRange> ranges() {
    List<LayerRange> ranges = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= layerDevices.size(); i++) {
      if (i == layerDevices.size() || !layerDevices.get(i).equals(layerDevices.get(start))) {
        ranges.add(new LayerRange(start, i - 1, layerDevices.get(start)));
        start = i;
      }
    }
    return List.copyOf(ranges);
  }

  /** The canonical spec; {@code parse(map.toSpec(), map.numLayers())} equals {@code map}. */
  public String toSpec() {
    StringBuilder s = new StringBuilder("embed=").append(embeddingDevice);
    for (LayerRange r : ranges()) {
      s.append(';').append(r.label()).append('=').append(r.device());
    }
    return s.append(";head=").append(headDevice).toString();
  }

  /**
   * Checks the map against a model and the devices this machine has, so a wrong map fails before
   * 130 GB of weights start loading.
   */
  public DeviceMap validate(OptConfig config, Set<String> available) {
    if (config.numLayers() != numLayers()) {
      throw new IllegalArgumentException(
          "device map covers "
              + numLayers()
              + " layers but the model has num_hidden_layers="
              + config.numLayers());
    }
    Set<String> have = new TreeSet<>();
    for (String d : available) {
      have.add(normalize(d));
    }
    for (String d : devices()) {
      if (!have.contains(d)) {
        throw new IllegalArgumentException(
            "device map puts "
                + partsOn(d)
                + " on "
                + d
                + ", which this machine does not have (available: "
                + have
                + ")");
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return toSpec();
  }

  /** What the map places on one device, for error messages ("layers 4-11 and the head"). */
  String partsOn(String device) {
    List<String> parts = new ArrayList<>();
    if (embeddingDevice.equals(device)) {
      parts.add("the embeddings");
    }
    List<String> labels = new ArrayList<>();
    for (LayerRange r : ranges()) {
      if (r.device().equals(device)) {
        labels.add(r.label());
      }
    }
    if (!labels.isEmpty()) {
      parts.add("layers " + String.join(",", labels));
    }
    if (headDevice.equals(device)) {
      parts.add("the head");
    }
    return parts.isEmpty() ? "nothing" : String.join(" and ", parts);
  }

  private static void claim(
      String key, String entry, String device, String[] owner, String[] claimedBy, int n) {
    Matcher m = RANGE.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "device map: '"
              + entry
              + "' is not embed=, head= or a layer range a-b=; expected e.g. "
              + example());
    }
    int first = Integer.parseInt(m.group(1));
    int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
    if (last < first) {
      throw new IllegalArgumentException(
          "device map: range "
              + key
              + " in '"
              + entry
              + "' is reversed; write "
              + last
              + "-"
              + first);
    }
    if (last >= n) {
      throw new IllegalArgumentException(
          "device map: range "
              + key
              + " in '"
              + entry
              + "' goes past the model's "
              + n
              + " layers (0-"
              + (n - 1)
              + ")");
    }
    for (int i = first; i <= last; i++) {
      if (owner[i] != null) {
        throw new IllegalArgumentException(
            "device map: layer "
                + i
                + " is claimed by both '"
                + claimedBy[i]
                + "' and '"
                + entry
                + "'; every layer needs exactly one device");
      }
      owner[i] = device;
      claimedBy[i] = entry;
    }
  }

  private static String deviceIn(String entry, String name) {
    try {
      return normalize(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "device map: unknown device '"
              + name
              + "' in '"
              + entry
              + "'; expected cpu, gpu:N (or gpuN, cuda:N)",
          e);
    }
  }

  private static String example() {
    return "embed=gpu:0;0-31=gpu:0;32-63=gpu:1;head=gpu:0";
  }

  /**
   * Consecutive layers {@code first..last} (inclusive) on one device.
   *
   * @param first the first layer of the run
   * @param last the last layer of the run, inclusive
   * @param device where the run lives
   */
  public record LayerRange(int first, int last, String device) {
    public int size() {
      return last - first + 1;
    }

    /** {@code "4-11"}, or {@code "7"} for a single layer: the spec's key syntax. */
    public String label() {
      return first == last ? String.valueOf(first) : first + "-" + last;
    }
  }
}
