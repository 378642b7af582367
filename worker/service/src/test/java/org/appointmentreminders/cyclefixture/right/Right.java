package org.appointmentreminders.cyclefixture.right;

import org.appointmentreminders.cyclefixture.left.Left;

/** The other half of the deliberate package cycle in {@code cyclefixture}. */
public final class Right {
    public Left left() {
        return new Left();
    }
}
