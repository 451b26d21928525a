package io.portway.console.sendport;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Numbers typed into a form go to the API as numbers; anything else goes as typed, for the API to name it. */
final class Numbers {

    private Numbers() {
    }

    static void putIntOrText(ObjectNode node, String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return;
        }
        try {
            node.put(field, Integer.parseInt(typed.trim()));
        } catch (NumberFormatException notANumber) {
            node.put(field, typed.trim());
        }
    }
}
