/**
 * Penultimate-layer representations (paper §2): activations feeding the output layer and their projection on
 * the plane through three class templates, where label smoothing's tight, equidistant clusters show.
 */
package io.smoothkd.core.representation;
