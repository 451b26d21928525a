package io.portway.console.web;

/** Where to go after an action: back to the page it came from, if that is a page of this console. */
public final class Redirects {

    private Redirects() {
    }

    /** A local path from a form's {@code back} field, else the fallback; never another host. */
    public static String back(String back, String fallback) {
        if (back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\")
                && !back.contains("\r") && !back.contains("\n")) {
            return "redirect:" + back;
        }
        return "redirect:" + fallback;
    }
}
