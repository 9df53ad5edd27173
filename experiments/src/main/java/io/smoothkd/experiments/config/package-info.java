/**
 * Study configuration: one declarative YAML file per study, read with Jackson into records whose compact
 * constructors reject every out-of-range value; an unknown key is an error naming it and the valid ones.
 */
package io.smoothkd.experiments.config;
