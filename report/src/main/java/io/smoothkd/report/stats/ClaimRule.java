package io.smoothkd.report.stats;

import io.smoothkd.report.ReportContext;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.render.ReportNumbers;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One row of the "paper claim → reproduced?" table: the claim, what the paper reports, the rule (in words,
 * printed next to the verdict) and the code of that rule, which computes a {@link Verdict} from the measured
 * numbers of one (suite, data set). Later suites add or replace rules (e.g. for claims 3 and 5).
 *
 * @param claim    the claim, e.g. "1. LS keeps or improves accuracy"
 * @param paper    what the paper reports for it
 * @param rule     the decision rule in words
 * @param evaluate the decision rule in code
 * @param studyWide the rule reads the whole study, not one (suite, data set): it is evaluated once, with a null
 *                  {@link DatasetResults}, and its verdict is shown in every data-set column (e.g. the translation
 *                  claim)
 */
public record ClaimRule(String claim, String paper, String rule,
                        BiFunction<ReportContext, DatasetResults, Verdict> evaluate, boolean studyWide) {

    /** A rule evaluated per (suite, data set). */
    public ClaimRule(String claim, String paper, String rule,
                     BiFunction<ReportContext, DatasetResults, Verdict> evaluate) {
        this(claim, paper, rule, evaluate, false);
    }

    /** Checks for nulls. */
    public ClaimRule {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(evaluate, "evaluate");
    }

    /**
     * The outcome for one data set.
     *
     * @param measured the numbers the rule used, as text
     * @param verdict  "yes", "no", "not decided", "not decided (n < 3 seeds)", "not measured (…)", …
     * @param evidence the paired comparisons the verdict rests on, by what their difference is (per-seed tables)
     */
    public record Verdict(String measured, String verdict, java.util.Map<String, Paired> evidence) {
        /** Copies the evidence (insertion order kept). */
        public Verdict {
            evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        }

        /** A verdict without per-seed evidence. */
        public Verdict(String measured, String verdict) {
            this(measured, verdict, java.util.Map.of());
        }

        /** A verdict resting on one paired comparison, named by what its difference is. */
        public Verdict(String measured, String verdict, String difference, Paired paired) {
            this(measured, verdict, java.util.Map.of(difference, paired));
        }

        /** A verdict for a claim whose inputs are missing. */
        public static Verdict notMeasured(String why) {
            return new Verdict(ReportNumbers.MISSING, "not measured (" + why + ")");
        }
    }
}
