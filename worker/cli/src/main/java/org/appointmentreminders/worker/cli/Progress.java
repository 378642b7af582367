package org.appointmentreminders.worker.cli;

import java.io.PrintStream;

/**
 * A progress bar on stderr. On a terminal it redraws one line; in a log (CI, a pipe) it prints a line every tenth of
 * the way, so a long run shows it is alive either way.
 */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private long done;
    private int lastTenth = -1;

    Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = System.console() != null;
    }

    void advance(long amount) {
        update(done + amount);
    }

    void update(long value) {
        done = value;
        if (terminal) {
            out.print("\r" + line());
            out.flush();
            return;
        }
        int tenth = total <= 0 ? 10 : (int) (done * 10 / total);
        if (tenth != lastTenth) {
            lastTenth = tenth;
            out.println(line());
        }
    }

    void finish() {
        if (terminal) {
            out.println("\r" + line());
        } else if (lastTenth != 10) {
            out.println(line());
        }
    }

    private String line() {
        if (total <= 0) {
            return label + " " + done;
        }
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        return String.format("%s [%s%s] %d/%d (%d%%)", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, done * 100 / total);
    }
}
