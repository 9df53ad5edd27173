/**
 * Training targets: label smoothing ({@code y·(1−α) + α/K}), soft targets of logits at a temperature, and the
 * equivalent smoothing γ of a softened teacher (paper §2 and §4).
 */
package io.smoothkd.core.targets;
