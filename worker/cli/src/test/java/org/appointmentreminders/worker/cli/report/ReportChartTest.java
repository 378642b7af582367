package org.appointmentreminders.worker.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportChartTest {
    @Test
    void writesAPngWithTheBarsAndRatesOfTheDays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("charts/report.png");

        ReportChart.write(ReportFormatTest.report(), file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(ReportChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReportChart.HEIGHT);
        assertThat(Files.size(file)).isGreaterThan(1000);
        assertThat(count(image, ReportChart.DELIVERED)).as("delivered texts").isPositive();
        assertThat(count(image, ReportChart.EMAILED)).as("emails").isPositive();
        assertThat(count(image, ReportChart.NOT_SENT)).as("not sent").isPositive();
        assertThat(count(image, ReportChart.CONFIRMATION_RATE)).as("confirmation rate").isPositive();
    }

    @Test
    void aPeriodWithoutRemindersStillDraws() {
        var empty = new Report(java.time.LocalDate.parse("2026-11-01"), java.time.LocalDate.parse("2026-11-30"),
                "clinic-7", new java.util.TreeMap<>(), new Report.Cost(30, 30, 0, 0, 15, null, 1));

        BufferedImage image = ReportChart.draw(empty);

        assertThat(count(image, ReportChart.DELIVERED)).isZero();
    }

    @Test
    void countAxisEndsOnARoundNumber() {
        assertThat(ReportChart.niceCeiling(1)).isEqualTo(1);
        assertThat(ReportChart.niceCeiling(3)).isEqualTo(5);
        assertThat(ReportChart.niceCeiling(2740)).isEqualTo(5000);
        assertThat(ReportChart.niceCeiling(10)).isEqualTo(10);
        assertThat(ReportChart.niceCeiling(11)).isEqualTo(20);
    }

    /** Pixels of the color in the plot, above the day labels and the legend. */
    private static long count(BufferedImage image, Color color) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight() - ReportChart.BOTTOM; y++) {
                if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
