/**
 * Figure rendering with one consistent look: heatmaps (layers × heads, or labelled matrices with
 * annotated cells) and line charts, each written as PNG, SVG and a CSV of exactly the numbers
 * drawn. This package knows nothing about runs or tasks beyond {@link org.opticl.plots.TaskStyle}
 * (a fixed colour and marker per task, so a task looks the same in every figure); deciding which
 * figures a run needs, and what is missing, is {@code org.opticl.report}'s job.
 */
package org.opticl.plots;
