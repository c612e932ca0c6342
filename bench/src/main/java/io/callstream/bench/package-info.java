/**
 * Benchmarks. Each compares a measured path with a baseline run in the same process, and prints the
 * ratio, so a noisy shared machine slows both sides alike.
 */
package io.callstream.bench;
