/** One class per part of the report (summary, claims, calibration, representation, distillation, …). */
package io.smoothkd.report.sections;
