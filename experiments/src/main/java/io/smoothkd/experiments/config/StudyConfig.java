package io.smoothkd.experiments.config;

import io.smoothkd.runs.DatasetRepository;

/**
 * A whole study in one declarative file: which suite, data set, seeds, splits, and how teachers and students are
 * trained. Keys are snake_case in YAML ({@code validation_size}, {@code ls_alphas}, …); a {@code quick:} block
 * of the same keys overrides them under {@code --quick}.
 *
 * @param suite          suite name (see {@code smoothkd suites})
 * @param data           "mnist" or "fashion-mnist"
 * @param seeds          number of seeds, 1..seeds
 * @param validationSize examples held out of the training set
 * @param trainLimit     train on a seeded subset (0 = all)
 * @param testLimit      evaluate on the first examples of the test set (0 = all)
 * @param teacher        teacher training
 * @param student        student training
 * @param mutualInformation the mutual-information curve measured while teachers train (absent: not measured)
 * @param projections    class triples of the penultimate-layer projection (default per data set: three
 *                       dissimilar classes)
 * @param similarPair    "auto" (default): also project the hard teacher's most confused pair of classes (from its
 *                       validation confusion matrix) plus the class least confused with either; "none": do not
 * @param parts          sub-studies of one study, e.g. an MNIST part and a Fashion-MNIST part: each part is the
 *                       top-level keys with the part's own keys merged over them (see {@link ConfigLoader}); empty
 *                       for a one-part study
 * @param translation    the translation study (dictionary phrases, beam search; absent: none). Read from the
 *                       top level only: its cells belong to the whole study, not to a part
 */
public record StudyConfig(String suite, String data, Integer seeds, Integer validationSize, Integer trainLimit,
                          Integer testLimit, TeacherConfig teacher, StudentConfig student,
                          MutualInformationConfig mutualInformation, java.util.List<java.util.List<Integer>> projections,
                          String similarPair, java.util.List<StudyConfig> parts, TranslationConfig translation) {
    /** {@link #similarPair} value: pick the similar pair from the hard teacher's confusion matrix. */
    public static final String AUTO = "auto";
    /** {@link #similarPair} value: no similar-pair projection. */
    public static final String NONE = "none";

    public StudyConfig {
        if (suite == null || suite.isBlank()) {
            throw new IllegalArgumentException("suite: missing; expected a suite name (see 'smoothkd suites')");
        }
        data = data == null ? DatasetRepository.MNIST : data;
        if (!DatasetRepository.NAMES.contains(data)) {
            throw new IllegalArgumentException("data: unknown data set '" + data + "', expected one of "
                    + String.join(", ", DatasetRepository.NAMES));
        }
        seeds = seeds == null ? 1 : seeds;
        Checks.atLeast("seeds", seeds, 1);
        validationSize = validationSize == null ? 5000 : validationSize;
        Checks.atLeast("validation_size", validationSize, 1);
        trainLimit = trainLimit == null ? 0 : trainLimit;
        testLimit = testLimit == null ? 0 : testLimit;
        Checks.atLeast("train_limit", trainLimit, 0);
        Checks.atLeast("test_limit", testLimit, 0);
        teacher = teacher == null ? TeacherConfig.defaults() : teacher;
        student = student == null ? StudentConfig.defaults() : student;
        if (projections == null) {
            // Three classes that look nothing alike. MNIST: 0, 1, 7; Fashion-MNIST: trouser, bag, sneaker.
            projections = data.equals(DatasetRepository.MNIST) ? java.util.List.of(java.util.List.of(0, 1, 7))
                    : java.util.List.of(java.util.List.of(1, 8, 7));
        }
        for (java.util.List<Integer> t : projections) {
            if (t.size() != 3 || t.stream().distinct().count() != 3 || t.stream().anyMatch(c -> c < 0 || c > 9)) {
                throw new IllegalArgumentException("projections: each entry must be three different classes in [0, 9],"
                        + " got " + t);
            }
        }
        projections = java.util.List.copyOf(projections);
        similarPair = similarPair == null ? AUTO : similarPair;
        if (!similarPair.equals(AUTO) && !similarPair.equals(NONE)) {
            throw new IllegalArgumentException("similar_pair: unknown value '" + similarPair + "', expected auto or none");
        }
        parts = parts == null ? java.util.List.of() : java.util.List.copyOf(parts);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (StudyConfig p : parts) {
            if (!p.parts().isEmpty()) {
                throw new IllegalArgumentException("parts: a part cannot have parts of its own");
            }
            if (!p.suite().equals(suite)) {
                throw new IllegalArgumentException("parts: every part belongs to suite '" + suite + "', got '"
                        + p.suite() + "'");
            }
            if (!seen.add(p.data())) {
                throw new IllegalArgumentException("parts: two parts use data '" + p.data()
                        + "'; expected one part per data set");
            }
        }
    }

    /** A study without a translation part. */
    public StudyConfig(String suite, String data, Integer seeds, Integer validationSize, Integer trainLimit,
                       Integer testLimit, TeacherConfig teacher, StudentConfig student,
                       MutualInformationConfig mutualInformation, java.util.List<java.util.List<Integer>> projections,
                       String similarPair, java.util.List<StudyConfig> parts) {
        this(suite, data, seeds, validationSize, trainLimit, testLimit, teacher, student, mutualInformation,
                projections, similarPair, parts, null);
    }

    /** The studies to run: the parts, or this config itself when it has none. */
    public java.util.List<StudyConfig> studies() {
        return parts.isEmpty() ? java.util.List.of(this) : parts;
    }

    /** The projection triples given explicitly, plus whether the similar pair is picked automatically. */
    public boolean autoSimilarPair() {
        return similarPair.equals(AUTO);
    }

    public StudyConfig withSeeds(int n) {
        return new StudyConfig(suite, data, n, validationSize, trainLimit, testLimit, teacher, student,
                mutualInformation, projections, similarPair, parts.stream().map(p -> p.withSeeds(n)).toList(),
                translation);
    }
}
