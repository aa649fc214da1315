/**
 * Models from the Hugging Face hub by id ({@code facebook/opt-66b}). {@link
 * org.opticl.model.hub.HubDownloader} lists a revision's files through the hub's API, fetches the
 * files an OPT checkpoint needs (config, safetensors weights or every shard of a sharded index, the
 * GPT-2 tokenizer files) into a local cache keyed by commit, resumes interrupted transfers with
 * HTTP range requests, verifies every file against the hub's checksums, and publishes a snapshot
 * only when all of it is there. A machine that cannot reach the hub gets the cached snapshot or a
 * clear error that says so; nothing else in opticl talks to the hub.
 */
package org.opticl.model.hub;
