package org.appointmentreminders.worker.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.appointmentreminders.contracts.ReminderParser;
import org.appointmentreminders.worker.config.WorkerConfig;
import org.appointmentreminders.worker.pipeline.ReminderPipeline;
import org.junit.jupiter.api.Test;

/**
 * Packages are by feature and depend on each other without cycles: the worker's, the contracts' and worker-core's
 * production classes, each package a slice of its own.
 */
class PackageCyclesTest {
    private static final ArchRule NO_CYCLES = slices().matching("org.appointmentreminders.(**)").should()
            .beFreeOfCycles();

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.appointmentreminders");

        // The three modules whose classes this worker runs, not only its own.
        assertThat(production.contain(ReminderParser.class)).isTrue();
        assertThat(production.contain(WorkerConfig.class)).isTrue();
        assertThat(production.contain(ReminderPipeline.class)).isTrue();
        NO_CYCLES.check(production);
    }

    @Test
    void theRuleFindsACycleWhenThereIsOne() {
        JavaClasses fixture = new ClassFileImporter().importPackages("org.appointmentreminders.cyclefixture");

        assertThatThrownBy(() -> NO_CYCLES.check(fixture))
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("cyclefixture.left")
                .hasMessageContaining("cyclefixture.right");
    }
}
