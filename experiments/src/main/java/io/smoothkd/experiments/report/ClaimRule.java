package io.smoothkd.experiments.report;

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
     * @param verdict  "yes", "no", "not significant", "not measured (…)", possibly qualified
     */
    public record Verdict(String measured, String verdict) {
        /** A verdict for a claim whose inputs are missing. */
        public static Verdict notMeasured(String why) {
            return new Verdict(ReportNumbers.MISSING, "not measured (" + why + ")");
        }
    }
}
