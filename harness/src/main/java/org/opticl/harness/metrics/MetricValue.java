package org.opticl.harness.metrics;

import java.util.OptionalDouble;

/** An aggregated metric with its standard error, when one is defined. */
public record MetricValue(String name, double value, OptionalDouble stderr) {}
