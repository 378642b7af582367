package org.appointmentreminders.cyclefixture.left;

import org.appointmentreminders.cyclefixture.right.Right;

/** Half of a deliberate package cycle, for {@code PackageCyclesTest} to find. */
public final class Left {
    public Right right() {
        return new Right();
    }
}
