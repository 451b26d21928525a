package io.portway.console.api;

/** A user name and password the console sends to the services as HTTP Basic on the signed-in user's behalf. */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
