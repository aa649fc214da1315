package org.opticl.schema;

import java.util.Map;
import org.opticl.schema.npy.NpyArray;

/**
 * An artifact holding numeric tensors that are also exported as {@code .npy} files beside its JSON,
 * so Python users can {@code numpy.load} them without parsing opticl's JSON.
 */
public interface TensorArtifact extends SchemaArtifact {

  /**
   * The tensors by a short file-name-safe name ({@code values}, {@code mean}, ...), in a stable
   * order.
   */
  Map<String, NpyArray> tensors();
}
