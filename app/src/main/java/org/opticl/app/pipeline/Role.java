package org.opticl.app.pipeline;

/** What a worker process serves: workflows, CPU activities, or model activities. */
public enum Role {
  ORCHESTRATOR,
  CPU,
  GPU
}
