/**
 * Placement of a sharded OPT across devices. {@link org.opticl.model.device.DeviceMap} says where
 * the embeddings, each decoder layer and the head live (given as a spec, taken from the paper, or
 * planned); {@link org.opticl.model.device.MemoryPlanner} says, before loading anything, what each
 * device would hold and whether it fits; {@link org.opticl.model.device.LocalDevices} reports what
 * this machine has. Everything but {@code LocalDevices} is plain arithmetic, so plans can be made
 * and tested on a laptop for machines it does not have.
 */
package org.opticl.model.device;
