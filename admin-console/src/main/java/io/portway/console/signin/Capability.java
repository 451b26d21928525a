package io.portway.console.signin;

/**
 * What a signed-in user may do, learned from the services at sign-in (see {@link CapabilityProbe}). Pages show
 * only the controls of the user's capabilities; the services enforce the roles anyway.
 */
public enum Capability {
    /** Read ports, groups, history, audit, instances (VIEWER). */
    VIEW,
    /** Create, configure and delete ports and groups, change memberships, import bindings. */
    CONFIGURE,
    /** Enlist, start, stop and unenlist ports, groups and applications. */
    OPERATE,
    /** Resume, suspend and terminate service instances. */
    MANAGE_INSTANCES,
    /** Publish messages (PUBLISHER). */
    PUBLISH,
    /** Administer the read models (ADMIN). */
    ADMINISTER
}
