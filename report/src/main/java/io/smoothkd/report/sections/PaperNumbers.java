package io.smoothkd.report.sections;

import java.util.Optional;

/**
 * Test errors (%) for MNIST that the paper (Müller, Kornblith &amp; Hinton 2019, §4) and a public PyTorch
 * re-implementation of it report, shown next to ours for comparison. They never enter a verdict.
 */
public final class PaperNumbers {
    /** A reference pair: the paper's number and the re-implementation's, both test error in %. */
    record Reference(String paper, String reimplementation) {
    }

    private static final double PAPER_ALPHA = 0.1;

    private PaperNumbers() {
    }

    /** MNIST teacher 784-1200-1200-10: hard 0.67 / 0.81, LS α = 0.1: 0.59 / 0.69. */
    static Optional<Reference> teacher(String dataset, double alpha) {
        if (!dataset.equals("mnist")) {
            return Optional.empty();
        }
        if (alpha == 0) {
            return Optional.of(new Reference("0.67", "0.81"));
        }
        return alpha == PAPER_ALPHA ? Optional.of(new Reference("0.59", "0.69")) : Optional.empty();
    }

    /** MNIST student 784-800-800-10 distilled (β = 0.6): from the hard teacher 0.74 / 0.93, from LS α = 0.1: 0.91 / 1.05. */
    static Optional<Reference> distilledStudent(String dataset, double teacherAlpha) {
        if (!dataset.equals("mnist")) {
            return Optional.empty();
        }
        if (teacherAlpha == 0) {
            return Optional.of(new Reference("0.74", "0.93"));
        }
        return teacherAlpha == PAPER_ALPHA ? Optional.of(new Reference("0.91", "1.05")) : Optional.empty();
    }
}
