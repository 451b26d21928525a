package io.portway.delivery.instance;

/** Service instance statuses (PRODUCT.md §4); constant names are the API's values. */
enum InstanceStatus {
    ReadyToRun,
    Active,
    Scheduled,
    WaitingToRetry,
    Suspended,
    SuspendedNotResumable,
    Completed,
    Terminated;

    boolean isFinal() {
        return this == Completed || this == Terminated;
    }
}
