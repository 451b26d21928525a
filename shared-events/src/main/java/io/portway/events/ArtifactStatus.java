package io.portway.events;

/** Status of a send port or send port group (docs/RULES.md §1). Constant names are the API's JSON values. */
public enum ArtifactStatus {
    /** Not enlisted: no subscription exists. The state after creation. */
    Bound,
    /** Enlisted: subscriptions exist but are deactivated; matching messages are held. */
    Stopped,
    /** Subscriptions active: matching messages are delivered. */
    Started
}
