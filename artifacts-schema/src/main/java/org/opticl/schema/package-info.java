/**
 * The data contract of opticl: one record per artifact a stage writes, each mirrored by a JSON
 * Schema under {@code schemas/} on the classpath and carrying a {@code schemaVersion}. Every module
 * reads and writes artifacts through these records only, so a change to an artifact's shape is a
 * change here, reviewed once, with its schema beside it.
 */
package org.opticl.schema;
