package org.appointmentreminders.worker.ledger;

import org.appointmentreminders.worker.ledger.layout.LedgerAttributes;
import static org.assertj.core.api.Assertions.assertThat;

import org.appointmentreminders.localaws.LedgerTableLayout;
import org.junit.jupiter.api.Test;

/**
 * The local provisioning creates the ledger table that tests and the demo use; its keys and indexes must be the
 * attributes the worker writes, as the Terraform consistency test holds the deployed table to them.
 */
class LocalLedgerLayoutTest {

    @Test
    void locallyProvisionedTableUsesTheWorkersAttributeNames() {
        assertThat(LedgerTableLayout.PARTITION_KEY).isEqualTo(LedgerAttributes.REMINDER_ID);
        assertThat(LedgerTableLayout.PATIENT_INDEX).isEqualTo(LedgerAttributes.PATIENT_INDEX);
        assertThat(LedgerTableLayout.PATIENT_INDEX_PARTITION_KEY).isEqualTo(LedgerAttributes.PATIENT_ID);
        assertThat(LedgerTableLayout.PATIENT_INDEX_SORT_KEY).isEqualTo(LedgerAttributes.CREATED_AT);
        assertThat(LedgerTableLayout.STATUS_INDEX).isEqualTo(LedgerAttributes.STATUS_INDEX);
        assertThat(LedgerTableLayout.STATUS_INDEX_PARTITION_KEY).isEqualTo(LedgerAttributes.STATUS);
        assertThat(LedgerTableLayout.STATUS_INDEX_SORT_KEY).isEqualTo(LedgerAttributes.UPDATED_AT);
        assertThat(LedgerTableLayout.APPOINTMENT_INDEX).isEqualTo(LedgerAttributes.APPOINTMENT_INDEX);
        assertThat(LedgerTableLayout.APPOINTMENT_INDEX_PARTITION_KEY).isEqualTo(LedgerAttributes.APPOINTMENT_ID);
        assertThat(LedgerTableLayout.APPOINTMENT_INDEX_SORT_KEY).isEqualTo(LedgerAttributes.CREATED_AT);
        assertThat(LedgerTableLayout.REPORT_INDEX).isEqualTo(LedgerAttributes.REPORT_INDEX);
        assertThat(LedgerTableLayout.REPORT_INDEX_PARTITION_KEY).isEqualTo(LedgerAttributes.REPORT_DAY);
        assertThat(LedgerTableLayout.REPORT_INDEX_SORT_KEY).isEqualTo(LedgerAttributes.CLINIC_KEY);
        assertThat(LedgerTableLayout.REPORT_INDEX_ATTRIBUTES)
                .containsExactlyElementsOf(LedgerAttributes.REPORT_INDEX_ATTRIBUTES);
        assertThat(LedgerTableLayout.TTL_ATTRIBUTE).isEqualTo(LedgerAttributes.EXPIRES_AT);
    }
}
