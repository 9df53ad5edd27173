package io.smoothkd.experiments.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: SmoothKD's version and the libraries it runs on. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SmoothKd.class.getPackage().getImplementationVersion();
        return new String[] {"smoothkd " + (v == null ? "(development build)" : v),
                "Deeplearning4j/ND4J 1.0.0-M2.1, Java " + System.getProperty("java.version")};
    }
}
