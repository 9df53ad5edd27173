package io.smoothkd.report.model;

import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.render.ReportNumbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The teacher/student cells of one (suite, data set), grouped into configurations. Runs are chosen
 * among (best T, best LS α) by mean <em>validation</em> accuracy only; ties go to the smaller T / α.
 * Cells of other kinds or families are kept in {@link #cells()} for sections that know them.
 */
public final class DatasetResults {
    private final String suite;
    private final String dataset;
    private final List<CellResult> cells;
    private final Group hardTeachers;
    private final List<Group> lsTeachers;
    private final Group labelStudents;
    private final List<Group> lsLabelStudents;
    private final List<Group> distilled;

    private DatasetResults(String suite, String dataset, List<CellResult> cells) {
        this.suite = suite;
        this.dataset = dataset;
        this.cells = List.copyOf(cells);
        Map<String, Double> teacherAlpha = cells.stream()
                .filter(c -> c.isTeacher())
                .collect(Collectors.toMap(CellResult::id, c -> alphaOf(c), (a, b) -> a));
        hardTeachers = new Group("Teacher, hard targets (α = 0)", "teacher hard", 0, Double.NaN,
                select(CellResult.TEACHER, CellResult.HARD));
        lsTeachers = byValue(select(CellResult.TEACHER, CellResult.LS), DatasetResults::alphaOf).entrySet().stream()
                .map(e -> new Group("Teacher, LS α = " + ReportNumbers.plain(e.getKey()),
                        "teacher LS α=" + ReportNumbers.plain(e.getKey()), e.getKey(), Double.NaN, e.getValue()))
                .toList();
        labelStudents = new Group("Student from labels", "student labels", 0, Double.NaN, select(CellResult.STUDENT, CellResult.LABELS));
        lsLabelStudents = byValue(select(CellResult.STUDENT, CellResult.LS_LABELS), DatasetResults::alphaOf).entrySet().stream()
                .map(e -> new Group("Student trained with LS α = " + ReportNumbers.plain(e.getKey()),
                        "student LS α=" + ReportNumbers.plain(e.getKey()), e.getKey(), Double.NaN, e.getValue()))
                .toList();
        // Hinton's KD only (cells without a loss are kd): students of the other losses are in LossesSection
        distilled = distilledGroups(select(CellResult.STUDENT, CellResult.DISTILLED).stream()
                .filter(c -> c.loss().equals("kd")).toList(), teacherAlpha);
    }

    /** Groups all cells by (suite, data set); only pairs with at least one teacher or student cell. */
    public static List<DatasetResults> from(List<CellResult> cells) {
        Map<String, Map<String, List<CellResult>>> bySuite = new TreeMap<>();
        for (CellResult cell : cells) {
            bySuite.computeIfAbsent(cell.suite(), k -> new TreeMap<>(DatasetResults::compareDatasets))
                    .computeIfAbsent(cell.dataset(), k -> new ArrayList<>()).add(cell);
        }
        List<DatasetResults> results = new ArrayList<>();
        bySuite.forEach((suite, byDataset) -> byDataset.forEach((dataset, list) -> {
            list.sort(Comparator.comparing(CellResult::id));
            if (list.stream().anyMatch(c -> c.isTeacher() || c.isStudent())) {
                results.add(new DatasetResults(suite, dataset, list));
            }
        }));
        return List.copyOf(results);
    }

    /** MNIST first, then Fashion-MNIST, then the rest by name. */
    public static int compareDatasets(String a, String b) {
        return Comparator.<String>comparingInt(DatasetResults::datasetRank).thenComparing(Comparator.naturalOrder())
                .compare(a, b);
    }

    private static int datasetRank(String dataset) {
        return switch (dataset) {
            case "mnist" -> 0;
            case "fashion-mnist" -> 1;
            default -> 2;
        };
    }

    /** "MNIST", "Fashion-MNIST", or the name as written in the cells. */
    public static String displayName(String dataset) {
        return switch (dataset) {
            case "mnist" -> "MNIST";
            case "fashion-mnist" -> "Fashion-MNIST";
            default -> dataset.isEmpty() ? "(no data set)" : dataset;
        };
    }

    private List<CellResult> select(String kind, String family) {
        return cells.stream().filter(c -> c.kind().equals(kind) && c.family().equals(family)).toList();
    }

    private static double alphaOf(CellResult cell) {
        double alpha = cell.param("alpha");
        return Double.isNaN(alpha) ? (cell.family().equals(CellResult.HARD) || cell.family().equals(CellResult.LABELS) ? 0 : Double.NaN) : alpha;
    }

    private static TreeMap<Double, List<CellResult>> byValue(List<CellResult> list, java.util.function.ToDoubleFunction<CellResult> key) {
        TreeMap<Double, List<CellResult>> map = new TreeMap<>();
        for (CellResult c : list) {
            map.computeIfAbsent(key.applyAsDouble(c), k -> new ArrayList<>()).add(c);
        }
        return map;
    }

    private record DistilledKey(double teacherAlpha, double distillationTemperature, double beta, boolean tSquared) {
    }

    private static List<Group> distilledGroups(List<CellResult> students, Map<String, Double> teacherAlpha) {
        Comparator<DistilledKey> order = Comparator.comparingDouble(DistilledKey::teacherAlpha)
                .thenComparingDouble(DistilledKey::distillationTemperature)
                .thenComparingDouble(DistilledKey::beta)
                .thenComparing(DistilledKey::tSquared);
        Map<DistilledKey, List<CellResult>> groups = new TreeMap<>(order);
        for (CellResult c : students) {
            double alpha = c.param("teacher_alpha");
            if (Double.isNaN(alpha)) {
                alpha = teacherAlpha.getOrDefault(c.textParam("teacher"), Double.NaN);
            }
            groups.computeIfAbsent(new DistilledKey(alpha, c.param("temperature"), c.param("beta"), c.flag("t_squared")),
                    k -> new ArrayList<>()).add(c);
        }
        boolean betaVaries = groups.keySet().stream().map(k -> Double.valueOf(k.beta())).collect(Collectors.toSet()).size() > 1;
        boolean scaleVaries = groups.keySet().stream().map(DistilledKey::tSquared).collect(Collectors.toSet()).size() > 1;
        List<Group> result = new ArrayList<>();
        groups.forEach((k, list) -> {
            String teacher = k.teacherAlpha() == 0 ? "hard teacher" : "LS teacher α = " + ReportNumbers.plain(k.teacherAlpha());
            String extra = (betaVaries ? ", β = " + ReportNumbers.plain(k.beta()) : "") + (scaleVaries && k.tSquared() ? ", ×T²" : "");
            String shortTeacher = k.teacherAlpha() == 0 ? "KD hard" : "KD LS α=" + ReportNumbers.plain(k.teacherAlpha());
            result.add(new Group("Student distilled from " + teacher + ", T = " + ReportNumbers.plain(k.distillationTemperature()) + extra,
                    shortTeacher + " T=" + ReportNumbers.plain(k.distillationTemperature()) + extra,
                    k.teacherAlpha(), k.distillationTemperature(), list));
        });
        return List.copyOf(result);
    }

    /** Suite name. */
    public String suite() {
        return suite;
    }

    /** Data set name as in the cells. */
    public String dataset() {
        return dataset;
    }

    /** Every cell of this suite and data set, known kinds or not, in id order. */
    public List<CellResult> cells() {
        return cells;
    }

    /** Teachers trained on hard targets (possibly empty). */
    public Group hardTeachers() {
        return hardTeachers;
    }

    /** Teachers trained with label smoothing, one group per α, ascending. */
    public List<Group> lsTeachers() {
        return lsTeachers;
    }

    /** Students trained from hard labels (possibly empty). */
    public Group labelStudents() {
        return labelStudents;
    }

    /** Students trained with LS directly, one group per α, ascending. */
    public List<Group> lsLabelStudents() {
        return lsLabelStudents;
    }

    /**
     * Students distilled with Hinton's KD (the paper's loss), one group per (teacher α, T, β, T² scaling), ascending;
     * students of other losses are only in {@link #cells()}.
     */
    public List<Group> distilled() {
        return distilled;
    }

    /** Distilled students of the teachers with this α, ascending T. */
    public List<Group> distilledFrom(double teacherAlpha) {
        return distilled.stream().filter(g -> g.alpha() == teacherAlpha).toList();
    }

    /** The teacher α values that have distilled students, ascending. */
    public List<Double> distilledTeacherAlphas() {
        return List.copyOf(new TreeSet<>(distilled.stream().map(Group::alpha).toList()));
    }

    /** The LS teacher with the best mean validation accuracy (the one the claims are tested on). */
    public Optional<Group> selectedLsTeacher() {
        return best(lsTeachers);
    }

    /** The hard teacher's best student by mean validation accuracy. */
    public Optional<Group> bestDistilledFromHard() {
        return best(distilledFrom(0));
    }

    /** The best student of any LS teacher (over α and T) by mean validation accuracy. */
    public Optional<Group> bestDistilledFromLs() {
        return best(distilled.stream().filter(g -> g.alpha() > 0).toList());
    }

    /** The best student of the teachers with this α, by mean validation accuracy. */
    public Optional<Group> bestDistilledFrom(double teacherAlpha) {
        return best(distilledFrom(teacherAlpha));
    }

    /** Highest mean validation accuracy; groups without one are never chosen; ties keep the earlier group. */
    public static Optional<Group> best(List<Group> groups) {
        Group best = null;
        for (Group g : groups) {
            double v = g.meanValidationAccuracy();
            if (!Double.isNaN(v) && (best == null || v > best.meanValidationAccuracy())) {
                best = g;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The teacher and student cells of the known families (those in a group), in id order. */
    public List<CellResult> groupedCells() {
        List<Group> groups = new ArrayList<>();
        groups.add(hardTeachers);
        groups.addAll(lsTeachers);
        groups.add(labelStudents);
        groups.addAll(lsLabelStudents);
        groups.addAll(distilled);
        return groups.stream().flatMap(g -> g.cells().stream()).sorted(Comparator.comparing(CellResult::id)).toList();
    }

    /** Distinct seeds among the grouped cells. */
    public int seedCount() {
        return (int) groupedCells().stream().mapToLong(CellResult::seed).distinct().count();
    }

    /** Label for headings and claim columns: the data set's display name, prefixed by the suite when asked. */
    public String label(boolean withSuite) {
        return withSuite ? suite + " / " + displayName(dataset) : displayName(dataset);
    }

    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", suite);
        m.put("dataset", dataset);
        m.put("cells", cells.size());
        return "DatasetResults" + m;
    }
}
