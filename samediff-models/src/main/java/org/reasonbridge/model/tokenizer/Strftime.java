package org.reasonbridge.model.tokenizer;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code datetime.strftime} in the C locale, for transformers' {@code strftime_now(format)}. */
final class Strftime {

    private Strftime() {
    }

    static String format(ZonedDateTime t, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean noPad = d == '-' && i + 1 < format.length(); // glibc's %-d, used by some Llama templates
            if (noPad) d = format.charAt(++i);
            String v = switch (d) {
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'd' -> pad(t.getDayOfMonth(), 2, noPad);
                case 'e' -> String.format("%2d", t.getDayOfMonth());
                case 'm' -> pad(t.getMonthValue(), 2, noPad);
                case 'y' -> pad(t.getYear() % 100, 2, noPad);
                case 'Y' -> String.valueOf(t.getYear());
                case 'H' -> pad(t.getHour(), 2, noPad);
                case 'I' -> pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, noPad);
                case 'M' -> pad(t.getMinute(), 2, noPad);
                case 'S' -> pad(t.getSecond(), 2, noPad);
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'j' -> pad(t.getDayOfYear(), 3, noPad);
                case 'f' -> String.format("%06d", t.getNano() / 1000);
                case 'z' -> t.getOffset().getTotalSeconds() == 0 ? "+0000" : t.getOffset().getId().replace(":", "");
                case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'F' -> format(t, "%Y-%m-%d");
                case 'T' -> format(t, "%H:%M:%S");
                case '%' -> "%";
                default -> "%" + (noPad ? "-" : "") + d;
            };
            sb.append(v);
        }
        return sb.toString();
    }

    private static String pad(int value, int width, boolean noPad) {
        return noPad ? String.valueOf(value) : String.format("%0" + width + "d", value);
    }
}
