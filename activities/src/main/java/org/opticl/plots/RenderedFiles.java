package org.opticl.plots;

import java.nio.file.Path;

/**
 * The files of one rendered figure, all in the same folder and named after the figure.
 *
 * @param png raster image at the figure's size
 * @param svg vector image of the same drawing
 * @param csv the numbers drawn
 */
public record RenderedFiles(Path png, Path svg, Path csv) {}
