package org.rp.shell;

import java.time.Duration;

/** Durations as operators read them: {@code 4s}, {@code 12m 3s}, {@code 5h 2m}, {@code 3d 4h}. */
final class Durations {
    private Durations() {
    }

    static String text(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }
}
