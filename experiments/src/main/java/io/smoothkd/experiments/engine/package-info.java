/**
 * The experiment engine: a suite expands a study into independent cells with stable ids (a teacher, a student);
 * each finished cell is one atomically written {@code cells/<id>.json}, so shards never clash and {@code --resume}
 * skips what is done. Wired with Guice: data set, trainers and suites are bindings.
 */
package io.smoothkd.experiments.engine;
