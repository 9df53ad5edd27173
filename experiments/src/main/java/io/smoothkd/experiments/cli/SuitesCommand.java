package io.smoothkd.experiments.cli;

import io.smoothkd.experiments.engine.EngineModule;
import io.smoothkd.experiments.engine.Suite;
import io.smoothkd.experiments.engine.SuiteRunner;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code smoothkd suites}: the suites, one line each. */
@Command(name = "suites", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the suites that 'smoothkd run' knows, one line each.")
public class SuitesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Map<String, Suite> suites = new TreeMap<>(EngineModule.injector().getInstance(SuiteRunner.class).suites());
        suites.forEach((name, s) -> System.out.printf("%-20s %s%n", name, s.description()));
        return 0;
    }
}
