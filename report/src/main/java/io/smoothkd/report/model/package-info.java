/**
 * What the report reads: {@link io.smoothkd.report.model.CellResult} is the schema of a cell file
 * ({@code cells/<id>.json}), its kinds and families, shared by the experiments' writer and the report's reader;
 * {@link io.smoothkd.report.model.CellLoader} reads a folder of them; {@link io.smoothkd.report.model.DatasetResults}
 * groups them per (suite, data set).
 */
package io.smoothkd.report.model;
