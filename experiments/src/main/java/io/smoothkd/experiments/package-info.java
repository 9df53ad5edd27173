/**
 * SmoothKD's application: the {@code ./smoothkd} command line, suites, YAML configs, Guice wiring, reports,
 * benchmarks and cluster sharding. The only module with a {@code main()}.
 */
package io.smoothkd.experiments;
