package io.portway.console.signin;

import io.portway.console.api.Credentials;
import io.portway.console.api.PortwayServices;

import java.io.Serial;
import java.io.Serializable;
import java.util.Set;

/**
 * The signed-in user as the HTTP session keeps it (server side): the credentials forwarded to the services and
 * what the services let this user do.
 */
public record ConsoleUser(String username, String password, Set<Capability> capabilities)
        implements PortwayServices.CredentialsHolder, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public ConsoleUser {
        capabilities = Set.copyOf(capabilities);
    }

    @Override
    public Credentials credentials() {
        return new Credentials(username, password);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    public boolean canConfigure() {
        return can(Capability.CONFIGURE);
    }

    public boolean canOperate() {
        return can(Capability.OPERATE);
    }

    public boolean canManageInstances() {
        return can(Capability.MANAGE_INSTANCES);
    }

    /** The role name the capabilities correspond to, for the page header. */
    public String role() {
        if (can(Capability.ADMINISTER)) {
            return "ADMIN";
        }
        if (can(Capability.OPERATE) || can(Capability.MANAGE_INSTANCES)) {
            return "OPERATOR";
        }
        if (can(Capability.VIEW)) {
            return "VIEWER";
        }
        return can(Capability.PUBLISH) ? "PUBLISHER" : "none";
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + username + ", " + capabilities + "]";
    }
}
