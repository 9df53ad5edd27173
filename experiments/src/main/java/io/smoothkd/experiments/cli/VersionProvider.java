package io.smoothkd.experiments.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: SmoothKD's version and the libraries it runs on. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"smoothkd " + io.smoothkd.runs.Provenance.smoothKdVersion(),
                "Deeplearning4j/ND4J 1.0.0-M2.1, Java " + System.getProperty("java.version")};
    }
}
