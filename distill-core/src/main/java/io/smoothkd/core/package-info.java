/**
 * SmoothKD's library: the mathematics of "When Does Label Smoothing Help?" (Müller, Kornblith &amp; Hinton,
 * NeurIPS 2019) as pure functions on ND4J arrays and as DL4J building blocks: targets (label smoothing), the
 * distillation losses by name, calibration, the mutual information of logit differences, penultimate-layer
 * representations, data readers and iterators, networks (with opt-in faster layers). It depends on ND4J and DL4J
 * only, starts no process, uses no reflection and writes only the files it is asked to write ({@code .npy} arrays,
 * atomically). Run folders, provenance, the checkpointing trainer and fetching data sets are in the
 * {@code runs} module ({@code io.smoothkd.runs}).
 */
package io.smoothkd.core;
