package org.appointmentreminders.worker.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The report as a picture, drawn with the JDK alone (headless Java 2D, written by ImageIO): per day, a bar of the
 * reminders handled, split into texts delivered, other texts, emails and those not sent; over it, the delivery and
 * confirmation rates as lines on a 0-100 % scale.
 */
public final class ReportChart {
    static final int WIDTH = 1200;
    static final int HEIGHT = 600;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 60;
    static final int BOTTOM = 90;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    static final Color DELIVERED = new Color(0x2e7d32);
    static final Color TEXTED = new Color(0xa5d6a7);
    static final Color EMAILED = new Color(0x1976d2);
    static final Color NOT_SENT = new Color(0xbdbdbd);
    static final Color DELIVERY_RATE = new Color(0x1b5e20);
    static final Color CONFIRMATION_RATE = new Color(0x8e24aa);

    private ReportChart() {
    }

    public static void write(Report report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = draw(report);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    static BufferedImage draw(Report report) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            paint(g, report);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paint(Graphics2D g, Report report) {
        Map<LocalDate, Tally> days = report.byDay();
        List<LocalDate> dates = new ArrayList<>(days.keySet());
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        long most = days.values().stream().mapToLong(Tally::handled).max().orElse(0);
        long top = niceCeiling(Math.max(most, 1));

        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Reminders per day, " + (report.clinic() == null ? "all clinics" : report.clinic()) + ", "
                + report.from() + " to " + report.to(), LEFT, 30);

        // Grid and the two axes: counts on the left, rates on the right.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int y = TOP + plotHeight - plotHeight * i / 4;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String count = Long.toString(top * i / 4);
            g.drawString(count, LEFT - 8 - g.getFontMetrics().stringWidth(count), y + 4);
            g.drawString(25 * i + "%", LEFT + plotWidth + 8, y + 4);
        }
        g.drawString("reminders", 10, TOP - 10);
        g.drawString("rate", LEFT + plotWidth + 8, TOP - 10);

        double slot = (double) plotWidth / dates.size();
        double barWidth = Math.max(1, slot * 0.7);
        int labelEvery = (int) Math.ceil(dates.size() / 12.0);
        for (int i = 0; i < dates.size(); i++) {
            Tally day = days.get(dates.get(i));
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            long delivered = Math.min(day.delivered(), day.sentByText());
            long[] parts = {delivered, day.sentByText() - delivered, day.emailed(),
                            day.handled() - day.sentByText() - day.emailed()};
            Color[] colors = {DELIVERED, TEXTED, EMAILED, NOT_SENT};
            double base = TOP + plotHeight;
            for (int p = 0; p < parts.length; p++) {
                double height = (double) plotHeight * parts[p] / top;
                g.setColor(colors[p]);
                g.fill(new java.awt.geom.Rectangle2D.Double(x, base - height, barWidth, height));
                base -= height;
            }
            if (i % labelEvery == 0) {
                g.setColor(Color.DARK_GRAY);
                String label = DAY.format(dates.get(i));
                int labelX = (int) (LEFT + i * slot + slot / 2) - g.getFontMetrics().stringWidth(label) / 2;
                g.drawString(label, labelX, TOP + plotHeight + 16);
            }
        }
        line(g, dates, days, slot, plotHeight, Tally::deliveryRate, DELIVERY_RATE);
        line(g, dates, days, slot, plotHeight, Tally::confirmationRate, CONFIRMATION_RATE);

        g.setColor(Color.GRAY);
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        legend(g, TOP + plotHeight + 50);
    }

    private static void line(Graphics2D g, List<LocalDate> dates, Map<LocalDate, Tally> days, double slot,
                             int plotHeight, Function<Tally, Double> rate, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        Path2D path = new Path2D.Double();
        boolean drawing = false;
        for (int i = 0; i < dates.size(); i++) {
            Double value = rate.apply(days.get(dates.get(i)));
            if (value == null) {
                drawing = false;
                continue;
            }
            double x = LEFT + i * slot + slot / 2;
            double y = TOP + plotHeight - plotHeight * value;
            if (drawing) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                drawing = true;
            }
            g.fill(new java.awt.geom.Ellipse2D.Double(x - 3, y - 3, 6, 6));
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, int y) {
        Object[][] entries = {
            {DELIVERED, "texts delivered"}, {TEXTED, "other texts (no receipt, undeliverable)"},
            {EMAILED, "emailed"}, {NOT_SENT, "not sent (cancelled, moved, capped, expired, failed)"},
            {DELIVERY_RATE, "delivery rate"}, {CONFIRMATION_RATE, "confirmation rate"}};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        int row = 0;
        for (Object[] entry : entries) {
            String label = (String) entry[1];
            int width = 22 + g.getFontMetrics().stringWidth(label) + 18;
            if (x + width > WIDTH - RIGHT) {
                x = LEFT;
                row++;
            }
            g.setColor((Color) entry[0]);
            g.fillRect(x, y + row * 20 - 10, 14, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, x + 20, y + row * 20);
            x += width;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}: round numbers on the count axis. */
    static long niceCeiling(long value) {
        long power = 1;
        while (power * 10 <= value) {
            power *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
