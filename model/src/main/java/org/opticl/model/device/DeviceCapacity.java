package org.opticl.model.device;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One device and the bytes of memory it offers a model. Sizes are written with an explicit unit and
 * read literally: {@code GB} is 10<sup>9</sup> bytes, {@code GiB} is 2<sup>30</sup> (likewise
 * MB/MiB, TB/TiB). Vendors' names are binary-ish ("A100 40GB" has 40,960 MiB = 42.9 GB, "H100 80GB"
 * has 81,559 MiB = 85.5 GB, "H200 141GB" has 143,771 MiB = 150.8 GB), so writing a card's nominal
 * size as {@code 80GB} under-states it by 2–7%: a margin on the safe side. Give the exact figure
 * from {@code nvidia-smi} ({@code 81559MiB}) to plan to the byte. A bare number is rejected,
 * because it would be ambiguous.
 *
 * @param name {@code "cpu"} or {@code "gpu:N"}
 * @param bytes capacity in bytes
 */
public record DeviceCapacity(String name, long bytes) {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b)", Pattern.CASE_INSENSITIVE);
  private static final Pattern REPEAT = Pattern.compile("(\\d+)\\s*[x×*]\\s*(.+)");

  public DeviceCapacity {
    name = DeviceMap.normalize(name);
    if (bytes <= 0) {
      throw new IllegalArgumentException("device " + name + ": capacity " + bytes + " must be > 0");
    }
  }

  public boolean isGpu() {
    return !name.equals(DeviceMap.CPU);
  }

  /**
   * Reads a device list: comma-separated items, each {@code NxSIZE} (N more GPUs, numbered after
   * the GPUs listed so far), {@code SIZE} (one more GPU) or {@code NAME=SIZE}. Examples: {@code
   * 8x40GB}, {@code 2x80GiB}, {@code 1x141GB}, {@code 81559MiB,81559MiB}, {@code
   * gpu:0=80GB,gpu:1=80GB}, {@code 8x40GB,cpu=1TB}.
   */
  public static List<DeviceCapacity> parseList(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("devices: empty list; expected e.g. 8x40GB or gpu:0=80GB");
    }
    List<DeviceCapacity> devices = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int nextGpu = 0;
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      int eq = item.indexOf('=');
      Matcher repeat = REPEAT.matcher(item);
      List<DeviceCapacity> added = new ArrayList<>();
      if (eq >= 0) {
        added.add(
            new DeviceCapacity(
                item.substring(0, eq).trim(), parseBytes(item.substring(eq + 1).trim())));
      } else if (repeat.matches() || SIZE.matcher(item).matches()) {
        int count = repeat.matches() ? Integer.parseInt(repeat.group(1)) : 1;
        if (count <= 0) {
          throw new IllegalArgumentException("devices: '" + item + "' asks for no device");
        }
        long bytes = parseBytes(repeat.matches() ? repeat.group(2).trim() : item);
        for (int i = 0; i < count; i++) {
          added.add(new DeviceCapacity("gpu:" + (nextGpu + i), bytes));
        }
      } else {
        throw new IllegalArgumentException(
            "devices: '"
                + item
                + "' is none of NxSIZE (8x40GB), SIZE (80GB) or NAME=SIZE (gpu:0=80GB); sizes need"
                + " a unit: GB (10^9 bytes) or GiB (2^30)");
      }
      for (DeviceCapacity d : added) {
        if (!names.add(d.name())) {
          throw new IllegalArgumentException(
              "devices: " + d.name() + " is listed twice in " + spec);
        }
        if (d.isGpu()) {
          nextGpu = Math.max(nextGpu, Integer.parseInt(d.name().substring(4)) + 1);
        }
        devices.add(d);
      }
    }
    return List.copyOf(devices);
  }

  /** {@code 40GB} → 40,000,000,000; {@code 80GiB} → 85,899,345,920; decimals allowed. */
  public static long parseBytes(String size) {
    Matcher m = SIZE.matcher(size.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "devices: size '"
              + size
              + "' needs a unit: GB (10^9 bytes), GiB (2^30), MB, MiB, TB or TiB");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = "kmgt".indexOf(unit.charAt(0)) + 1;
    BigDecimal base = BigDecimal.valueOf(unit.contains("i") ? 1024 : 1000);
    long bytes = new BigDecimal(m.group(1)).multiply(base.pow(power)).longValue();
    if (bytes <= 0) {
      throw new IllegalArgumentException("devices: size '" + size + "' must be positive");
    }
    return bytes;
  }

  @Override
  public String toString() {
    return name + "=" + MemoryPlan.size(bytes);
  }
}
