/** The report's statistics: Student-t means with 95 % intervals, paired per-seed differences, verdict rules. */
package io.smoothkd.report.stats;
