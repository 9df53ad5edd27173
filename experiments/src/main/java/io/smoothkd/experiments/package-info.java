/**
 * SmoothKD's application: the {@code ./smoothkd} command line, and — with the experiment-engine issue — suites,
 * YAML configs, Guice wiring, reports and cluster sharding. The only module with a {@code main()}.
 */
package io.smoothkd.experiments;
