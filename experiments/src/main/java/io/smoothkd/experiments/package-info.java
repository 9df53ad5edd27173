/**
 * SmoothKD's application: the {@code ./smoothkd} command line, suites and their cells, YAML configs, Guice wiring and
 * cluster sharding. The only module with a {@code main()}; the report is the {@code report} module's.
 */
package io.smoothkd.experiments;
