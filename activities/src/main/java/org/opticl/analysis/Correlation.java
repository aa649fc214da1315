package org.opticl.analysis;

/**
 * A rank correlation with its two-sided p-value (null hypothesis: no correlation), and the number
 * of paired observations it was computed on.
 */
public record Correlation(double rho, double pValue, int n) {}
