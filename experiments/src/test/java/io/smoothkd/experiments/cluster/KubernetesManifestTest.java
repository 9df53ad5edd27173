package io.smoothkd.experiments.cluster;

import io.smoothkd.runs.Shard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests in cluster/k8s: the fields the sharding relies on (Indexed completion, N in completions and
 * in --shard, --resume, one shared results claim for the sweep and the report, the GPU limit, restart policy).
 */
class KubernetesManifestTest {
    static final Path K8S = Path.of("..", "cluster", "k8s");
    static final Pattern SHARD = Pattern.compile("--shard \\$\\(JOB_COMPLETION_INDEX\\)/(\\d+)(\\s|$)");

    static List<JsonNode> documents(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(file.toFile()))) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static String commandLine(JsonNode container) {
        List<String> parts = new ArrayList<>();
        container.path("command").forEach(n -> parts.add(n.asText()));
        container.path("args").forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }

    static String resultsClaim(JsonNode podSpec, JsonNode container) {
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals("/results")) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("a volume mounted at /results").isNotNull();
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                return v.path("persistentVolumeClaim").path("claimName").asText(null);
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothkd-indexed-job.yaml", "smoothkd-indexed-job-gpu.yaml"})
    void sweepIsAnIndexedJobWhoseIndexIsTheShard(String name) throws IOException {
        List<JsonNode> docs = documents(K8S.resolve(name));
        List<JsonNode> jobs = ofKind(docs, "Job");
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);
        assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
        JsonNode spec = job.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int completions = spec.path("completions").asInt(-1);
        int parallelism = spec.path("parallelism").asInt(-1);
        assertThat(completions).isPositive();
        assertThat(parallelism).isBetween(1, completions);
        assertThat(spec.path("backoffLimit").isInt()).as("backoffLimit").isTrue();
        assertThat(spec.path("backoffLimitPerIndex").asInt(-1)).as("backoffLimitPerIndex").isGreaterThanOrEqualTo(0);

        JsonNode pod = spec.path("template").path("spec");
        // backoffLimitPerIndex requires Never; a retry is then a fresh pod for the same index.
        assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
        JsonNode containers = pod.path("containers");
        assertThat(containers.size()).isEqualTo(1);
        JsonNode c = containers.get(0);
        String cmd = commandLine(c);
        Matcher m = SHARD.matcher(cmd);
        assertThat(m.find()).as("--shard $(JOB_COMPLETION_INDEX)/N in: %s", cmd).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("N in --shard equals completions").isEqualTo(completions);
        assertThat(m.find()).as("one --shard only").isFalse();
        assertThat(cmd).contains("--resume").contains(" run ").contains("--out /results/");
        boolean indexDeclared = false;
        for (JsonNode e : c.path("env")) {
            if (e.path("name").asText().equals("JOB_COMPLETION_INDEX")) {
                indexDeclared = e.path("valueFrom").path("fieldRef").path("fieldPath").asText()
                        .equals("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            }
        }
        assertThat(indexDeclared).as("JOB_COMPLETION_INDEX from the completion-index annotation").isTrue();

        // The output folder is a ReadWriteMany claim of this file, shared with the report job.
        String claim = resultsClaim(pod, c);
        assertThat(claim).isEqualTo(reportClaim());
        JsonNode pvc = ofKind(docs, "PersistentVolumeClaim").stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(claim)).findFirst().orElseThrow();
        assertThat(pvc.path("spec").path("accessModes").toString()).contains("ReadWriteMany");
        // And a data cache volume for SMOOTHKD_DATA.
        String dataPath = null;
        for (JsonNode e : c.path("env")) {
            if (e.path("name").asText().equals("SMOOTHKD_DATA")) {
                dataPath = e.path("value").asText();
            }
        }
        assertThat(dataPath).isNotNull();
        String dp = dataPath;
        assertThat(c.path("volumeMounts").findValuesAsText("mountPath")).contains(dp);

        JsonNode gpu = c.path("resources").path("limits").path("nvidia.com/gpu");
        if (name.contains("gpu")) {
            assertThat(gpu.asInt()).as("one GPU per pod").isEqualTo(1);
            assertThat(cmd).contains("--backend cuda");
        } else {
            assertThat(gpu.isMissingNode()).as("no GPU in the CPU variant").isTrue();
            assertThat(cmd).contains("--backend cpu");
        }
    }

    static String reportClaim() throws IOException {
        List<JsonNode> jobs = ofKind(documents(K8S.resolve("smoothkd-report-job.yaml")), "Job");
        assertThat(jobs).hasSize(1);
        JsonNode pod = jobs.get(0).path("spec").path("template").path("spec");
        return resultsClaim(pod, pod.path("containers").get(0));
    }

    @Test
    void reportJobMergesTheSharedResultsFolder() throws IOException {
        JsonNode job = ofKind(documents(K8S.resolve("smoothkd-report-job.yaml")), "Job").get(0);
        JsonNode pod = job.path("spec").path("template").path("spec");
        assertThat(job.path("spec").has("completionMode")).isFalse();
        assertThat(pod.path("restartPolicy").asText()).isIn("OnFailure", "Never");
        String cmd = commandLine(pod.path("containers").get(0));
        assertThat(cmd).contains(" report /results/").doesNotContain("--shard");
        assertThat(reportClaim()).isEqualTo("smoothkd-results");
    }
}
