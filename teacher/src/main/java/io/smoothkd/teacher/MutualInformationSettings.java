package io.smoothkd.teacher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutual-information curve of paper §5 measured while a teacher trains: two classes a and b, {@code perClass}
 * training examples of each (N = 2·perClass), L augmented copies each, Î(X; z_a − z_b) every {@code every}
 * iterations.
 */
public record MutualInformationSettings(int classA, int classB, int perClass, int copies, int every) {
    public MutualInformationSettings {
        if (classA == classB || classA < 0 || classB < 0) {
            throw new IllegalArgumentException("mutual information needs two different classes, got " + classA
                    + " and " + classB);
        }
        if (perClass < 1 || copies < 2 || every < 1) {
            throw new IllegalArgumentException("mutual information needs per_class >= 1, copies >= 2, every >= 1");
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", new int[] {classA, classB});
        m.put("per_class", perClass);
        m.put("copies", copies);
        m.put("every", every);
        return m;
    }
}
