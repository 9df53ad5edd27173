package io.smoothkd.experiments.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.util.Modules;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.student.StudentTrainer;
import io.smoothkd.teacher.TeacherTrainer;
import io.smoothkd.translation.data.FreeDictRepository;

/**
 * Guice wiring of the engine, one module per concern: where data comes from ({@link DataModule}), who trains
 * ({@link TrainersModule}) and which suites exist ({@link SuitesModule}). Swapping a data source or adding a
 * suite is a binding: {@code Engine.injector(Modules.override(...))}.
 */
public final class EngineModule {
    private EngineModule() {
    }

    /**
     * The data sets: MNIST / Fashion-MNIST from the default cache ({@code $SMOOTHKD_DATA} or ~/.cache/smoothkd), the
     * English–German dictionary from its Debian package's folder.
     */
    public static final class DataModule extends AbstractModule {
        @Provides
        @Singleton
        DatasetRepository repository() {
            return DatasetRepository.atDefaultLocation();
        }

        @Provides
        @Singleton
        FreeDictRepository dictionary() {
            return new FreeDictRepository();
        }
    }

    /** The teacher and student trainers, over the bound data sets. */
    public static final class TrainersModule extends AbstractModule {
        @Provides
        TeacherTrainer teachers(DatasetRepository repository) {
            return new TeacherTrainer(repository);
        }

        @Provides
        StudentTrainer students(DatasetRepository repository) {
            return new StudentTrainer(repository);
        }
    }

    /** The suites, by name; a new suite is one class and one line here. */
    public static final class SuitesModule extends AbstractModule {
        @Override
        protected void configure() {
            MapBinder<String, Suite> suites = MapBinder.newMapBinder(binder(), String.class, Suite.class);
            suites.addBinding("mnist-distillation").toInstance(new TeacherStudentSuite("mnist-distillation",
                    "the paper's MNIST table: hard and LS teachers, students from labels and distilled over a T grid"));
            suites.addBinding("calibration").toInstance(new TeacherStudentSuite("calibration",
                    "teachers with α ∈ {0, 0.05, 0.1, 0.2}: calibration before/after TS, projections, margins"));
            suites.addBinding("mutual-information").toInstance(new TeacherStudentSuite("mutual-information",
                    "hard and LS teachers with the logit-difference mutual information measured during training"));
            suites.addBinding("distillation-sweep").toInstance(new TeacherStudentSuite("distillation-sweep",
                    "Fashion-MNIST CNNs: LS teachers α ∈ {0 … 0.75}, T grids, LS students; accuracy against γ"));
            suites.addBinding("translation").toInstance(new TranslationSuite());
            suites.addBinding("modern-kd").toInstance(new TeacherStudentSuite("modern-kd",
                    "hard and LS teachers distilled with each registered loss (kd, dkd, logit_std, dist) over its"
                            + " temperatures incl. T = 1, MNIST and Fashion-MNIST, 5 seeds: the LS-teacher penalty"
                            + " per loss"));
            suites.addBinding("paper").toInstance(new TeacherStudentSuite("paper",
                    "the whole study: MNIST and Fashion-MNIST teachers (hard, LS) with calibration, projections,"
                            + " margins and the MI curve, students from labels, with LS and distilled; EN→DE"
                            + " translation with beam search"));
        }
    }

    /** The injector of the default modules, with optional overrides (tests swap the data set this way). */
    public static Injector injector(Module... overrides) {
        Module defaults = Modules.combine(new DataModule(), new TrainersModule(), new SuitesModule());
        return Guice.createInjector(overrides.length == 0 ? defaults : Modules.override(defaults).with(overrides));
    }
}
