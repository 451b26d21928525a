package io.portway.support;

/** The control characters Portway refuses in names, values and parameters: U+0000–U+001F and U+007F. */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Whether {@code text} holds a control character (null holds none). */
    public static boolean in(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
