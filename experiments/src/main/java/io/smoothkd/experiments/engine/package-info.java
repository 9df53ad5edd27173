/**
 * The experiment engine: a suite expands a study into independent cells with stable ids, each of a sealed
 * {@link io.smoothkd.experiments.engine.Cell} type (teacher, student, distilled, translation) that knows its
 * parameters, its fingerprint and how to run itself; {@link io.smoothkd.experiments.engine.SuiteRunner} schedules,
 * resumes and writes each finished cell as one atomically written {@code cells/<id>.json} (the schema of
 * {@link io.smoothkd.report.model.CellResult}), so shards never clash and {@code --resume} skips what is done. Wired
 * with Guice: data set, trainers and suites are bindings.
 */
package io.smoothkd.experiments.engine;
