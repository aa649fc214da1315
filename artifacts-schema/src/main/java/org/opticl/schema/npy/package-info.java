/**
 * NumPy's {@code .npy} format (version 1.0), written beside the JSON of every numeric artifact so
 * that Python users read opticl's tensors with a plain {@code numpy.load}.
 */
package org.opticl.schema.npy;
