package io.portway.delivery.instance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why an instance is where it is: a hold, a failure code or an operator's action (the API's {@code reason} and
 * the bulk filter's {@code errorCode}).
 */
public enum InstanceReason {
    /** Held: its port is stopped. */
    PORT_STOPPED,
    /** Held: it was routed through a group that is stopped. */
    GROUP_STOPPED,
    /** Held behind an earlier failed message of an ordered port that stops sending on failure. */
    ORDERED_DELIVERY_STOPPED,
    NO_ADDRESS,
    ADDRESS_NOT_ALLOWED,
    TRANSPORT_FAILED,
    PIPELINE_FAILED,
    PORT_DELETED,
    /** Something unexpected went wrong delivering this one instance (the error is in {@code lastError}). */
    INTERNAL_ERROR,
    SUSPENDED_BY_OPERATOR,
    TERMINATED_BY_OPERATOR,
    RESUBMITTED;

    /** Reasons of a failed ordered instance that keep later instances of its port suspended. */
    static final Set<InstanceReason> STOPS_ORDERED_PORT = EnumSet.of(TRANSPORT_FAILED, PIPELINE_FAILED, NO_ADDRESS,
            ORDERED_DELIVERY_STOPPED);
}
