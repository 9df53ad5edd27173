/**
 * SmoothKD's library: the mathematics of "When Does Label Smoothing Help?" (Müller, Kornblith &amp; Hinton,
 * NeurIPS 2019) as pure functions on ND4J arrays and as DL4J building blocks. No command line, no files of
 * its own; depends on ND4J and DL4J only.
 */
package io.smoothkd.core;
